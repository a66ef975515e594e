"""Numbers on the monitoring pages: VND, shares, tonnes, hours and changes, the Vietnamese way."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

from marketplace.core.templatetags.ocop_tags import vnd

register = template.Library()


@register.filter
def figure(value, unit=""):
    """A figure in its unit: 1.234.000 ₫, 45,2%, 1,25 (tonnes), 30 (hours); "–" when undefined."""
    if value is None:
        return "–"
    if unit == "VND":
        return vnd(value)
    if unit == "%":
        return f"{number_format(value * 100, 1, force_grouping=True)}%"
    if isinstance(value, float):
        return number_format(value, 3 if abs(value) < 10 else 1, force_grouping=True)
    return number_format(value, force_grouping=True)


@register.filter
def change(value):
    """+12,5% in green, -3,0% in red, nothing when there is nothing to compare with."""
    if value is None:
        return ""
    css = "text-success" if value > 0 else "text-danger" if value < 0 else "text-muted"
    sign = "+" if value > 0 else ""
    return format_html('<span class="{}">{}{}%</span>', css, sign, number_format(value * 100, 1))


@register.filter
def cell(row, column):
    return row.get(column.key)
