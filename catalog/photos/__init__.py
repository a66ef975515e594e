"""Product photos: checking uploads, cleaning them of metadata, and WebP renditions.

Public entry points: `accept_product_photo` (the intake service), `PhotoRejected` (what it raises
for a file it refuses), `rendition_url` (what templates and the API link to).
"""

from .intake import accept_product_photo, clean_photo_bytes
from .renditions import SPECS, build_renditions, images_lacking_renditions, rendition_url
from .validation import MAX_UPLOAD_BYTES, PhotoRejected

__all__ = [
    "MAX_UPLOAD_BYTES",
    "SPECS",
    "PhotoRejected",
    "accept_product_photo",
    "build_renditions",
    "clean_photo_bytes",
    "images_lacking_renditions",
    "rendition_url",
]
