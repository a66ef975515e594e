"""Search API: `/api/search/` (results with facet counts) and `/api/search/suggest/`.

Thin views: parse the query string, call one service, serialize. The same query string as
the storefront (catalog/search/forms.py), so a page URL and its API URL say the same thing.
Results are cards read from the index documents, so a search costs no database query while
the engine is up (full product data: /api/products/<id>/).
"""

from dataclasses import asdict

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import intent, services
from .documents import documents_for
from .forms import params_from_query
from .types import MATCHED, PRICE_RANGES, SORTS

MAX_PER_PAGE = 100


class SearchHitSerializer(serializers.Serializer):
    """A result card, read from the indexed document (or built the same way from the database)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    image = serializers.CharField(allow_null=True)
    price = serializers.IntegerField(allow_null=True, help_text="VND, no minor unit")
    currency = serializers.CharField()
    available = serializers.BooleanField()
    unit = serializers.CharField()
    stars = serializers.IntegerField(allow_null=True, help_text="Only from a valid, awarded OCOP certificate")
    proposed_stars = serializers.IntegerField(allow_null=True, help_text="A pending proposal, never shown as awarded")
    producer = serializers.CharField()
    producer_type = serializers.CharField(allow_null=True)
    place = serializers.CharField(help_text="Origin commune and province")
    province = serializers.CharField(allow_null=True, help_text="NSO province code")
    highlight = serializers.CharField(allow_null=True, help_text="Title with the matched words in <mark>, HTML-escaped")


def search_hit(product_id: int, doc: dict, *, today, highlight: str | None, request) -> dict:
    """The card of one document. The star is re-checked against today: a certificate that
    expired since the document was written shows no star."""
    card = doc["card"]
    star_valid = doc.get("star_until") and doc["star_until"] >= today.isoformat()
    image = card.get("image")
    return {
        "id": product_id,
        "title": doc["title"],
        "url": card["url"],
        "image": request.build_absolute_uri(image) if image and request else image,
        "price": doc.get("price"),
        "currency": "VND",
        "available": card["in_stock"],
        "unit": card.get("unit") or "",
        "stars": doc.get("stars") if star_valid else None,
        "proposed_stars": card.get("proposed_stars"),
        "producer": doc.get("producer") or "",
        "producer_type": card.get("producer_type"),
        "place": doc.get("place") or "",
        "province": card.get("province"),
        "highlight": highlight,
    }


class FacetValueSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The value to send back in the facet's query parameter")
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="Products matching with this value, the other facets applied")
    selected = serializers.BooleanField()


class QuerySerializer(serializers.Serializer):
    q = serializers.CharField(help_text="The words searched")
    stars = serializers.ListField(child=serializers.IntegerField(), help_text="The star filter applied")


class SearchResponseSerializer(serializers.Serializer):
    engine = serializers.ChoiceField(
        ["elasticsearch", "database"], help_text="database: the engine was down, no facets"
    )
    took_ms = serializers.FloatField(allow_null=True, help_text="The engine's own time; null from the database")
    matched = serializers.ChoiceField(
        list(MATCHED),
        help_text="all: every word found; incidental: every word found, some only inside a place's name or "
        'as a pack before its size ("ca phe buon ma", "mat ong chai"); fuzzy: nothing had every word, so typos '
        "were allowed and "
        "descriptions read; partial: not even then, so these have all words but one (3 words or more)",
    )
    corrected = serializers.CharField(
        allow_blank=True,
        help_text="With matched=fuzzy: the query as the products found write it, its typos read right "
        '("cà phê buôn ma thuột" for "ca phe buon ma thout"); empty when the words were searched as typed',
    )
    query = QuerySerializer(
        help_text='What was searched: star words in `q` ("5 sao", "từ 4 sao") become the star filter'
    )
    total = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    results = SearchHitSerializer(many=True)
    facets = serializers.DictField(
        child=FacetValueSerializer(many=True),
        help_text="group, stars, province, producer_type, price, in_stock, certified",
    )


class SuggestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.CharField()
    image = serializers.CharField(allow_null=True)
    highlight = serializers.CharField(help_text="Title with the typed words in <mark>, HTML-escaped")


class SuggestResponseSerializer(serializers.Serializer):
    engine = serializers.ChoiceField(
        ["elasticsearch", "database", "none"], help_text="none: fewer than 2 letters typed"
    )
    took_ms = serializers.FloatField(allow_null=True, help_text="The engine's own time; null otherwise")
    suggestions = SuggestionSerializer(many=True)


def _param(name, description, type_=OpenApiTypes.STR, many=False, enum=None):
    return OpenApiParameter(name, type_, OpenApiParameter.QUERY, description=description, many=many, enum=enum)


SEARCH_PARAMETERS = [
    _param("q", 'Words to find, with or without diacritics ("ca phe" finds "cà phê")'),
    _param("category", "A category id: products in it or its sub-categories", OpenApiTypes.INT),
    _param("group", "Top-level OCOP group code (repeatable)", many=True),
    _param("stars", "OCOP stars 3, 4 or 5 (repeatable); only valid certificates count", OpenApiTypes.INT, many=True),
    _param("province", "NSO province code, e.g. 66 for Đắk Lắk (repeatable)", many=True),
    _param("producer_type", "household, coop_group, cooperative, enterprise (repeatable)", many=True),
    _param("price", "Price range key", enum=[key for key, _low, _high in PRICE_RANGES]),
    _param("price_min", "Lowest price, VND", OpenApiTypes.INT),
    _param("price_max", "Highest price, VND", OpenApiTypes.INT),
    _param("in_stock", "1: only products in stock"),
    _param("certified", "1: only products with a valid OCOP certificate"),
    _param("sort", "Order of results", enum=list(SORTS)),
    _param("page", "Page number, from 1", OpenApiTypes.INT),
    _param("per_page", f"Results per page, at most {MAX_PER_PAGE}", OpenApiTypes.INT),
]


def _category_ids(query) -> tuple[int, ...]:
    # The index stores each product's categories with all their ancestors, and the database
    # fallback expands to descendants, so the category id alone selects its whole subtree.
    value = query.get("category", "")
    return (int(value),) if value.isdigit() else ()


def _per_page(query) -> int:
    value = query.get("per_page", "")
    return min(max(int(value), 1), MAX_PER_PAGE) if value.isdigit() else 24


class SearchView(APIView):
    """Product search with facet counts: the engine when it is up, the database otherwise."""

    @extend_schema(parameters=SEARCH_PARAMETERS, responses=SearchResponseSerializer)
    def get(self, request):
        params = params_from_query(
            request.GET, category_ids=_category_ids(request.GET), per_page=_per_page(request.GET)
        )
        # "ca phe 5 sao": the star words filter instead of being searched; `query` says so.
        params = intent.read_filters(params)
        results = services.search_products(params)
        # The engine returns the documents; when the database answered, build the same ones.
        documents = results.documents or documents_for(results.product_ids)[0]
        today = timezone.localdate()
        hits = [
            search_hit(pid, documents[pid], today=today, highlight=results.highlights.get(pid), request=request)
            for pid in results.product_ids
            if pid in documents
        ]
        return Response(
            {
                "engine": results.engine,
                "took_ms": results.took_ms,
                "matched": results.matched,
                "corrected": results.corrected,
                "query": {"q": params.q, "stars": list(params.stars)},
                "total": results.total,
                "page": results.page,
                "per_page": results.per_page,
                "num_pages": results.num_pages,
                # Plain dicts already in the documented shape (the serializers above document
                # it): running DRF fields over ~80 objects cost more than the rest of the view.
                "results": hits,
                "facets": {name: [asdict(v) for v in values] for name, values in results.facets.items()},
            }
        )


class SuggestView(APIView):
    """Search-as-you-type: up to `limit` products whose title words start with the typed words."""

    @extend_schema(
        parameters=[_param("q", "What the buyer has typed so far"), _param("limit", "At most 20", OpenApiTypes.INT)],
        responses=SuggestResponseSerializer,
    )
    def get(self, request):
        limit = request.GET.get("limit", "")
        results = services.suggest(request.GET.get("q", ""), int(limit) if limit.isdigit() else 8)
        suggestions = SuggestionSerializer(results.suggestions, many=True).data
        return Response({"engine": results.engine, "took_ms": results.took_ms, "suggestions": suggestions})
