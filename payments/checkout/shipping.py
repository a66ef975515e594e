"""Shipping fee per seller's group until the logistics layer quotes carriers.

The table: up to 1 kg costs 30 000 ₫, each started kilogram above that 5 000 ₫ more.
Each seller ships its own parcel, so the fee is per fulfilment group, and the order's
shipping charge is the sum of its groups' fees.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from oscar.apps.shipping.methods import Base
from oscar.core import prices

BASE_FEE = Decimal("30000")
BASE_WEIGHT_GRAMS = 1000
EXTRA_FEE_PER_KG = Decimal("5000")


def fee_for_weight(grams: int) -> Decimal:
    """30 000 ₫ up to 1 kg, then +5 000 ₫ per started kilogram."""
    if grams <= BASE_WEIGHT_GRAMS:
        return BASE_FEE
    extra_kg = -(-(grams - BASE_WEIGHT_GRAMS) // 1000)  # ceiling division
    return BASE_FEE + EXTRA_FEE_PER_KG * extra_kg


def line_weight_grams(line) -> int:
    return (line.product.shipping_weight_grams or 0) * line.quantity


def basket_groups(basket) -> dict:
    """Basket lines by seller (the stock record's partner): {partner_id: [lines]} in partner order."""
    groups: dict[int, list] = {}
    for line in basket.all_lines():
        groups.setdefault(line.stockrecord.partner_id, []).append(line)
    return dict(sorted(groups.items()))


def basket_shipping_fee(basket) -> Decimal:
    """The order's shipping charge: the sum of every seller's parcel fee."""
    return sum(
        (fee_for_weight(sum(line_weight_grams(line) for line in lines)) for lines in basket_groups(basket).values()),
        Decimal("0"),
    )


class PerSellerWeightShipping(Base):
    """Oscar's shipping method for the whole basket: one weight-table parcel per seller."""

    code = "per-seller-weight"
    name = _("Delivery by each seller (fee by weight)")
    description = _("Each seller ships its own parcel: 30,000 ₫ up to 1 kg, then 5,000 ₫ per extra kg.")

    def calculate_for(self, lines) -> Decimal:
        return fee_for_weight(sum(line_weight_grams(line) for line in lines))

    def calculate(self, basket):
        fee = basket_shipping_fee(basket) if not basket.is_empty else Decimal("0")
        return prices.Price(currency=basket.currency or "VND", excl_tax=fee, incl_tax=fee)


class PerSellerCarrierShipping(Base):
    """Each seller's parcel at the carrier the buyer chose from live quotes (logistics.services).

    `choices` is {partner_id: {"carrier", "service", "name", "fee"}} as kept in the checkout
    session; a seller with no choice (should not happen) falls back to the weight table.
    """

    code = "per-seller-carrier"
    name = _("Delivery by each seller's carrier")
    description = _("Each seller ships its own parcel with the carrier you chose for it.")

    def __init__(self, choices: dict | None = None):
        self.choices = {int(k): v for k, v in (choices or {}).items()}

    def fee_for(self, partner_id: int, lines) -> Decimal:
        choice = self.choices.get(int(partner_id))
        if choice is not None:
            return Decimal(str(choice["fee"]))
        return fee_for_weight(sum(line_weight_grams(line) for line in lines))

    def calculate(self, basket):
        fee = Decimal("0")
        if not basket.is_empty:
            fee = sum((self.fee_for(pid, lines) for pid, lines in basket_groups(basket).items()), Decimal("0"))
        return prices.Price(currency=basket.currency or "VND", excl_tax=fee, incl_tax=fee)


CARRIER_CHOICES_KEY = "carriers"


def method_from_session(checkout_session):
    """The shipping method the session's carrier choices make (the weight table when there are none)."""
    choices = checkout_session._get("shipping", CARRIER_CHOICES_KEY)
    if choices:
        return PerSellerCarrierShipping(choices)
    return PerSellerWeightShipping()
