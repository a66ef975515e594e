"""Changes reach the index through Celery after commit (tasks run eagerly in tests)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_model

from catalog.search import documents, engine, fallback, index
from catalog.search.types import SearchParams

from .helpers import make_product, search

pytestmark = [pytest.mark.django_db, pytest.mark.search]
OcopCertificate = get_model("catalogue", "OcopCertificate")
Product = get_model("catalogue", "Product")


def _document(product_id):
    return engine.get_client().get(index=index.alias_name(), id=product_id)["_source"]


def test_price_change_reaches_the_index_after_commit(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Bưởi da xanh Bến Tre", price=80_000)
    assert search(q="buoi", price_range="0-100000").product_ids == [product.id]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        record = product.stockrecords.get()
        record.price = Decimal("150000")
        record.save()
        assert _document(product.id)["price"] == 80_000  # nothing is indexed before commit

    assert callbacks  # enqueued on commit, not during the request
    assert _document(product.id)["price"] == 150_000
    assert search(q="buoi", price_range="0-100000").total == 0
    assert search(q="buoi", price_range="100000-200000").product_ids == [product.id]


def test_one_transaction_sends_one_bulk_task(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        products = [make_product(f"Nhãn lồng Hưng Yên {n}") for n in range(5)]
    assert search(q="nhan long").total == 5
    assert {p.id for p in products} == set(search(q="nhan long").product_ids)


def test_revoked_certificate_loses_its_star_after_commit(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Mật ong bạc hà Đồng Văn")
        cert = OcopCertificate.objects.create(
            product=product,
            stars=5,
            decision_number="12/QĐ-UBND",
            decision_date=timezone.localdate() - datetime.timedelta(days=100),
        )
    assert _document(product.id)["stars"] == 5
    assert search(stars=(5,)).product_ids == [product.id]

    with django_capture_on_commit_callbacks(execute=True):
        cert.revoked_at = timezone.now()
        cert.save()

    document = _document(product.id)
    assert document["stars"] is None and document["card"]["certificate_state"] == "revoked"
    assert search(stars=(5,)).total == 0
    assert search(certified_only=True).total == 0


def test_product_made_private_leaves_the_index(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Tỏi Lý Sơn")
    with django_capture_on_commit_callbacks(execute=True):
        product.is_public = False
        product.save()
    assert search(q="toi ly son").total == 0


def test_producer_moving_province_reindexes_its_products(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Rượu ngô Bắc Hà", province="15")
        product.origin_commune = None  # origin falls back to the producer's commune
        product.save()
    assert search(provinces=("15",)).product_ids == [product.id]

    producer = product.producer
    with django_capture_on_commit_callbacks(execute=True):
        producer.name = "HTX Rượu ngô Bắc Hà mới"
        producer.commune = type(producer.commune).objects.filter(province_id="14").first()
        producer.save()

    assert search(provinces=("14",)).product_ids == [product.id]
    assert "mới" in _document(product.id)["producer"]


def test_rolled_back_changes_are_not_lost_for_the_next_commit(search_index, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Cam Cao Phong", price=30_000)
    try:
        with transaction.atomic():
            record = product.stockrecords.get()
            record.price = Decimal("999000")
            record.save()
            raise RuntimeError("seller cancelled")
    except RuntimeError:
        pass
    with django_capture_on_commit_callbacks(execute=True):
        make_product("Cam Vinh")  # an unrelated change commits

    # Indexing reads the database: the rolled-back price never reaches the index.
    assert _document(product.id)["price"] == 30_000


def _sell(product, times, *, days_ago=1):
    Order, Line = get_model("order", "Order"), get_model("order", "Line")
    placed = timezone.now() - datetime.timedelta(days=days_ago)
    for n in range(times):
        order = Order.objects.create(
            number=f"SRCH-{product.pk}-{days_ago}-{n}",
            currency="VND",
            total_incl_tax=Decimal("100000"),
            total_excl_tax=Decimal("100000"),
            date_placed=placed,
        )
        Line.objects.create(
            order=order,
            product=product,
            partner_name="HTX",
            title=product.title,
            quantity=1,
            num_allocated=0,
            line_price_incl_tax=Decimal("100000"),
            line_price_excl_tax=Decimal("100000"),
            line_price_before_discounts_incl_tax=Decimal("100000"),
            line_price_before_discounts_excl_tax=Decimal("100000"),
        )


def test_recent_sales_rank_a_product_first_among_equals(search_index):
    quiet = make_product("Mật ong rừng U Minh")
    popular = make_product("Mật ong hoa nhãn Hưng Yên")
    old_hit = make_product("Mật ong bạc hà")
    _sell(popular, 3)
    _sell(old_hit, 10, days_ago=200)  # outside the 90-day window: not "best selling" now
    search_index()

    assert search(q="mat ong").product_ids[0] == popular.id
    assert search(sort="best_selling").product_ids[0] == popular.id
    assert _document(old_hit.id)["popularity"] == 0 and _document(quiet.id)["popularity"] == 0


def test_staff_priority_puts_a_product_first_among_equals(search_index):
    make_product("Cà phê phin giấy Ea Kar")
    flagship = make_product("Cà phê Robusta rang mộc Buôn Ma Thuột")
    flagship.priority = 10
    flagship.save()
    search_index()

    assert search(q="ca phe").product_ids[0] == flagship.id
    assert search().product_ids[0] == flagship.id  # the catalogue page too


RANK_CASES = [  # (priority, sales, stars, hours after 2026-01-01), in the order buyers must see them
    (3, 0, None, 0),
    (1, 40, None, 0),
    (1, 7, 3, 0),
    (1, 7, None, 5),
    (1, 7, None, 4),
    (0, 1_000, 5, 0),
    (0, 0, 5, 0),
    (0, 0, 4, 9_000),
    (0, 0, None, 1),
    (0, 0, None, 0),
    (-2, 500, 5, 0),
]


def _rank(priority, sales, stars, hours):
    created = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(hours=hours)
    return documents.listing_rank(priority, sales, stars, created)


def test_listing_rank_sorts_as_priority_then_sales_then_stars_then_newest():
    ranks = [_rank(*case) for case in RANK_CASES]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) == len(ranks)


def test_listing_rank_clamps_each_part_to_its_bits_and_stays_exact_as_a_double():
    top = _rank(511, 2**20 - 1, 5, 0)
    assert _rank(5_000, 2**20 - 1, 5, 0) == top  # beyond the bits: sorts with the largest that fits
    assert _rank(511, 10**9, 5, 0) == top
    assert _rank(-5_000, 0, None, 0) == _rank(-512, 0, None, 0) < _rank(-511, 0, None, 0)
    latest = documents.listing_rank(511, 10**9, 5, datetime.datetime(2119, 1, 1, tzinfo=datetime.UTC))
    assert latest < 2**53 and float(latest) == latest


def test_the_catalogue_page_and_ties_follow_the_packed_order(search_index):
    """Equal scores for "mat ong": sales first, then the newer product, in both the search and the browse order."""
    newer = make_product("Mật ong hoa cà phê Đắk Lắk")
    older = make_product("Mật ong rừng U Minh")  # the higher id, but dated before the other
    Product.objects.filter(pk=older.pk).update(date_created=timezone.now() - datetime.timedelta(days=3))
    sold = make_product("Mật ong bạc hà Hà Giang")
    _sell(sold, 2)
    search_index()

    expected = [sold.id, newer.id, older.id]
    assert search(q="mat ong").product_ids == expected
    assert search().product_ids == expected
    assert _document(sold.id)["listing_rank"] > _document(newer.id)["listing_rank"]
    # The database fallback breaks the same ties the same way.
    assert fallback.search_products(SearchParams(q="mat ong")).product_ids == expected
    assert fallback.search_products(SearchParams()).product_ids == expected


def test_search_cards_show_the_light_card_rendition_once_it_is_made(
    search_index, client, django_capture_on_commit_callbacks
):
    """Buyers on 3G get the ~60 KB card WebP in search results, not the seller's 12 MP original."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    ProductImage = get_model("catalogue", "ProductImage")
    with django_capture_on_commit_callbacks(execute=True):
        product = make_product("Cam sành Hàm Yên")
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (230, 120, 20)).save(buffer, "JPEG")
    with django_capture_on_commit_callbacks(execute=False) as pending:
        image = ProductImage.objects.create(
            product=product, original=SimpleUploadedFile("cam.jpg", buffer.getvalue(), content_type="image/jpeg")
        )
    # The commit: the product is indexed and the renditions are made (eager Celery), whose own commit
    # indexes the product again.
    with django_capture_on_commit_callbacks(execute=True):
        for callback in pending:
            callback()
    image.refresh_from_db()
    expected = f"/images/renditions/{image.pk}/card.webp"
    assert _document(product.id)["card"]["image"].endswith(expected)
    found = client.get("/api/search/", {"q": "cam sanh"}).json()["results"]
    assert [hit["id"] for hit in found] == [product.id] and found[0]["image"].endswith(expected)
