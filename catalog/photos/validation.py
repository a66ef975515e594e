"""Checking an uploaded photo before anything is stored.

Phones send JPEG (sometimes as MPO), PNG, WebP and HEIC/HEIF. Everything else, files that are not
images, truncated files and decompression bombs are refused with a `PhotoRejected` whose message
can be shown to the seller as is. The checks read the header first, so a bomb is refused before
a single pixel is decoded.
"""

import io
import warnings

import pillow_heif
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, UnidentifiedImageError

# Phones upload HEIC by default (iPhone); the opener makes Pillow read it like any other format.
pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 50_000_000  # above any phone camera (12–48 MP); a larger "photo" is a bomb or a scan gone wrong
MIN_SIDE = 32  # a smaller "photo" is an icon or a tracking pixel, useless to a buyer
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF"}  # MPO: multi-picture JPEG some phones write


class PhotoRejected(ValidationError):
    """An upload we refuse; `message` is text for the person who sent it, in their language.

    A ValidationError, so forms and DRF serializers show it like any other field error.
    """

    def __init__(self, message, code="invalid_photo"):
        super().__init__(message, code=code)


def _read_all(uploaded_file) -> bytes:
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise PhotoRejected(_too_big())
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    # Read one byte past the limit so a file that lies about its size is still caught.
    data = uploaded_file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRejected(_too_big())
    if not data:
        raise PhotoRejected(_("The file is empty."))
    return data


def _too_big():
    return _("The photo is larger than %(mb)d MB. Please send a smaller photo.") % {
        "mb": MAX_UPLOAD_BYTES // (1024 * 1024)
    }


def _not_a_photo():
    return _("This file is not a photo we can read. Please send a JPEG, PNG, WebP or HEIC photo.")


def _damaged():
    return _("The photo is damaged or incomplete. Please take or send it again.")


def _open(data: bytes) -> Image.Image:
    """Image.open with Pillow's bomb warning turned into an error (header only, no decoding)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def open_checked_image(uploaded_file) -> tuple[Image.Image, bytes]:
    """Return the fully decoded image and the raw bytes, or raise PhotoRejected.

    `verify()` checks the file's structure but leaves the image unusable, so the file is opened a
    second time and decoded completely (`load()`): that is what catches a truncated JPEG.
    """
    data = _read_all(uploaded_file)
    # A truncated file must fail, never be padded with grey: refuse the global "load truncated" mode.
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False: truncated photos would pass.")
    try:
        header = _open(data)
        if header.format not in ACCEPTED_FORMATS:
            raise PhotoRejected(_not_a_photo())
        width, height = header.size
        if width * height > MAX_PIXELS:
            raise PhotoRejected(
                _("The photo has too many pixels (%(mp)d megapixels; at most %(max)d). Please send a smaller photo.")
                % {"mp": width * height // 1_000_000, "max": MAX_PIXELS // 1_000_000}
            )
        if min(width, height) < MIN_SIDE:
            raise PhotoRejected(_("The photo is too small (%(w)d×%(h)d pixels).") % {"w": width, "h": height})
        header.verify()
        image = _open(data)
        image.load()
    except PhotoRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise PhotoRejected(_("The photo has too many pixels. Please send a smaller photo.")) from exc
    except UnidentifiedImageError as exc:
        raise PhotoRejected(_not_a_photo()) from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        # Pillow reports broken data through all of these, depending on the format's decoder.
        raise PhotoRejected(_damaged()) from exc
    return image, data
