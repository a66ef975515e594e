"""The demo-data loader: volume, variety, every certificate state, pictures, prices, demo logins,
idempotence and the synthetic catalogue.

The demo catalogue is loaded twice, once per module, inside a transaction that is rolled back at
the end, so other test modules never see it. Each test runs in its own savepoint on top.
"""

import io
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from oscar.core.loading import get_model
from PIL import Image, ImageFont

from catalog import certificates
from catalog.demo import data, generate, images, services
from marketplace.core.text import fold_vietnamese
from marketplace.sellers import roles

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
HelperAssignment = get_model("sellers", "HelperAssignment")
StaffProfile = get_model("sellers", "StaffProfile")

pytestmark = pytest.mark.django_db

COUNTED = {
    "categories": Category.objects,
    "producers": Partner.objects,
    "products": Product.objects,
    "stock records": StockRecord.objects,
    "images": ProductImage.objects,
    "certificates": OcopCertificate.objects,
    "users": get_user_model().objects,
    "staff profiles": StaffProfile.objects,
    "helper assignments": HelperAssignment.objects,
}


def _counts():
    return {name: manager.count() for name, manager in COUNTED.items()}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load twice; yields the reports, the counts after each run and the media directory."""
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        first = services.load_demo_data()
        after_first = _counts()
        second = services.load_demo_data()
        after_second = _counts()
        yield {"first": first, "second": second, "after_first": after_first, "after_second": after_second,
               "media": Path(media)}  # fmt: skip
        transaction.set_rollback(True)


def test_volume_and_producer_variety(demo):
    assert Product.objects.count() >= 300
    assert Partner.objects.count() >= 60
    kinds = Counter(Partner.objects.values_list("producer_type", flat=True))
    assert set(kinds) == {"household", "coop_group", "cooperative", "enterprise"}
    assert not Product.objects.filter(producer__isnull=True).exists()
    assert not Product.objects.filter(origin_commune__isnull=True).exists()
    # Producers come from the provinces the programme reports on, with real communes.
    provinces = set(Partner.objects.values_list("commune__province_id", flat=True))
    assert set(data.FEATURED_PROVINCES) <= provinces
    assert Partner.objects.get(code="sl-htx-moc-chau-xanh").commune.name == "Phường Mộc Châu"


def test_producer_identifiers(demo):
    for partner in Partner.objects.all():
        assert re.fullmatch(r"0\d{9}", partner.phone), partner.phone
        if partner.producer_type == "household":
            assert re.fullmatch(r"\d{12}", partner.national_id)
            # CCCD starts with the birth-province code: the demo producer's own province.
            assert partner.national_id[:3] == "0" + partner.commune.province_id
        if partner.producer_type in ("cooperative", "enterprise"):
            assert re.fullmatch(r"\d{10}", partner.tax_code)
        assert partner.description


def test_titles_are_unique_and_searchable(demo):
    titles = list(Product.objects.values_list("title", flat=True))
    assert len(titles) == len(set(titles))
    text = " ".join(titles).lower()
    for term in ("cà phê", "đường", "mật ong", "tôm khô", "chè", "trà", "mắm", "gạo", "nước mắm", "khô cá",
                 "mận hậu mộc châu", "shan tuyết", "vải thiều", "kẹo dừa", "sầu riêng"):  # fmt: skip
        assert term in text, term
    product = Product.objects.get(upc=generate.product_specs()[0].upc)
    assert product.search_text.startswith(fold_vietnamese(product.title))
    for description in Product.objects.values_list("description", flat=True)[:50]:
        assert 2 <= description.count(". ") + 1 <= 4


def test_every_product_has_a_picture_and_a_vnd_price(demo):
    for product in Product.objects.prefetch_related("images", "stockrecords"):
        pictures = list(product.images.all())
        assert len(pictures) == 1, product.upc
        with Image.open(demo["media"] / pictures[0].original.name) as picture:
            assert picture.format == "JPEG" and picture.size == (images.SIZE, images.SIZE)
        (record,) = product.stockrecords.all()
        assert record.price_currency == "VND"
        assert record.price > 0 and record.price == record.price.to_integral_value()
        assert record.partner_id == product.producer_id
    stock = Counter(StockRecord.objects.values_list("num_in_stock", flat=True))
    assert stock[0] > 0, "some products should be sold out"
    assert StockRecord.objects.filter(price=Decimal(0)).count() == 0


def test_category_trees_and_product_classes(demo):
    roots = Category.objects.filter(depth=1, scheme="qd148-2023")
    assert roots.count() == 6
    assert "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch" in set(roots.values_list("name", flat=True))
    assert Category.objects.filter(scheme="qd1048-2019").exists()
    assert not Category.objects.filter(is_public=False).exists()
    assert not Category.objects.filter(code__isnull=True).exists()
    drinks = Category.objects.get(code="ocop148-du")
    children = Category.objects.filter(path__startswith=drinks.path, depth=drinks.depth + 1)
    assert set(children.values_list("name", flat=True)) == {"Đồ uống có cồn", "Đồ uống không cồn"}
    # Some products certified under QĐ 1048 are also filed in the 2019 tree.
    assert Product.objects.filter(categories__scheme="qd1048-2019").exists()
    tour = Product.objects.filter(product_class__requires_shipping=False).first()
    assert tour is not None and tour.unit == "ve" and not tour.product_class.track_stock
    assert Product.objects.filter(product_class__requires_shipping=True, product_class__track_stock=True).count() > 300


def test_certificates_in_every_state(demo):
    today = timezone.localdate()
    certs = list(OcopCertificate.objects.all())
    states = Counter(certificates.state(c, today) for c in certs)
    assert set(states) == {certificates.ACTIVE, certificates.EXPIRING, certificates.EXPIRED, certificates.REVOKED}
    awarded = Counter(c.stars for c in certs if c.status == "awarded")
    assert awarded[3] > awarded[4] > awarded[5] > 0
    for cert in certs:
        assert re.fullmatch(r"\d+/QĐ-(UBND|BNN-KTHT|BNNMT)", cert.decision_number)
        assert cert.valid_until == certificates.valid_until(cert.decision_date)
        assert (cert.revoked_at is None) == (cert.revoked_reason == "")
        assert (cert.issuing_level == "central") == (cert.stars == 5 and cert.status == "awarded")
    proposals = [c for c in certs if c.status == "proposed"]
    assert proposals and all(c.stars == 5 for c in proposals)
    for proposal in proposals:
        assert proposal.product.ocop_certificates.filter(status="awarded", stars=4).exists()
    uncertified = Product.objects.filter(ocop_certificates__isnull=True).count()
    assert uncertified > Product.objects.count() * 0.3


def test_demo_users_can_log_in_with_their_roles(demo):
    # Oscar logs in by e-mail (EmailBackend); each password check is slow on purpose, so once each.
    users = {}
    for demo_user in data.DEMO_USERS:
        users[demo_user] = authenticate(username=demo_user.email, password=data.DEMO_PASSWORD)
        assert users[demo_user] is not None, demo_user.email
        assert users[demo_user].email == demo_user.email
    seller = users[data.SELLER]
    assert seller.has_perm("partner.dashboard_access")
    assert list(seller.partners.values_list("code", flat=True)) == [data.SELLER.partner_code]
    helper = users[data.HELPER]
    assert helper.groups.filter(name="Community helpers").exists()
    assert [p.code for p in roles.managed_partners(helper)] == [data.HELPER.helps_partner_code]
    assert roles.acts_as_helper(helper, Partner.objects.get(code=data.HELPER.helps_partner_code))
    staff = users[data.PROVINCE_STAFF]
    assert staff.groups.filter(name="Provincial staff").exists()
    assert roles.staff_can_see_province(staff, "14") and not roles.staff_can_see_province(staff, "96")
    admin = users[data.ADMIN]
    assert admin.is_superuser and admin.is_staff
    buyer = users[data.BUYER]
    assert not buyer.is_staff and not buyer.partners.exists()


def test_second_run_changes_nothing(demo):
    assert demo["after_second"] == demo["after_first"]
    second = demo["second"]
    assert (second.products_created, second.products_updated, second.images_drawn) == (0, 0, 0)
    assert demo["first"].products_created == demo["after_first"]["products"]


def test_picture_is_redrawn_when_the_title_changes(demo, settings):
    settings.MEDIA_ROOT = str(demo["media"])
    product = Product.objects.get(upc=generate.product_specs()[0].upc)
    assert services.load_product_images([product]) == 0
    product.title = "Mận hậu Mộc Châu hộp quà 3kg"
    product.save()
    assert services.load_product_images([product]) == 1
    (picture,) = product.images.all()
    assert picture.caption == product.title
    assert (demo["media"] / picture.original.name).is_file()


def test_synthetic_products_are_topped_up_not_duplicated(demo):
    out = io.StringIO()
    call_command("load_demo_data", products=500, batch_size=200, stdout=out)
    synthetic = Product.objects.filter(upc__startswith="SYN-")
    assert synthetic.count() == 500
    assert "Synthetic products: 500 added" in out.getvalue()
    assert StockRecord.objects.filter(product__in=synthetic).count() == 500
    assert ProductImage.objects.filter(product__in=synthetic).count() == 500
    assert not synthetic.filter(categories__isnull=True).exists()
    assert OcopCertificate.objects.filter(product__in=synthetic).exists()
    # Bulk-inserted rows carry what save() would have computed.
    product = synthetic.order_by("upc").first()
    stored = product.search_text
    product.save()
    product.refresh_from_db()
    assert product.search_text == stored
    for cert in OcopCertificate.objects.filter(product__in=synthetic)[:20]:
        assert cert.valid_until == certificates.valid_until(cert.decision_date)

    call_command("load_demo_data", products=500, stdout=io.StringIO())
    assert synthetic.count() == 500
    call_command("load_demo_data", products=600, stdout=io.StringIO())
    assert synthetic.count() == 600


def test_plans_show_every_state_on_any_day():
    specs = generate.product_specs()
    for today in (timezone.localdate(), timezone.localdate().replace(year=2031, month=2, day=28)):
        plans = generate.plan_certificates(specs, today)
        states = {generate.certificate_state(c, today) for plan in plans.values() for c in plan}
        assert states == {certificates.ACTIVE, certificates.EXPIRING, certificates.EXPIRED, certificates.REVOKED}


def test_pictures_without_a_truetype_font(monkeypatch):
    monkeypatch.setattr(images, "FONT_CANDIDATES", ())
    images.font.cache_clear()
    try:
        picture = Image.open(io.BytesIO(images.render("Mật ong hoa cà phê Buôn Ma Thuột chai 500ml", "tp")))
        assert picture.size == (images.SIZE, images.SIZE)
        # Pillow's bitmap font cannot encode Vietnamese: the folded title is drawn instead.
        monkeypatch.setattr(ImageFont, "load_default", lambda *args, **kwargs: ImageFont.load_default_imagefont())
        images.font.cache_clear()
        picture = Image.open(io.BytesIO(images.render("Đường phèn Quảng Ngãi túi 500g", "zz")))
        assert picture.format == "JPEG"
    finally:
        images.font.cache_clear()
