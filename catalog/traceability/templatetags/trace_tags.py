"""`{% current_lot product as lot %}`: the lot a buyer of this product most likely holds."""

from django import template

from catalog.traceability import selectors

register = template.Library()


@register.simple_tag
def current_lot(product):
    if product is None or not getattr(product, "pk", None):
        return None
    return selectors.current_lot_for(product)
