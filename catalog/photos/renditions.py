"""WebP renditions of product photos: thumbnail, card and detail, each within a byte budget.

Names are deterministic (`images/renditions/<image id>/<kind>.webp`), so making them again
overwrites rather than piling up files, and each rendition remembers which original it was made
from, so a replaced original gets fresh renditions. A rendition that would go over its budget is
encoded again at a lower quality: buyers on rural 3G see the card first, and it must stay light
whatever the photo looks like.
"""

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, UnidentifiedImageError

logger = logging.getLogger("catalog.photos")


@dataclass(frozen=True)
class RenditionSpec:
    kind: str
    max_side: int  # the longer side; the aspect ratio is kept and nothing is upscaled
    max_bytes: int
    qualities: tuple[int, ...]  # tried in order until the file fits max_bytes


SPECS = {
    spec.kind: spec
    for spec in (
        RenditionSpec("thumbnail", 160, 12 * 1024, (75, 65, 55, 45, 35)),
        RenditionSpec("card", 480, 60 * 1024, (75, 68, 60, 50, 40, 30)),
        RenditionSpec("detail", 1200, 300 * 1024, (80, 72, 64, 55, 45, 35)),
    )
}
WEBP_METHOD = 4  # 6 squeezes ~3% more for ~2x the time; the quality ladder already meets the budget


class RenditionSourceBroken(Exception):
    """The stored original cannot be decoded: retrying will not help."""


def rendition_name(image_id: int, kind: str) -> str:
    return f"images/renditions/{image_id}/{kind}.webp"


def _encode(picture: Image.Image, spec: RenditionSpec) -> bytes:
    data = b""
    for quality in spec.qualities:
        out = io.BytesIO()
        picture.save(out, "WEBP", quality=quality, method=WEBP_METHOD)
        data = out.getvalue()
        if len(data) <= spec.max_bytes:
            return data
    logger.warning(
        "%s rendition is %d bytes, over its %d budget even at quality %d",
        spec.kind,
        len(data),
        spec.max_bytes,
        spec.qualities[-1],
    )
    return data


def _open_original(image) -> Image.Image:
    with image.original.open("rb") as fh:
        data = fh.read()
    try:
        picture = Image.open(io.BytesIO(data))
        picture.load()
    except (UnidentifiedImageError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise RenditionSourceBroken(f"image {image.pk}: {exc}") from exc
    except OSError as exc:  # a truncated original is Pillow's OSError too, but it is not transient
        raise RenditionSourceBroken(f"image {image.pk}: {exc}") from exc
    return picture.convert("RGB")


def _is_current(entry: dict | None, source: str) -> bool:
    return bool(entry) and entry.get("source") == source and default_storage.exists(entry["name"])


def build_renditions(image) -> dict:
    """Make the missing or stale renditions of `image`; returns the complete renditions record.

    Idempotent: renditions made from the current original are left alone. Storage errors
    (OSError) propagate so the Celery task can retry them.
    """
    source = image.original.name
    record = dict(image.renditions or {})
    todo = [spec for spec in SPECS.values() if not _is_current(record.get(spec.kind), source)]
    if not todo:
        return record
    original = _open_original(image)
    # Largest first, each from the previous: downscaling a 1200 px image is far cheaper than 4000 px.
    picture = original
    for spec in sorted(SPECS.values(), key=lambda s: -s.max_side):
        picture = picture.copy() if picture is original else picture
        picture.thumbnail((spec.max_side, spec.max_side), Image.Resampling.LANCZOS, reducing_gap=3.0)
        if spec not in todo:
            continue
        data = _encode(picture, spec)
        name = rendition_name(image.pk, spec.kind)
        if default_storage.exists(name):
            default_storage.delete(name)  # FileSystemStorage never overwrites; it would invent a new name
        saved = default_storage.save(name, ContentFile(data))
        record[spec.kind] = {
            "name": saved,
            "width": picture.width,
            "height": picture.height,
            "bytes": len(data),
            "source": source,
        }
    return record


def lacks_renditions(image) -> bool:
    """Whether `image`'s record misses a rendition or has one made from another original.

    Reads the record only (no storage access), as `rendition_url` does: cheap over a catalogue.
    """
    record = image.renditions or {}
    return any((record.get(kind) or {}).get("source") != image.original.name for kind in SPECS)


def images_lacking_renditions(images) -> list[int]:
    """Ids, in id order, of the images of `images` (a ProductImage queryset) that lack renditions."""
    rows = images.order_by("id").only("id", "original", "renditions")
    return [image.id for image in rows.iterator(chunk_size=2000) if lacks_renditions(image)]


def rendition_url(image, kind: str) -> str:
    """URL of `image`'s rendition `kind`, or of the original while the rendition is not made yet."""
    if kind not in SPECS:
        raise ValueError(f"unknown rendition {kind!r}; one of {sorted(SPECS)}")
    if isinstance(image, dict):  # Product.primary_image() returns a dict for a product without photos
        return settings.MEDIA_URL + str(image.get("original", ""))
    entry = (getattr(image, "renditions", None) or {}).get(kind)
    # Trust the record without touching storage: this runs for every card on a page.
    if entry and entry.get("source") == image.original.name:
        return default_storage.url(entry["name"])
    return image.original.url
