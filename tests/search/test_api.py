"""`/api/search/` and `/api/search/suggest/`, through Django's test client."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from catalog.search import api, engine

from .test_outage import _dead_url

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def test_search_api_returns_cards_facets_and_the_engine(client, shared_catalogue, django_assert_max_num_queries):
    client.get("/api/search/", {"q": "mat ong"})  # warms the cached facet labels
    with django_assert_max_num_queries(2):  # ATOMIC_REQUESTS savepoint + release: no data query
        response = client.get("/api/search/", {"q": "ca phe", "province": "66", "per_page": 5})

    body = response.json()
    assert response.status_code == 200
    assert body["engine"] == "elasticsearch" and body["took_ms"] is not None
    first = body["results"][0]
    assert first["id"] == shared_catalogue["cafe_bmt"].id
    assert first["stars"] == 5 and first["price"] == 185000 and first["available"]
    assert first["url"] == shared_catalogue["cafe_bmt"].get_absolute_url()
    assert first["place"].endswith("Tỉnh Đắk Lắk") and first["province"] == "66"
    assert first["highlight"].startswith("<mark>Cà</mark> <mark>phê</mark>")
    # The hand-built response keeps the documented shape.
    assert set(first) == set(api.SearchHitSerializer().fields)
    assert set(body["facets"]["province"][0]) == set(api.FacetValueSerializer().fields)
    assert set(body) == set(api.SearchResponseSerializer().fields)
    provinces = {v["key"]: v for v in body["facets"]["province"]}
    assert provinces["66"]["selected"] and provinces["68"]["count"] == 2  # other coffee provinces still offered


def test_search_api_answers_from_the_database_when_the_engine_is_down(client, shared_catalogue, search_server):
    engine.use_url(_dead_url())
    try:
        body = client.get("/api/search/", {"q": "duong phen"}).json()
    finally:
        engine.use_url(search_server)
    assert body["engine"] == "database" and body["facets"] == {}
    assert [r["id"] for r in body["results"]] == [shared_catalogue["duong_phen"].id]
    assert body["results"][0]["highlight"] == "<mark>Đường</mark> <mark>phèn</mark> Quảng Ngãi"
    assert body["results"][0]["stars"] == 4


def test_search_api_says_which_pass_answered(client, shared_catalogue):
    assert client.get("/api/search/", {"q": "ca phe"}).json()["matched"] == "all"
    typo = client.get("/api/search/", {"q": "ca phe buon ma thout"}).json()
    assert (typo["matched"], typo["corrected"]) == ("fuzzy", "cà phê buôn ma thuột")
    assert client.get("/api/search/", {"q": "ca phe"}).json()["corrected"] == ""
    body = client.get("/api/search/", {"q": "ca phe arabica buon ma thuot"}).json()
    # All the words but "arabica": the two Buôn Ma Thuột coffees, then the coffee-blossom honey.
    assert body["matched"] == "partial" and body["total"] == 3
    assert body["results"][-1]["id"] == shared_catalogue["mat_ong_hoa_ca_phe_bmt"].id


def test_expired_certificate_shows_no_star_in_the_api(client, shared_catalogue):
    body = client.get("/api/search/", {"q": "ca phe khe sanh"}).json()
    assert body["results"][0]["id"] == shared_catalogue["cafe_khe_sanh_expired"].id
    assert body["results"][0]["stars"] is None


def test_suggest_api(client, shared_catalogue):
    body = client.get("/api/search/suggest/", {"q": "duong p", "limit": 3}).json()
    assert body["engine"] == "elasticsearch" and body["took_ms"] is not None
    assert body["suggestions"][0]["title"] == "Đường phèn Quảng Ngãi"
    assert body["suggestions"][0]["highlight"] == "<mark>Đường</mark> <mark>phèn</mark> Quảng Ngãi"
    assert body["suggestions"][0]["url"].startswith("/")


def test_both_endpoints_are_documented():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert {"/api/search/", "/api/search/suggest/"} <= set(schema["paths"])
    params = {p["name"] for p in schema["paths"]["/api/search/"]["get"]["parameters"]}
    assert {"q", "province", "stars", "sort", "page"} <= params
