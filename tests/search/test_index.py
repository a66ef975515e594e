"""The product index: Vietnamese analysis, documents, idempotent updates, alias-swap rebuilds."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from catalog.search import engine, index, queries
from catalog.search.documents import documents_for
from catalog.search.types import SearchParams

from .helpers import Commune, Partner, Product, StockRecord, make_product, search

Category = get_model("catalogue", "Category")

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def _tokens(analyzer, text):
    result = engine.get_client().indices.analyze(index=index.alias_name(), analyzer=analyzer, text=text)
    return [t["token"] for t in result["tokens"]]


def test_folded_field_drops_diacritics_and_stroke_while_exact_field_keeps_them(search_index):
    assert _tokens("vi_folded", "Đường phèn Cà phê") == ["duong", "phen", "ca", "phe"]
    assert _tokens("vi_exact", "Đường phèn Cà phê") == ["đường", "phèn", "cà", "phê"]
    assert _tokens("vi_autocomplete", "Đường")[:3] == ["d", "du", "duo"]


def test_buyer_typing_duong_without_accents_finds_duong_phen(search_index):
    sugar = make_product("Đường phèn Quảng Ngãi")
    make_product("Cá kho làng Vũ Đại")
    search_index()

    results = search(q="duong")

    assert results.engine == "elasticsearch"
    assert results.product_ids == [sugar.id]
    assert "<mark>Đường</mark>" in results.highlights[sugar.id]


def test_a_place_phrase_never_joins_words_of_two_fields(search_index):
    # The title's 4th word is "tay" and the producer's 5th is "Nguyễn": were the fields'
    # positions laid over each other in `all`, "tây nguyên" would read as a phrase there.
    hanoi = Commune.objects.filter(province_id="01").order_by("code").first()
    workshop = Partner.objects.create(name="Cơ sở nón lá Nguyễn Thị Liên", producer_type="household", commune=hanoi)
    make_product("Nón lá vẽ tay làng Chuông", province="01", producer=workshop)
    coffee = make_product("Cà phê Robusta rang mộc", province="66", commune="Phường Buôn Ma Thuột")
    search_index()

    assert search(q="dac san tay nguyen").product_ids == [coffee.id]
    assert search(q="tay nguyen").product_ids == [coffee.id]


def test_a_province_name_matches_only_whole_never_a_word_of_it(search_index):
    # Titles rarely name the province: Gành Hào's shrimp paste is Cà Mau's, Trà Cú's cake Vĩnh Long's.
    paste = make_product("Mắm tôm chà Gành Hào", province="96", commune="Xã Gành Hào")
    cake = make_product("Bánh in nhân đậu xanh Trà Cú", province="86", commune="Xã Trà Cú")
    search_index()

    assert search(q="cha ca").product_ids == []  # chả cá: not "chà" + "Cà Mau"
    assert search(q="nhan long").product_ids == []  # nhãn lồng: not "nhân" + "Vĩnh Long"
    assert search(q="mam tom ca mau").product_ids == [paste.id]
    assert search(q="banh in vinh long").product_ids == [cake.id]
    assert search(q="gành hào").product_ids == [paste.id]  # the commune's words are the product's


def test_a_commune_or_former_district_matches_only_by_its_whole_name(search_index):
    # Xã Tân Long (Tuyên Quang) was in Yên Sơn district, Xã Sa Lý (Bắc Ninh) in Lục Ngạn: titles
    # seldom say so, buyers do ("vải Lục Ngạn").
    cake = make_product("Bánh in nhân đậu xanh", province="08", commune="Xã Tân Long")
    lychee = make_product("Vải thiều sấy khô", province="24", commune="Xã Sa Lý")
    search_index()

    assert search(q="nhan long").product_ids == []  # nhãn lồng: not "nhân" + Tân "Long"
    assert search(q="banh tan").product_ids == []
    assert search(q="banh tan long").product_ids == [cake.id]
    assert search(q="banh in yen son").product_ids == [cake.id]
    assert search(q="vai thieu luc ngan").product_ids == [lychee.id]
    assert search(q="vải lục ngạn").product_ids == [lychee.id]
    assert search(q="vai luc").product_ids == []  # a name only whole


def test_a_typo_is_not_read_across_the_edge_of_a_place_name(search_index):
    # "Hưng Yên sấy": "yến sào" (bird's nest) is not "yên sấy"; no bird's nest is listed.
    longan = make_product("Long nhãn Hưng Yên sấy khô", province="33")
    search_index()

    assert search(q="yen sao").product_ids == []
    assert search(q="yến sào").product_ids == []
    results = search(q="long nhan hung yen sya")  # a typo next to it is still read
    assert (results.product_ids, results.corrected) == ([longan.id], "long nhãn hưng yên sấy")


def test_a_word_of_a_place_name_in_a_title_does_not_match_alone(search_index):
    # "son" is a lip balm ("son dưỡng" is a kind, though Sơn Dương was a district), not Lý Sơn's
    # garlic or Sơn La's coffee: their titles hold those words only inside a place name (incidental).
    balm = make_product("Son dưỡng sáp ong thỏi 5g", province="91")
    garlic = make_product("Tỏi Lý Sơn túi 1kg", province="51")
    coffee = make_product("Cà phê Arabica Sơn La", province="14")
    search_index()

    assert search(q="son").product_ids == [balm.id]
    assert search(q="son duong").product_ids == [balm.id]
    assert search(q="toi ly son").product_ids == [garlic.id]
    results = search(q="cafe son")  # found only inside a place's name: the pass after the strict one
    assert (results.product_ids, results.matched) == ([coffee.id], "incidental")


def test_a_pack_before_its_size_is_no_word_of_the_product(search_index):
    # "hủ tiếu" (a noodle) is no pepper sold in a "hũ 200g"; a buyer who asks for the bottle
    # still finds the bottled honey, by the pass after the strict one.
    noodle = make_product("Hủ tiếu khô Sa Đéc túi 500g", province="82")
    pepper = make_product("Tiêu sọ Phú Quốc hũ 200g", province="91")
    honey = make_product("Mật ong rừng chai 500ml", province="96")
    search_index()

    assert search(q="hu tieu").product_ids == [noodle.id]
    assert pepper.id in search(q="tieu").product_ids  # its "tiêu" says what it is
    results = search(q="mat ong chai")
    assert (results.product_ids, results.matched) == ([honey.id], "incidental")


def test_the_last_pass_never_misses_the_word_that_names_the_product(search_index):
    # It lets one word of three miss, but never the first: the buyer names the product first.
    liquor = make_product("Rượu Bàu Đá 40 độ")
    banana = make_product("Chuối sấy giòn")
    plum = make_product("Mận sấy dẻo")
    search_index()

    assert search(q="banh da do").product_ids == []  # bánh đa đỏ: no liquor of Bàu Đá
    assert search(q="chuoi say deo").product_ids == [banana.id]
    assert set(search(q="say deo ngot").product_ids) == {plum.id}  # "ngọt" may miss
    assert search(q="ruou bau da ngon nhat").product_ids == [liquor.id]
    assert search(q="– chuoi say deo").product_ids == [banana.id]  # the first word, not a dash


def test_a_place_name_with_an_apostrophe_is_found_however_it_is_typed(search_index):
    coffee = make_product("Cà phê Robusta rang mộc", province="66", commune="Xã Cư M'gar")
    search_index()

    for query in ["ca phe cu m'gar", "cà phê Cư M’gar", "ca phe cu mgar", "ca phe, cu mgar."]:
        assert search(q=query).product_ids == [coffee.id], query


def test_group_words_that_say_how_a_product_is_made_do_not_find_it(search_index):
    # OCOP's groups: folded, the "chế" of "sơ chế, chế biến" reads "chè" (tea), the "sống" of
    # "tươi sống" reads "sông" (river).
    food = Category.add_root(name="Thực phẩm", code="tp", slug="tp")
    processed = food.add_child(name="Nông, thủy sản sơ chế, chế biến", code="tp-cb", slug="tp-cb")
    fresh = food.add_child(name="Nông, thủy sản tươi sống", code="tp-tuoi", slug="tp-tuoi")
    paste = make_product("Mắm tôm chà Gành Hào")
    fish = make_product("Cá thu một nắng")
    tea = make_product("Chè búp Tân Cương")
    for product, group in [(paste, processed), (fish, fresh), (tea, processed)]:
        product.categories.add(group)
    search_index()

    assert search(q="che").product_ids == [tea.id]
    assert search(q="tra").product_ids == [tea.id]  # read "chè" too (synonyms_vi.txt)
    assert search(q="ca song").product_ids == []
    assert set(search(q="thuy san").product_ids) == {paste.id, fish.id, tea.id}  # what the group is


def test_indexing_is_idempotent_and_removes_private_and_deleted_products(search_index):
    kept = make_product("Mật ong rừng U Minh")
    hidden = make_product("Mật ong thử nghiệm")
    gone = make_product("Mật ong cũ")
    search_index()
    assert search(q="mat ong").total == 3

    hidden.is_public = False
    hidden.save()
    gone_id = gone.id
    gone.delete()
    first = index.index_products([kept.id, hidden.id, gone_id])
    second = index.index_products([kept.id, hidden.id, gone_id])

    assert first == second == {"indexed": 1, "deleted": 2, "targets": index.live_index_names()}
    assert search(q="mat ong").product_ids == [kept.id]


def test_documents_cost_the_same_number_of_queries_for_5_or_25_products(search_index):
    products = [make_product(f"Gạo ST25 lô {n}") for n in range(25)]

    def queries_for(ids):
        with CaptureQueriesContext(connection) as ctx:
            docs, _ = documents_for(ids)
        assert len(docs) == len(ids)
        return len(ctx.captured_queries)

    assert queries_for([p.id for p in products[:5]]) == queries_for([p.id for p in products])


def test_a_parent_lists_its_cheapest_variant_and_is_in_stock_while_any_variant_is(search_index):
    """Variants are not listed themselves; their parent carries the price, stock and SKUs."""
    jar = make_product("Mật ong hoa cà phê")
    jar.structure = "parent"
    jar.save()
    jar.stockrecords.all().delete()  # a parent sells through its variants
    small, large = (
        Product.objects.create(parent=jar, structure="child", title=f"Mật ong hoa cà phê {size}")
        for size in ("250g", "1kg")
    )
    for variant, price, units in ((small, 95_000, 0), (large, 320_000, 7)):
        for n, extra in enumerate((0, 50_000)):  # only a variant's first record counts, as in the shop
            StockRecord.objects.create(
                product=variant,
                partner=jar.producer,
                partner_sku=f"V{variant.pk}-{n}",
                price=Decimal(price + extra),
                price_currency="VND",
                num_in_stock=units,
            )

    docs, gone = documents_for([jar.id, small.id, large.id])

    assert set(docs) == {jar.id} and gone == {small.id, large.id}
    card = docs[jar.id]["card"]
    assert docs[jar.id]["price"] == 95_000
    assert (card["in_stock"], card["num_in_stock"]) == (True, 7)
    assert "price:0-100000" in docs[jar.id]["facets"] and "in_stock:1" in docs[jar.id]["facets"]

    StockRecord.objects.filter(product=large).update(num_in_stock=0)
    docs, _ = documents_for([jar.id])
    assert (docs[jar.id]["card"]["in_stock"], docs[jar.id]["card"]["num_in_stock"]) == (False, 0)

    search_index()
    assert search(q="mat ong ca phe", in_stock=True).product_ids == []
    assert search(q="mat ong ca phe").product_ids == [jar.id]


def test_rebuild_swaps_the_alias_while_searches_keep_answering(search_index):
    for n in range(40):
        make_product(f"Chè Tân Cương hộp {n}")
    search_index()
    before = index.live_index_names()
    client, alias = engine.get_client(), index.alias_name()
    answers, stop = [], threading.Event()

    def keep_searching():
        # Engine only (facets off): this thread has no database connection of its own.
        while not stop.is_set():
            answers.append(queries.execute(client, SearchParams(q="che tan cuong", facets=False), index=alias).total)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        stats = index.rebuild_index(batch_size=5)  # 8 bulk requests: a window for the searcher
    finally:
        stop.set()
        searcher.join()

    assert stats["products"] == 40
    assert index.live_index_names() == [stats["index"]] != before
    assert list(index._aliases()) == [stats["index"]]  # the old index is gone
    assert answers and set(answers) == {40}  # never an error, never an empty index
