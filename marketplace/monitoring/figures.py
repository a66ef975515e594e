"""The indicators of one scope and period (`Figures`), whichever way they were computed, and the
data dictionary that names them for the dashboard, the exports, the open data and the API."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from marketplace.monitoring import definitions as d


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    unit: str
    definition: str


def _method_label(template, method) -> str:
    return str(template) % {"method": method.label}


_by_method = lazy(_method_label, str)

# The order here is the order of every table and export.
INDICATORS = [
    Indicator("sellers", _("Sellers with an account"), _("sellers"), _(
        "Shops (producers) of the area on the marketplace at the end of the period.")),
    Indicator("active_sellers", _("Active sellers"), _("sellers"), _(
        "Sellers who listed or updated a product, its price or stock, or received an order (paid or cash on "
        "delivery) during the period.")),
    Indicator("helper_households", _("Households onboarded with a helper"), _("households"), _(
        "Household sellers that a community helper has managed (with recorded consent) by the end of the period.")),
    Indicator("products_listed", _("Products listed"), _("products"), _(
        "Public products of the area's sellers at the end of the period.")),
    Indicator("ocop_online", _("OCOP 3★+ products online"), _("products"), _(
        "Public products showing an awarded, staff-verified, valid OCOP certificate (3 to 5 stars) at the end "
        "of the period.")),
    Indicator("ocop_certified", _("Certified OCOP products"), _("products"), _(
        "Products of the area's sellers with an awarded, valid, unrevoked OCOP certificate not rejected by "
        "staff, public or not, at the end of the period.")),
    Indicator("ocop_online_share", _("Share of certified OCOP products online"), "%", _(
        "OCOP 3★+ products online divided by certified OCOP products.")),
    Indicator("certs_expiring", _("Certificates expiring within 90 days"), _("certificates"), _(
        "Awarded, unrevoked certificates whose validity ends within 90 days after the end of the period.")),
    Indicator("orders", _("Orders"), _("seller orders"), _(
        "Sellers' parts of buyers' orders placed in the period, paid or cash on delivery, not cancelled or "
        "returned. A basket with goods of two sellers is two orders, one in each seller's commune.")),
    Indicator("orders_cancelled", _("Cancelled orders"), _("seller orders"), _(
        "Seller orders placed in the period that were cancelled or refunded afterwards.")),
    Indicator("orders_returned", _("Returned orders"), _("seller orders"), _(
        "Seller orders placed in the period whose parcel came back to the seller.")),
    Indicator("items", _("Items sold"), _("units"), _("Units on the lines of the period's orders.")),
    Indicator("weight_tonnes", _("Weight sold"), _("tonnes"), _(
        "Units times each product's shipping weight, for the period's orders.")),
    Indicator("gross_value", _("Gross value"), "VND", _(
        "Value of the goods (VAT included, shipping excluded) of the period's orders.")),
    Indicator("value_cancelled", _("Value cancelled"), "VND", _("Goods value of the cancelled orders.")),
    Indicator("value_returned", _("Value returned"), "VND", _("Goods value of the returned orders.")),
    Indicator("refund_value", _("Value refunded to buyers"), "VND", _(
        "Goods value of cancelled or returned orders that had been paid without cash.")),
    *(Indicator(f"orders_{m}", _by_method(_("Orders paid by %(method)s"), m), _("seller orders"), _(
        "Orders (as above) whose payment method is this one.")) for m in d.METHODS),
    *(Indicator(f"value_{m}", _by_method(_("Value paid by %(method)s"), m), "VND", _(
        "Gross value of the orders paid with this method.")) for m in d.METHODS),
    Indicator("cashless_share", _("Cashless share of value"), "%", _(
        "Share of the gross value not paid cash on delivery.")),
    Indicator("cashless_order_share", _("Cashless share of orders"), "%", _(
        "Share of orders not paid cash on delivery.")),
    Indicator("delivered", _("Parcels delivered"), _("parcels"), _("Shipments delivered during the period.")),
    Indicator("shipments_returned", _("Parcels returned"), _("parcels"), _(
        "Shipments that came back to the seller during the period.")),
    Indicator("delivery_success_rate", _("Delivery success rate"), "%", _(
        "Parcels delivered divided by parcels delivered or returned during the period (shipments still on "
        "their way or cancelled are not counted).")),
    Indicator("median_delivery_hours", _("Median delivery time"), _("hours"), _(
        "Median of the whole hours from booking the carrier to delivery, over the parcels delivered in the "
        "period.")),
]  # fmt: skip
BY_KEY = {i.key: i for i in INDICATORS}
PERCENT = {i.key for i in INDICATORS if i.unit == "%"}
# Stock figures are the state at the end of the period; the others add up over its days.
STOCK = ["sellers", "helper_households", "products_listed", "ocop_online", "ocop_certified", "certs_expiring"]


@dataclass
class Figures:
    sellers: int = 0
    active_sellers: int = 0
    helper_households: int = 0
    products_listed: int = 0
    ocop_online: int = 0
    ocop_certified: int = 0
    certs_expiring: int = 0
    orders: int = 0
    orders_cancelled: int = 0
    orders_returned: int = 0
    items: int = 0
    weight_grams: int = 0
    gross_value: int = 0
    value_cancelled: int = 0
    value_returned: int = 0
    refund_value: int = 0
    orders_by_method: dict = field(default_factory=lambda: dict.fromkeys(d.METHODS, 0))
    value_by_method: dict = field(default_factory=lambda: dict.fromkeys(d.METHODS, 0))
    delivered: int = 0
    shipments_returned: int = 0
    delivery_hours: Counter = field(default_factory=Counter)

    @property
    def ocop_online_share(self):
        return d.share(self.ocop_online, self.ocop_certified)

    @property
    def weight_tonnes(self):
        return d.tonnes(self.weight_grams)

    @property
    def cashless_share(self):
        return d.share(self.gross_value - self.value_by_method[d.COD], self.gross_value)

    @property
    def cashless_order_share(self):
        return d.share(self.orders - self.orders_by_method[d.COD], self.orders)

    @property
    def delivery_success_rate(self):
        return d.share(self.delivered, self.delivered + self.shipments_returned)

    @property
    def median_delivery_hours(self):
        return d.median(self.delivery_hours)

    def value(self, key: str):
        if key.startswith("orders_") and key[7:] in self.orders_by_method:
            return self.orders_by_method[key[7:]]
        if key.startswith("value_") and key[6:] in self.value_by_method:
            return self.value_by_method[key[6:]]
        return getattr(self, key)

    def as_dict(self) -> dict:
        """Every indicator by key, in dictionary order (shares as fractions 0..1, None when undefined)."""
        return {i.key: self.value(i.key) for i in INDICATORS}

    def add_sums(self, sums: dict):
        """Add the roll-up columns (`orders`, `value_cod`, …) of a query result."""
        for name, value in sums.items():
            value = int(value or 0)
            if name.startswith("orders_") and name[7:] in self.orders_by_method:
                self.orders_by_method[name[7:]] += value
            elif name.startswith("value_") and name[6:] in self.value_by_method:
                self.value_by_method[name[6:]] += value
            elif name.startswith("d_"):
                continue
            else:
                setattr(self, name, getattr(self, name) + value)


@dataclass
class Comparison:
    """This period's figures beside the previous period's."""

    period: object
    current: Figures
    previous: Figures

    def rows(self):
        for indicator in INDICATORS:
            now, before = self.current.value(indicator.key), self.previous.value(indicator.key)
            change = None
            if now is not None and before:
                change = (now - before) / before
            yield indicator, now, before, change


@dataclass
class Row:
    """One line of a breakdown table: a province, commune, seller, producer type or OCOP group."""

    key: str
    label: str
    figures: Figures


@dataclass(frozen=True)
class Scope:
    """Whose figures: a province (None: the whole country), optionally one commune, one producer
    type and one OCOP group ("*": all groups)."""

    province: str | None = None
    commune: str | None = None
    producer_type: str | None = None
    ocop_group: str = d.ALL

    def replace(self, **changes) -> "Scope":
        from dataclasses import replace

        return replace(self, **changes)
