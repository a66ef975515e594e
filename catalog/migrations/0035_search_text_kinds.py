"""Product.search_text now carries the title's kinds ("trái cây" for "Bưởi Năm Roi"): rewrite it."""

from django.db import migrations


def rewrite(apps, schema_editor):
    from catalog.search.search_text import search_text

    Product = apps.get_model("catalogue", "Product")
    batch = []
    for product in Product.objects.only("id", "title", "upc", "description").order_by("id").iterator(chunk_size=1000):
        product.search_text = search_text(product.title, product.upc, product.description)
        batch.append(product)
        if len(batch) == 1000:
            Product.objects.bulk_update(batch, ["search_text"])
            batch = []
    Product.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0034_photos_certificate_verification")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
