"""Attaching a seller's photo to a product.

The photo pipeline (HEIC, renditions, metadata stripping) belongs to the catalogue: we hand the
upload to its `accept_product_photo` (in `catalog.photos`, or `catalog.images` where the brief
first placed it) whenever it is installed. Without it we keep a small, safe path of our own:
Pillow must open and fully decode the file, decompression bombs are refused, and the image is
re-encoded after applying the EXIF orientation, so no EXIF (and no farm GPS position) is stored.
Either way a refused file is a ValidationError on the "photo" field.
"""

import importlib
import inspect
import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from PIL import Image, ImageOps, UnidentifiedImageError

ProductImage = get_model("catalogue", "ProductImage")

MAX_PHOTO_BYTES = getattr(settings, "PRODUCT_PHOTO_MAX_BYTES", 15 * 1024 * 1024)
# Formats a browser can show as they are; the full pipeline in catalog.images also takes HEIC.
FALLBACK_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

# Names the photo pipeline may give its arguments; matched by name so either side can evolve.
_PRODUCT_ARGS = {"product"}
_UPLOAD_ARGS = {"upload", "uploaded_file", "file", "photo", "image", "original"}
_ACTOR_ARGS = {"actor", "user", "uploaded_by"}


PIPELINE_MODULES = ("catalog.photos", "catalog.images")


def photo_pipeline():
    """(`accept_product_photo`, the exception it refuses files with) when installed, else None."""
    for name in PIPELINE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise  # the module exists but is broken: fail loudly, do not silently fall back
        accept = getattr(module, "accept_product_photo", None)
        if accept is not None:
            return accept, getattr(module, "PhotoRejected", ValidationError)
    return None


def attach_photo(*, product, upload, actor):
    """Store `upload` as the product's next photo; raise ValidationError({"photo": ...}) if refused."""
    pipeline = photo_pipeline()
    if pipeline is not None:
        accept, rejected = pipeline
        try:
            return _call_pipeline(accept, product=product, upload=upload, actor=actor)
        except rejected as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(getattr(exc, "message", exc))]
            raise ValidationError({"photo": messages}) from None
    try:
        content, extension = clean_photo(upload)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from None
    display_order = product.images.count()
    image = ProductImage(product=product, display_order=display_order, caption="")
    image.original.save(f"{product.slug or 'product'}-{product.pk}.{extension}", ContentFile(content), save=False)
    image.save()
    return image


def clean_photo(upload) -> tuple[bytes, str]:
    """Decode the whole image and re-encode it without metadata; return (bytes, extension)."""
    if upload.size and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("The photo is too large (at most %(mb)d MB).") % {"mb": MAX_PHOTO_BYTES // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between 1x and 2x its pixel limit; a phone photo is far below it.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                fmt = probe.format
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as img:
                img.load()  # verify() misses truncated pixel data; decoding everything does not
                if fmt not in FALLBACK_FORMATS:
                    raise ValidationError(_("Please send a JPEG, PNG or WebP photo."), code="format")
                img = ImageOps.exif_transpose(img)
                out = io.BytesIO()
                if fmt == "JPEG":
                    img.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
                else:
                    img.save(out, fmt)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(_("The image has too many pixels."), code="bomb") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not a photo or it is damaged. Please take the photo again."), code="invalid"
        ) from None
    finally:
        upload.seek(0)
    return out.getvalue(), FALLBACK_FORMATS[fmt]


def _call_pipeline(accept, *, product, upload, actor):
    kwargs = {}
    for name in inspect.signature(accept).parameters:
        if name in _PRODUCT_ARGS:
            kwargs[name] = product
        elif name in _UPLOAD_ARGS:
            kwargs[name] = upload
        elif name in _ACTOR_ARGS:
            kwargs[name] = actor
    return accept(**kwargs)
