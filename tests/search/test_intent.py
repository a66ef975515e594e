"""Star words in a query ("cà phê 5 sao") become the star filter."""

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.utils.html import escape

from catalog.search.intent import read_filters, rewrite_query, star_words
from catalog.search.types import SearchParams
from catalog.selectors import PICKS_CACHE_KEY


@pytest.mark.parametrize(
    ("q", "words", "stars"),
    [
        ("cà phê 5 sao", "cà phê", (5,)),
        ("ca phe 5 sao", "ca phe", (5,)),
        ("mật ong 4sao", "mật ong", (4,)),
        ("Chè Tân Cương 5★", "Chè Tân Cương", (5,)),
        ("gao 3*", "gao", (3,)),
        ("gạo 3 ★", "gạo", (3,)),
        ("mật ong từ 4 sao", "mật ong", (4, 5)),
        ("mat ong 3 sao tro len", "mat ong", (3, 4, 5)),
        ("cà phê OCOP 5 sao", "cà phê", (5,)),
        ("sản phẩm OCOP 4 sao", "", (4,)),
        ("5 sao", "", (5,)),
        ("đặc sản 5 sao", "", (5,)),
        ("cà phê, 5 sao", "cà phê", (5,)),
        ("chè 4 sao hoặc 5 sao", "chè", (4, 5)),
        ("chè 4 sao, 5 sao", "chè", (4, 5)),
        ("chè xín mần 5 sao", "chè xín mần", (5,)),  # a place's name, no filler "xịn"
        ("mua mật ong ngon 4 sao", "mật ong", (4,)),
    ],
)
def test_star_words_become_the_star_filter(q, words, stars):
    assert star_words(q) == (words, stars)


@pytest.mark.parametrize(
    "q",
    [
        "cà phê",
        "gạo ST25",  # a digit that is not a rank
        "cà phê 2 sao",  # OCOP ranks are 3 to 5
        "cà phê hòa tan 3 trong 1",  # "3" without "sao"
        "sao vàng",  # "sao" without a rank
        "sản phẩm ocop",
        "",
    ],
)
def test_queries_without_star_words_are_kept_whole(q):
    assert star_words(q) == (q, ())


def test_read_filters_adds_to_the_stars_already_chosen():
    params = read_filters(SearchParams(q="ca phe 5 sao", stars=(3,), provinces=("66",)))
    assert params == SearchParams(q="ca phe", stars=(3, 5), provinces=("66",))
    untouched = SearchParams(q="ca phe")
    assert read_filters(untouched) is untouched


def test_rewrite_query_moves_star_words_into_the_stars_parameter():
    query = QueryDict("q=ca+phe+5+sao&province=66&page=3&stars=4")
    rewritten = rewrite_query(query)
    assert rewritten["q"] == "ca phe"
    assert rewritten.getlist("stars") == ["4", "5"]
    assert rewritten.getlist("province") == ["66"]
    assert "page" not in rewritten  # a new filter starts at the first page
    assert rewrite_query(QueryDict("q=ca+phe&stars=5")) is None


@pytest.mark.django_db
@pytest.mark.search
class TestThroughTheSite:
    def test_api_filters_on_the_stars_typed_and_says_so(self, client, shared_catalogue):
        body = client.get("/api/search/", {"q": "ca phe 5 sao"}).json()
        assert body["query"] == {"q": "ca phe", "stars": [5]}
        assert [r["id"] for r in body["results"]] == [shared_catalogue["cafe_bmt"].id]
        assert {v["key"]: v["selected"] for v in body["facets"]["stars"]}["5"]

        body = client.get("/api/search/", {"q": "cà phê từ 4 sao"}).json()
        ids = {r["id"] for r in body["results"]}
        assert {shared_catalogue[k].id for k in ("cafe_bmt", "cafe_robusta", "cafe_arabica_sonla")} <= ids
        assert shared_catalogue["cafe_cau_dat"].id not in ids  # 3★
        assert shared_catalogue["cafe_chon"].id not in ids  # no certificate
        assert shared_catalogue["cafe_khe_sanh_expired"].id not in ids  # its 4★ has expired
        assert all(r["stars"] in (4, 5) for r in body["results"])

    def test_api_without_star_words_searches_the_words(self, client, shared_catalogue):
        body = client.get("/api/search/", {"q": "ca phe hoa tan 3 trong 1"}).json()
        assert body["query"] == {"q": "ca phe hoa tan 3 trong 1", "stars": []}
        assert body["results"][0]["id"] == shared_catalogue["cafe_hoa_tan"].id

    def test_search_page_redirects_star_words_to_the_star_facet(self, client, shared_catalogue):
        response = client.get("/search/", {"q": "cà phê 5 sao", "province": "66"})
        assert response.status_code == 302
        target = QueryDict(response.url.partition("?")[2])
        assert response.url.startswith("/search/?")
        assert (target["q"], target.getlist("stars"), target.getlist("province")) == ("cà phê", ["5"], ["66"])

        page = client.get(response.url)
        assert page.status_code == 200
        assert [p.id for p in page.context["products"]] == [shared_catalogue["cafe_bmt"].id]
        stars = next(f for f in page.context["facets"] if f["name"] == "stars")
        assert any(v["selected"] and v["label"] == "5★" for v in stars["values"])

    def test_filters_that_leave_nothing_offer_the_words_without_them(self, client, shared_catalogue):
        # No 5★ coffee in Lâm Đồng: the page says the filters did it and links to the words alone.
        page = client.get("/search/", {"q": "ca phe", "stars": "5", "province": "68", "sort": "price_asc"})
        assert page.status_code == 200 and list(page.context["products"]) == []
        assert QueryDict(page.context["filters_url"].lstrip("?")) == QueryDict("q=ca+phe&sort=price_asc")
        assert f'href="{escape(page.context["filters_url"])}"' in page.content.decode()

        after = client.get("/search/" + page.context["filters_url"])
        assert shared_catalogue["cafe_cau_dat"].id in [p.id for p in after.context["products"]]
        assert after.context["filters_url"] == ""  # nothing left to take off

    def test_words_that_find_nothing_show_the_featured_products_instead(self, client, shared_catalogue):
        cache.delete(PICKS_CACHE_KEY)  # picks another module's catalogue left
        page = client.get("/search/", {"q": "yến sào"})  # no bird's nest in the catalogue
        instead = [p.id for p in page.context["instead"]]

        assert page.status_code == 200 and list(page.context["products"]) == []
        assert len(instead) == 8 and instead == [p.id for p in client.get("/").context["featured"][:8]]
        uncertified = {shared_catalogue[k].id for k in ("cafe_chon", "cafe_khe_sanh_expired", "hidden")}
        assert not uncertified & set(instead)
        assert "nonefound-instead" in page.content.decode()
        # Found, or filtered to nothing: the page has its own answer.
        assert client.get("/search/", {"q": "ca phe"}).context["instead"] == []
        assert client.get("/search/", {"q": "ca phe", "stars": "5", "province": "68"}).context["instead"] == []
