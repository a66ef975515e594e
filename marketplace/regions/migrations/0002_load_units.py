from django.db import migrations


def load(apps, schema_editor):
    from marketplace.regions.services import load_admin_units

    load_admin_units(apps)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
