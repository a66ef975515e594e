"""Workspace services without HTTP: who may act, whole-VND prices, stock above allocated, audit."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from oscar.core.loading import get_model

from marketplace.sellers.models import AuditEntry
from marketplace.workspace import selectors, services

StockRecord = get_model("partner", "StockRecord")
Product = get_model("catalogue", "Product")

pytestmark = pytest.mark.django_db


def listing(market, groups, **overrides):
    data = dict(
        partner=market.shop_a,
        title="Chè búp khô Suối Giàng",
        category=groups["tea"],
        price=250000,
        unit="goi",
        shipping_weight_grams=600,
        num_in_stock=30,
    )
    return {**data, **overrides}


def test_seller_lists_a_public_shippable_product_with_its_stock_and_group(market, ocop_groups):
    product = services.list_product(actor=market.users["seller_a"], **listing(market, ocop_groups))
    record = StockRecord.objects.get(product=product)
    assert product.is_public and product.producer == market.shop_a
    assert product.product_class.requires_shipping and product.product_class.name == "Nông sản"
    assert product.origin_commune_id == market.shop_a.commune_id  # the producer's commune by default
    assert list(product.categories.all()) == [ocop_groups["tea"]]
    assert record.partner == market.shop_a and record.price == Decimal("250000") and record.price_currency == "VND"
    assert record.num_in_stock == 30 and record.partner_sku == f"P{market.shop_a.pk}-{product.pk:06d}"
    assert not AuditEntry.objects.exists()  # a seller's own actions are not audit entries


def test_nobody_lists_for_a_shop_they_do_not_manage(market, ocop_groups):
    for role in ("seller_b", "buyer", "helper_revoked"):
        with pytest.raises(PermissionDenied):
            services.list_product(actor=market.users[role], **listing(market, ocop_groups))
    assert not Product.objects.filter(title="Chè búp khô Suối Giàng").exists()


def test_only_whole_dong_prices_and_current_scheme_groups(market, ocop_groups):
    seller = market.users["seller_a"]
    with pytest.raises(ValidationError):
        services.list_product(actor=seller, **listing(market, ocop_groups, price=Decimal("1000.5")))
    with pytest.raises(ValidationError):
        services.list_product(actor=seller, **listing(market, ocop_groups, category=ocop_groups["old"]))
    with pytest.raises(ValidationError):
        services.update_price(actor=seller, product=market.product_a, price=0)
    assert not Product.objects.filter(title="Chè búp khô Suối Giàng").exists()


def test_stock_cannot_go_below_what_orders_already_hold(market):
    record = StockRecord.objects.get(product=market.product_a)
    assert record.num_allocated == 2  # the shared order holds 2
    with pytest.raises(ValidationError) as refused:
        services.update_stock(actor=market.users["seller_a"], product=market.product_a, num_in_stock=1)
    assert "2" in refused.value.messages[0]
    record.refresh_from_db()
    assert record.num_in_stock == 20
    services.update_stock(actor=market.users["seller_a"], product=market.product_a, num_in_stock=2)
    record.refresh_from_db()
    assert record.num_in_stock == 2


def test_helper_edits_are_written_to_the_shops_audit_trail(market):
    helper = market.users["helper_a"]
    services.update_product(actor=helper, product=market.product_a, price=380000, num_in_stock=15, is_public=False)
    entries = list(AuditEntry.objects.filter(partner=market.shop_a).order_by("id"))
    assert [e.action for e in entries] == ["product.price", "product.stock", "product.hidden"]
    assert all(e.actor == helper and e.object_id == str(market.product_a.pk) for e in entries)


def test_a_refused_edit_leaves_no_half_change(market):
    with pytest.raises(ValidationError):
        services.update_product(actor=market.users["helper_a"], product=market.product_a, price=999000, num_in_stock=0)
    record = StockRecord.objects.get(product=market.product_a)
    assert record.price == Decimal("350000") and record.num_in_stock == 20
    assert not AuditEntry.objects.exists()


def test_order_selectors_keep_only_the_shops_own_lines_and_subtotal(market):
    order = selectors.seller_order([market.shop_b], number=market.order_ab.number)
    assert [line.title for line in order.lines] == ["Mật ong bạc hà Đồng Văn"]
    assert order.subtotal == Decimal("1260000") != market.order_ab.total_incl_tax
    (summary,) = [selectors.as_summary(r) for r in selectors.order_summaries([market.shop_b])]
    assert summary.subtotal == Decimal("1260000") and summary.item_count == 3
    with pytest.raises(selectors.Order.DoesNotExist):
        selectors.seller_order([market.shop_b], number=market.order_a.number)
