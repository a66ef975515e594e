"""Template helpers for OCOP badges and VND prices."""

from decimal import Decimal

from django import template
from django.utils import timezone
from oscar.templatetags.currency_filters import currency

from catalog import certificates

register = template.Library()


@register.simple_tag
def ocop_badge(product):
    """The certificate buyers see for a product (None when no star may show)."""
    return product.current_certificate(timezone.localdate())


@register.simple_tag
def ocop_proposal(product):
    return certificates.proposed_certificate(list(product.ocop_certificates.all()), timezone.localdate())


@register.filter
def vnd(value):
    """120000 -> "120.000 ₫" whatever the active language."""
    if value in (None, ""):
        return ""
    return currency(Decimal(value), "VND")


@register.filter
def stars(n):
    return "★" * int(n or 0)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
