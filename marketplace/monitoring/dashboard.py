"""What a dashboard page shows for one scope and period: indicator cards beside the previous
period, trend lines, breakdown bars and the table to drill down (provinces, communes or sellers).
Read from the roll-ups only."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring import charts, selectors, tables
from marketplace.monitoring.figures import BY_KEY, Comparison, Scope
from marketplace.monitoring.periods import Period

CARDS = [
    "sellers", "active_sellers", "helper_households", "products_listed", "ocop_online", "ocop_online_share",
    "certs_expiring", "orders", "items", "weight_tonnes", "gross_value", "cashless_share",
    "delivery_success_rate", "median_delivery_hours",
]  # fmt: skip


@dataclass
class Card:
    key: str
    label: str
    unit: str
    current: object
    previous: object
    change: float | None


@dataclass
class Page:
    scope: Scope
    period: Period
    comparison: Comparison
    cards: list
    lines: list = field(default_factory=list)  # (title, svg)
    bars: list = field(default_factory=list)  # (title, svg)
    table: tables.Table | None = None
    methods: tables.Table | None = None


def _cards(comparison: Comparison) -> list[Card]:
    rows = {indicator.key: (now, before, change) for indicator, now, before, change in comparison.rows()}
    return [Card(k, BY_KEY[k].label, BY_KEY[k].unit, *rows[k]) for k in CARDS]


def _lines(scope: Scope, period: Period) -> list:
    today = timezone.localdate()
    now = selectors.trend(scope, period)
    before = selectors.trend(scope, period.previous())[: len(now)]
    labels = [bucket.short_label() for bucket, _ in now]
    lines = []
    for key, title in (
        ("orders", _("Orders")),
        ("gross_value", _("Gross value (VND)")),
        ("active_sellers", _("Active sellers")),
    ):
        # Days still to come are left blank, not drawn as zero.
        current = [f.value(key) if bucket.start <= today else None for bucket, f in now]
        series = [(period.label(), current), (period.previous().label(), [f.value(key) for _, f in before])]
        lines.append((title, charts.line_chart(labels, series, title=str(title))))
    return lines


def _bars(table: tables.Table, key: str, title, unit="") -> tuple:
    items = sorted(((str(row[table.columns[0].key]), row[key] or 0) for row in table.rows), key=lambda item: -item[1])
    return title, charts.bar_chart(items, unit=unit, title=str(title))


def build_page(scope: Scope, period: Period, *, link=None) -> Page:
    """The page of a scope: the whole country (provinces table), a province (communes) or a commune (sellers)."""
    comparison = selectors.indicators(scope, period)
    page = Page(scope, period, comparison, _cards(comparison), lines=_lines(scope, period))
    keys = tables.PAGE_COLUMNS
    if scope.commune:
        page.table = tables.sellers_table(period, scope, keys=keys)
    elif scope.province:
        page.table = tables.communes_table(period, scope, keys=keys, link=link)
    else:
        page.table = tables.provinces_table(period, scope, keys=keys, link=link)
    page.methods = tables.payment_methods_table(comparison.current)
    page.bars = [
        _bars(
            tables.producer_types_table(period, scope, keys=["gross_value"]),
            "gross_value",
            _("Gross value by producer type"),
        ),
        _bars(page.methods, "share", _("Payment mix (share of value)"), "%"),
    ]
    if scope.ocop_group == "*":
        groups = tables.ocop_groups_table(period, scope, keys=["gross_value", "ocop_online"])
        page.bars.insert(1, _bars(groups, "gross_value", _("Gross value by OCOP group")))
        page.bars.append(_bars(groups, "ocop_online", _("OCOP 3★+ products online by group")))
    return page
