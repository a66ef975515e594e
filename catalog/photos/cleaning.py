"""Turning a checked photo into what we store: upright, sRGB, and without any metadata.

A phone photo carries EXIF (camera, time, and GPS: where the farm is, which is private), XMP and
often a Display P3 colour profile. We rotate by the EXIF orientation, convert colours to sRGB,
flatten transparency onto white, and re-encode without any of it. The stored "original" keeps the
full resolution.
"""

import io
import logging

from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger("catalog.photos")

ORIGINAL_JPEG_QUALITY = 90
_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert colours described by an embedded ICC profile to sRGB (browsers assume sRGB without one)."""
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        # A broken profile is not worth refusing the photo for: its colours were most likely sRGB anyway.
        logger.info("ignoring unreadable ICC profile: %s", exc)
        return image


def _flatten(image: Image.Image) -> Image.Image:
    """RGB without alpha; transparent areas become white (as on the storefront's white cards)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode in ("P", "L", "RGB") and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _eight_bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale PNG: scale to 8 bits, or a plain convert clips it to white."""
    return image.convert("I").point(lambda v: v * (1 / 256)).convert("L")


def upright_srgb(image: Image.Image) -> Image.Image:
    """The photo as a person sees it: rotated per EXIF, sRGB colours, RGB without alpha, no metadata."""
    image = ImageOps.exif_transpose(image)
    if image.mode.startswith("I"):
        image = _eight_bit(image)
    image = _flatten(_to_srgb(image))
    # A fresh image holds pixels only: no EXIF, XMP, ICC, comments or text chunks survive.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    return clean


def encode_jpeg(image: Image.Image, quality: int = ORIGINAL_JPEG_QUALITY) -> bytes:
    out = io.BytesIO()
    # No exif=, icc_profile= or comment=: the file carries pixels and nothing else.
    image.save(out, "JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue()
