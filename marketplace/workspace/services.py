"""Writes of the seller workspace: list a product, change its price, stock and visibility.

Every service is keyword-only and atomic, refuses an actor who may not manage the shop
(`sellers.roles.can_manage_partner`) and, when a helper acts, writes the audit trail in the same
transaction. Web views and the API call these and nothing else to change a product.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from catalog.models import OcopScheme
from marketplace.sellers import audit
from marketplace.sellers.roles import can_manage_partner

from . import photos

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")

CURRENT_SCHEME = OcopScheme.QD148_2023
GOODS_CLASS = {"slug": "nong-san", "name": "Nông sản"}
MAX_PRICE = Decimal("1000000000")  # 1 billion VND: a typo guard, not a business rule
MAX_STOCK = 1_000_000


def require_manager(actor, partner) -> None:
    if partner is None or not can_manage_partner(actor, partner):
        raise PermissionDenied(_("You do not manage this shop."))


def clean_price(price) -> Decimal:
    """A VND price: a whole, positive number of dong (VND has no minor unit)."""
    try:
        value = Decimal(str(price))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("Enter the price as a whole number of dong."), code="price") from None
    if not value.is_finite() or value != value.to_integral_value():
        raise ValidationError(_("Enter the price as a whole number of dong."), code="price")
    if value <= 0 or value > MAX_PRICE:
        raise ValidationError(_("The price must be between 1 ₫ and 1.000.000.000 ₫."), code="price")
    return value.quantize(Decimal("1"))


def _clean_stock(num_in_stock) -> int:
    if isinstance(num_in_stock, bool) or not isinstance(num_in_stock, int) or not 0 <= num_in_stock <= MAX_STOCK:
        raise ValidationError(_("Stock must be a whole number from 0 to 1,000,000."), code="stock")
    return num_in_stock


def listable_categories():
    """OCOP groups a new product may be filed under: the leaves of the current scheme's tree."""
    return Category.objects.filter(scheme=CURRENT_SCHEME, is_public=True, numchild=0).order_by("path")


def _goods_class():
    product_class, _created = ProductClass.objects.get_or_create(
        slug=GOODS_CLASS["slug"],
        defaults={"name": GOODS_CLASS["name"], "requires_shipping": True, "track_stock": True},
    )
    return product_class


def _seller_stockrecord(product, *, lock=False):
    """The producer's own stock record for `product` (one producer sells a product)."""
    qs = StockRecord.objects.filter(product=product, partner_id=product.producer_id)
    if lock:
        qs = qs.select_for_update()
    record = qs.first()
    if record is None:
        raise ValidationError(_("This product has no price and stock yet."), code="no_stockrecord")
    return record


@transaction.atomic
def list_product(
    *,
    actor,
    partner,
    title: str,
    category,
    price,
    unit: str,
    shipping_weight_grams: int,
    num_in_stock: int,
    description: str = "",
    origin_commune=None,
    photo=None,
):
    """Create a public, shippable product of `partner` with its price, stock and OCOP group.

    The origin defaults to the producer's commune. With `photo`, it is attached in the same
    transaction, so a refused photo leaves nothing half-saved.
    """
    require_manager(actor, partner)
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("Enter the product name."), code="title")
    if category is None or not listable_categories().filter(pk=category.pk).exists():
        raise ValidationError(_("Choose an OCOP product group."), code="category")
    price = clean_price(price)
    num_in_stock = _clean_stock(num_in_stock)
    if not isinstance(shipping_weight_grams, int) or not 1 <= shipping_weight_grams <= 100_000:
        raise ValidationError(_("The packed weight must be from 1 g to 100 kg."), code="weight")
    product = Product.objects.create(
        product_class=_goods_class(),
        structure=Product.STANDALONE,
        title=title,
        description=description or "",
        producer=partner,
        origin_commune=origin_commune or partner.commune,
        unit=unit,
        shipping_weight_grams=shipping_weight_grams,
        is_public=True,
    )
    ProductCategory.objects.create(product=product, category=category)
    StockRecord.objects.create(
        product=product,
        partner=partner,
        # Unique per partner and stable: the seller never has to invent a SKU.
        partner_sku=f"P{partner.pk}-{product.pk:06d}",
        price=price,
        price_currency="VND",
        num_in_stock=num_in_stock,
    )
    if photo is not None:
        photos.attach_photo(product=product, upload=photo, actor=actor)
    audit.record(actor=actor, partner=partner, action="product.listed", obj=product, summary=title)
    return product


@transaction.atomic
def update_price(*, actor, product, price):
    """Set the VND price of the producer's stock record."""
    require_manager(actor, product.producer)
    price = clean_price(price)
    record = _seller_stockrecord(product, lock=True)
    old = record.price
    if old == price:
        return record
    record.price = price
    record.save(update_fields=["price", "date_updated"])
    audit.record(
        actor=actor,
        partner=product.producer,
        action="product.price",
        obj=product,
        summary=_("%(title)s: price %(old)s → %(new)s")
        % {"title": product.title, "old": _int(old), "new": _int(price)},
    )
    return record


@transaction.atomic
def update_stock(*, actor, product, num_in_stock: int):
    """Set the stock on hand; never below what is already allocated to placed orders."""
    require_manager(actor, product.producer)
    num_in_stock = _clean_stock(num_in_stock)
    # Locked so an order allocating at the same moment cannot slip under the new figure.
    record = _seller_stockrecord(product, lock=True)
    allocated = record.num_allocated or 0
    if num_in_stock < allocated:
        raise ValidationError(
            _("Stock cannot be lower than %(allocated)d: that many are already ordered and not yet shipped.")
            % {"allocated": allocated},
            code="below_allocated",
        )
    old = record.num_in_stock
    if old == num_in_stock:
        return record
    record.num_in_stock = num_in_stock
    record.save(update_fields=["num_in_stock", "date_updated"])
    audit.record(
        actor=actor,
        partner=product.producer,
        action="product.stock",
        obj=product,
        summary=_("%(title)s: stock %(old)s → %(new)s") % {"title": product.title, "old": old, "new": num_in_stock},
    )
    return record


@transaction.atomic
def set_public(*, actor, product, is_public: bool):
    """Show the product to buyers or hide it (it stays in the seller's list)."""
    require_manager(actor, product.producer)
    if product.is_public == bool(is_public):
        return product
    product.is_public = bool(is_public)
    product.save(update_fields=["is_public", "date_updated"])
    audit.record(
        actor=actor,
        partner=product.producer,
        action="product.shown" if is_public else "product.hidden",
        obj=product,
        summary=product.title,
    )
    return product


@transaction.atomic
def update_product(*, actor, product, price=None, num_in_stock=None, is_public=None):
    """Apply the quick edits a seller makes on one product; None means unchanged."""
    require_manager(actor, product.producer)
    if price is not None:
        update_price(actor=actor, product=product, price=price)
    if num_in_stock is not None:
        update_stock(actor=actor, product=product, num_in_stock=num_in_stock)
    if is_public is not None:
        set_public(actor=actor, product=product, is_public=is_public)
    return product


def _int(value) -> str:
    return f"{int(value):,}".replace(",", ".") if value is not None else "–"
