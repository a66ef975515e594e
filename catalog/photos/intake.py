"""Adding a photo to a product: check, clean, store, then let Celery make the renditions."""

import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from oscar.core.loading import get_model

from marketplace.sellers import audit, roles

from .cleaning import encode_jpeg, upright_srgb
from .validation import open_checked_image

ProductImage = get_model("catalogue", "ProductImage")


def clean_photo_bytes(uploaded_file) -> tuple[bytes, tuple[int, int]]:
    """Checked, upright, metadata-free JPEG bytes of an upload and their size; raises PhotoRejected."""
    image, _raw = open_checked_image(uploaded_file)
    clean = upright_srgb(image)
    return encode_jpeg(clean), clean.size


def accept_product_photo(*, product, uploaded_file, actor, caption: str = "") -> "ProductImage":
    """Store a seller's (or helper's) photo as the product's next image and queue its renditions.

    Raises PhotoRejected (nothing stored) for anything that is not a usable photo, and
    PermissionDenied when `actor` may not act for the product's producer.
    """
    if product.producer is None or not (actor.is_superuser or roles.can_manage_partner(actor, product.producer)):
        raise PermissionDenied
    # All decoding happens before the transaction: a refused file touches neither disk nor database.
    jpeg, (width, height) = clean_photo_bytes(uploaded_file)
    # Our own name, never the uploader's: file names leak (IMG_20250301_GPS...) and can be hostile.
    name = f"{product.pk}-{uuid.uuid4().hex[:16]}.jpg"

    with transaction.atomic():
        last = product.images.aggregate(n=Max("display_order"))["n"]
        image = ProductImage(product=product, caption=caption[:200], display_order=0 if last is None else last + 1)
        image.original.save(name, ContentFile(jpeg), save=False)
        try:
            image.save()
            audit.record(
                actor=actor,
                partner=product.producer,
                action="product.photo_added",
                obj=image,
                summary=f"{product.title}: {width}×{height}",
            )
        except BaseException:
            image.original.delete(save=False)  # the row is gone with the rollback; so goes the file
            raise
    # Renditions are enqueued after commit by catalog.receivers for every new image.
    return image
