"""Product.search_text now carries the title's kinds ("trái cây" for "Bưởi Năm Roi"): rewrite it."""

from django.db import migrations


def rewrite(apps, schema_editor):
    from catalog.search.search_text import refresh

    refresh(Product=apps.get_model("catalogue", "Product"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0034_photos_certificate_verification")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
