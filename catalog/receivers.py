"""Catalogue signal receivers. They only enqueue work; the work itself lives in tasks and services."""

from django.db.models.signals import post_save
from oscar.core.loading import get_model

from marketplace.core.tasks import enqueue_after_commit


def _image_saved(sender, instance, created, **kwargs):
    # Every product image saved one by one gets its WebP renditions (intake, dashboard); the
    # task skips renditions already made from the current original. bulk_create sends no
    # signal: `manage.py photo_renditions` catches up on those (the demo loader's).
    if created or not instance.renditions:
        from catalog.tasks import make_renditions

        enqueue_after_commit(make_renditions, instance.pk)


def connect() -> None:
    post_save.connect(
        _image_saved, sender=get_model("catalogue", "ProductImage"), dispatch_uid="catalogue-image-renditions"
    )
