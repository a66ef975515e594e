"""`{% product_image_url product "card" %}`: the URL of a product's primary photo in a rendition size."""

from django import template

from catalog.photos import rendition_url

register = template.Library()


@register.simple_tag
def product_image_url(product, kind="card"):
    """Uses the images prefetched with the product (catalog.selectors.with_listing_data): no query per card."""
    return rendition_url(product.primary_image(), kind)


@register.simple_tag
def image_url(image, kind="card"):
    """The same for one ProductImage, e.g. in the product page's gallery."""
    return rendition_url(image, kind)
