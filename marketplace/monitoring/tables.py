"""The tables of the dashboard, as plain columns and rows: the page shows them, the exports write
them to CSV and XLSX, the open data publishes the non-personal ones.

Every table is read from the roll-ups for one scope and period (`selectors.py`).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from oscar.core.loading import get_model

from marketplace.monitoring import definitions as d
from marketplace.monitoring import selectors
from marketplace.monitoring.figures import INDICATORS, Comparison, Figures, Scope
from marketplace.monitoring.periods import Period
from marketplace.partner.models import ProducerType
from payments.models import PaymentMethod

Province = get_model("regions", "Province")
Commune = get_model("regions", "Commune")
Partner = get_model("partner", "Partner")

# The columns the page shows in area and seller tables; exports carry every indicator.
PAGE_COLUMNS = [
    "sellers", "active_sellers", "products_listed", "ocop_online", "orders", "weight_tonnes", "gross_value",
    "cashless_share", "delivery_success_rate",
]  # fmt: skip


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str = ""  # "VND", "%", or a counted thing; "" for text


@dataclass
class Table:
    name: str  # the file name of its exports
    title: str
    columns: list
    rows: list = field(default_factory=list)  # dicts by column key; "link" may hold the drill-down URL

    def values(self):
        """Rows as lists of raw values in column order (what the exports write)."""
        return [[row.get(c.key) for c in self.columns] for row in self.rows]


def indicator_columns(keys=None):
    chosen = [i for i in INDICATORS if keys is None or i.key in keys]
    return [Column(i.key, i.label, i.unit) for i in chosen]


def indicators_table(comparison: Comparison) -> Table:
    table = Table("indicators", _("Indicators"), [
        Column("indicator", _("Indicator")), Column("unit", _("Unit")), Column("current", comparison.period.label(), "n"),
        Column("previous", comparison.period.previous().label(), "n"), Column("change", _("Change"), "%"),
    ])  # fmt: skip
    for indicator, now, before, change in comparison.rows():
        table.rows.append({"key": indicator.key, "indicator": indicator.label, "unit": indicator.unit,
                           "current": now, "previous": before, "change": change,
                           "percent": indicator.unit == "%"})  # fmt: skip
    return table


def _area_rows(found: dict, labels: dict, first: Column, name: str, title, keys=None, link=None) -> Table:
    table = Table(name, title, [first, *indicator_columns(keys)])
    for key in sorted(found, key=lambda k: str(labels.get(k, k))):
        row = {first.key: labels.get(key, key), "code": key, **found[key].as_dict()}
        if link:
            row["link"] = link(key)
        table.rows.append(row)
    return table


def provinces_table(period: Period, scope: Scope, *, keys=None, link=None) -> Table:
    found = selectors.breakdown(scope, period, "province", keys=keys)
    labels = dict(Province.objects.values_list("code", "name"))
    return _area_rows(found, labels, Column("province", _("Province")), "provinces", _("Provinces"), keys, link)


def communes_table(period: Period, scope: Scope, *, keys=None, link=None) -> Table:
    found = selectors.breakdown(scope, period, "commune", keys=keys)
    labels = dict(Commune.objects.filter(province_id=scope.province).values_list("code", "name"))
    return _area_rows(found, labels, Column("commune", _("Commune")), "communes", _("Communes"), keys, link)


def sellers_table(period: Period, scope: Scope, *, keys=None) -> Table:
    found = selectors.breakdown(scope, period, "seller", keys=keys)
    names = dict(Partner.objects.filter(pk__in=list(found)).values_list("pk", "name"))
    types = dict(Partner.objects.filter(pk__in=list(found)).values_list("pk", "producer_type"))
    table = _area_rows(found, names, Column("seller", _("Seller")), "sellers", _("Sellers"), keys)
    table.columns.insert(1, Column("producer_type", _("Producer type")))
    for row in table.rows:
        row["producer_type"] = (
            ProducerType(types[row["code"]]).label if types.get(row["code"]) in ProducerType.values else ""
        )
    return table


def producer_types_table(period: Period, scope: Scope, *, keys=None) -> Table:
    found = selectors.breakdown(scope, period, "producer_type", keys=keys)
    labels = {t.value: t.label for t in ProducerType}
    return _area_rows(
        found, labels, Column("producer_type", _("Producer type")), "producer-types", _("Producer types"), keys
    )


def ocop_groups_table(period: Period, scope: Scope, *, keys=None) -> Table:
    found = selectors.breakdown(scope, period, "ocop_group", keys=keys)
    labels = {g.code: g.name or _("No OCOP group") for g in d.ocop_groups()}
    return _area_rows(found, labels, Column("ocop_group", _("OCOP group")), "ocop-groups", _("OCOP groups"), keys)


def payment_methods_table(figures: Figures) -> Table:
    table = Table("payment-methods", _("Payment methods"), [
        Column("method", _("Payment method")), Column("orders", _("Orders"), _("seller orders")),
        Column("value", _("Gross value"), "VND"), Column("share", _("Share of value"), "%"),
    ])  # fmt: skip
    for method in d.METHODS:
        value = figures.value_by_method[method]
        table.rows.append({"method": PaymentMethod(method).label, "code": method, "orders": figures.orders_by_method[method],
                           "value": value, "share": d.share(value, figures.gross_value)})  # fmt: skip
    return table


def trend_table(points) -> Table:
    keys = ["active_sellers", "orders", "orders_cancelled", "items", "weight_tonnes", "gross_value", "cashless_share",
            "delivered", "delivery_success_rate"]  # fmt: skip
    table = Table("trend", _("Trend"), [Column("period", _("Period")), *indicator_columns(keys)])
    for bucket, figures in points:
        table.rows.append({"period": bucket.label(), "start": bucket.start, **{k: figures.value(k) for k in keys}})
    return table


TABLE_TITLES = {
    "indicators": _("Indicators"),
    "provinces": _("Provinces"),
    "communes": _("Communes"),
    "sellers": _("Sellers"),
    "producer-types": _("Producer types"),
    "ocop-groups": _("OCOP groups"),
    "payment-methods": _("Payment methods"),
    "trend": _("Trend"),
}
TABLE_NAMES = list(TABLE_TITLES)


def build(name: str, scope: Scope, period: Period) -> Table:
    """One table of a scope's page, with every indicator (for the exports)."""
    if name == "indicators":
        return indicators_table(selectors.indicators(scope, period))
    if name == "provinces" and scope.province is None:
        return provinces_table(period, scope)
    if name == "communes" and scope.province and not scope.commune:
        return communes_table(period, scope)
    if name == "sellers" and scope.commune:
        return sellers_table(period, scope)
    if name == "producer-types":
        return producer_types_table(period, scope)
    if name == "ocop-groups":
        return ocop_groups_table(period, scope)
    if name == "payment-methods":
        return payment_methods_table(selectors.indicators(scope, period).current)
    if name == "trend":
        return trend_table(selectors.trend(scope, period))
    raise LookupError(name)
