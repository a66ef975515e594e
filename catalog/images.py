"""The photo intake under the name other parts of the project look for (`catalog.images.accept_product_photo`).

The code lives in the `catalog.photos` package; this module only re-exports its public entry points.
"""

from catalog.photos import MAX_UPLOAD_BYTES, PhotoRejected, accept_product_photo, rendition_url

__all__ = ["MAX_UPLOAD_BYTES", "PhotoRejected", "accept_product_photo", "rendition_url"]
