"""The database answer (engine down): diacritics-insensitive, same filters, simple ranking."""

import pytest

from catalog.search import fallback
from catalog.search.types import SearchParams

from .helpers import make_product
from .test_queries import LISTED, NO_STAR

pytestmark = pytest.mark.django_db


def _keys(params, ids):
    results = fallback.search_products(params)
    assert results.engine == "database" and results.facets == {}
    return [ids[i] for i in results.product_ids]


def test_words_match_without_diacritics_and_all_must_match(shared_catalogue, ids):
    assert _keys(SearchParams(q="duong phen"), ids) == ["duong_phen"]
    assert set(_keys(SearchParams(q="ca phe buon ma thuot"), ids)) == {
        "cafe_bmt",
        "cafe_robusta",
        "mat_ong_hoa_ca_phe_bmt",
    }
    assert "hidden" not in _keys(SearchParams(q="ca phe", per_page=50), ids)


def test_words_that_say_nothing_about_the_product_are_dropped_as_the_engine_drops_them(shared_catalogue, ids):
    assert "gao_st25" in _keys(SearchParams(q="gao ngon"), ids)
    assert _keys(SearchParams(q="mua duong phen gia re"), ids) == ["duong_phen"]


def test_exact_title_phrase_ranks_first(shared_catalogue, ids):
    assert _keys(SearchParams(q="Mật ong hoa cà phê"), ids)[0] == "mat_ong_hoa_ca_phe"


def test_the_product_named_first_outranks_a_title_that_holds_the_whole_phrase(shared_catalogue, ids):
    # As the engine ranks it: the honey's title holds "cà phê Buôn Ma Thuột"; it is honey.
    assert _keys(SearchParams(q="ca phe buon ma thuot"), ids)[-1] == "mat_ong_hoa_ca_phe_bmt"


def test_same_filters_as_the_engine(shared_catalogue, ids):
    assert set(_keys(SearchParams(provinces=("96",), per_page=50), ids)) == {
        k for k, s in LISTED.items() if s[2] == "96"
    }
    five = set(_keys(SearchParams(stars=(5,), per_page=50), ids))
    assert five == {k for k, s in LISTED.items() if s[5] == 5 and k not in NO_STAR}
    certified = set(_keys(SearchParams(certified_only=True, per_page=200), ids))
    assert not certified & (NO_STAR | {"cafe_chon"})
    assert "tom_kho_sold_out" not in _keys(SearchParams(q="tom kho", in_stock=True), ids)
    cheap = _keys(SearchParams(price_range="0-100000", per_page=200), ids)
    assert set(cheap) == {k for k, s in LISTED.items() if s[4] < 100_000}
    assert set(_keys(SearchParams(groups=("tourism",)), ids)) == {"ban_ang", "cat_cat"}
    assert set(_keys(SearchParams(producer_types=("coop_group",), q="mat ong"), ids)) == {"mat_ong_rung"}


def test_price_sort_and_pages(shared_catalogue, ids):
    keys = _keys(SearchParams(sort="price_asc", per_page=200), ids)
    assert [LISTED[k][4] for k in keys] == sorted(LISTED[k][4] for k in keys)
    page_two = fallback.search_products(SearchParams(sort="price_asc", per_page=10, page=2))
    assert [ids[i] for i in page_two.product_ids] == keys[10:20]
    assert page_two.total == len(LISTED)


def test_suggestions_from_the_database(shared_catalogue, ids):
    assert "duong_phen" in [ids[s.id] for s in fallback.suggest("duong ph", 5)]


def test_database_suggestions_read_titles_not_descriptions():
    # "honey" with the engine down suggested an Arabica whose story says "honey process".
    from .helpers import make_product

    honey = make_product("Mật ong rừng U Minh")
    coffee = make_product("Cà phê Arabica Thuận Châu")
    coffee.description = "Sơ chế honey, hậu vị mật ong."
    coffee.save()

    def suggested(typed):  # among these two (the module's catalogue may be there too)
        return [s.id for s in fallback.suggest(typed, 20) if s.id in (honey.id, coffee.id)]

    assert suggested("mat o") == [honey.id]
    assert suggested("honey") == []
    assert suggested("arab") == [coffee.id]


def test_other_readings_of_the_query_match_too(shared_catalogue, ids):
    from catalog.search.queries import query_alternatives

    def keys(q):
        results = fallback.search_products(SearchParams(q=q, per_page=50), alternatives=query_alternatives(q))
        return set(_keys_of(results, ids))

    assert {"cafe_bmt", "cafe_robusta"} <= keys("caphe")
    assert keys("caphe") == keys("ca phe")
    assert keys("caf phee") == keys("ca phe")  # Telex keys, the keyboard off
    assert keys("gao st 25") == {"gao_st25"}  # the title says "ST25"


def _keys_of(results, ids):
    return [ids[i] for i in results.product_ids]


def test_the_database_knows_kinds_too(shared_catalogue, ids):
    # "trái cây" is in no fruit's title: search_text carries the title's kinds (kinds_vi.txt).
    fruit = set(_keys(SearchParams(q="trai cay", per_page=50), ids))
    assert {"buoi_da_xanh", "vai_thieu", "xoai_cat_hoa_loc", "xoai_say_deo"} <= fruit
    assert not fruit & {"keo_dua", "cafe_bmt"}
    assert {"tom_kho_ca_mau", "kho_ca_loc"} <= set(_keys(SearchParams(q="hai san ca mau", per_page=50), ids))


def test_a_title_holding_the_words_ranks_above_a_description_mentioning_them():
    # "duong" with the engine down listed a honey whose story mentions "đường" first: the
    # description matched the same tier as the title "Đường thốt nốt", and sales broke the tie.
    from .helpers import make_product

    honey = make_product("Mật ong hoa cà phê Ea H'Leo")
    honey.description = "Mật sánh, ngọt dịu, không pha đường."
    honey.priority = 9  # staff priority decides ties: within a tier it would come first
    honey.save()
    sugar = make_product("Đường thốt nốt Tịnh Biên")
    cake = make_product("Bánh đường phèn")
    rock = make_product("Kẹo lạc đường phèn Quảng Ngãi")
    # Title starting with the word > title holding it (the newest first) > only the description.
    mine = {sugar.id, rock.id, cake.id, honey.id}
    found = fallback.search_products(SearchParams(q="duong", per_page=100)).product_ids
    assert [pid for pid in found if pid in mine] == [sugar.id, rock.id, cake.id, honey.id]


def test_a_place_the_query_names_is_where_the_product_comes_from(shared_catalogue, ids):
    # The engine knows a product's province, former province and region (its documents'
    # place names); with the engine down the database must too, or "chè hà giang" finds nothing.
    assert "che_shan_tuyet_hsp" in _keys(SearchParams(q="che ha giang"), ids)  # Tuyên Quang since 2025
    highlands = set(_keys(SearchParams(q="ca phe tay nguyen", per_page=50), ids))
    assert {"cafe_bmt", "cafe_robusta", "cafe_cau_dat"} <= highlands
    assert not highlands & {"cafe_arabica_sonla", "cafe_mat_ong_son_la", "mat_ong_hoa_ban"}
    assert {"cafe_bmt", "cafe_robusta"} <= set(_keys(SearchParams(q="ca phe ban me thuot"), ids))  # its older name
    son_la = _keys(SearchParams(q="cà phê Sơn La", per_page=50), ids)
    assert set(son_la) == {"cafe_arabica_sonla", "cafe_mat_ong_son_la"}
    # "đặc sản" says nothing: what the north-west makes, coffee and honey and buffalo alike.
    north_west = set(_keys(SearchParams(q="dac san tay bac", per_page=50), ids))
    assert {"mat_ong_hoa_ban", "trau_gac_bep", "cafe_arabica_sonla"} <= north_west
    assert not north_west & {"cafe_bmt", "che_shan_tuyet_hsp"}
    # Only a whole name is a place: "bạc hà" is mint, not Hạ Long's squid of the "Đông Bắc".
    assert set(_keys(SearchParams(q="bac ha", per_page=50), ids)) == {
        "mat_ong_bac_ha",
        "ruou_ngo_bac_ha",
        "mat_ong_revoked",
    }


def test_a_commune_or_former_district_the_query_names_is_where_the_product_comes_from():
    # As the engine reads them (test_index.py): Xã Sa Lý was in Lục Ngạn district, Xã Tân Long in Yên Sơn.
    lychee = make_product("Vải thiều sấy khô", province="24", commune="Xã Sa Lý")
    cake = make_product("Bánh in nhân đậu xanh", province="08", commune="Xã Tân Long")

    def found(q):  # among these two: the shared catalogue may hold its own Lục Ngạn lychee
        return [i for i in fallback.search_products(SearchParams(q=q)).product_ids if i in {lychee.id, cake.id}]

    assert found("vai thieu luc ngan") == [lychee.id]
    assert found("banh tan long") == [cake.id]
    assert found("banh in yen son") == [cake.id]
    assert found("nhan long") == []
    coffee = make_product("Cà phê Robusta rang mộc", province="66", commune="Xã Cư M'gar")
    assert coffee.id in fallback.search_products(SearchParams(q="ca phe cu mgar")).product_ids


def test_a_unit_type_before_a_place_name_is_read_as_the_engine_reads_it(shared_catalogue, ids):
    expected = _keys(SearchParams(q="ca phe dak lak", per_page=50), ids)

    assert expected and _keys(SearchParams(q="ca phe tinh dak lak", per_page=50), ids) == expected
