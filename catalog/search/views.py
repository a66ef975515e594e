"""Storefront browse, category and search pages, answered by catalog.search.services.

They replace Oscar's haystack views (Oscar's documented fork of the search app): the
engine answers when it is up; the database answers, without facets, when it is not.
"""

from django.core.paginator import Paginator
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from oscar.core.loading import get_model

from catalog.search import intent
from catalog.search.forms import FILTER_KEYS, params_from_query
from catalog.search.types import SORTS
from catalog.selectors import featured_products, products_by_ids

Category = get_model("catalogue", "Category")

SORT_LABELS = {
    "relevance": _("Relevance"),
    "price_asc": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
    "newest": _("Newest"),
    "best_selling": _("Best selling"),
    "stars": _("OCOP stars"),
}
FACET_TITLES = {
    "group": _("OCOP product group"),
    "stars": _("OCOP stars"),
    "province": _("Province"),
    "producer_type": _("Producer type"),
    "price": _("Price"),
    "in_stock": _("Availability"),
    "certified": _("OCOP certificate"),
}


EMPTY_PAGE_PICKS = 8  # featured products shown when the words found nothing


class _ResultPage:
    """Lets Django's Paginator page over results that the engine already paged."""

    def __init__(self, products, total, offset):
        self.products, self.total, self.offset = products, total, offset

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, item):
        return self.products


def _without_filters_url(request) -> str:
    """The same words and sort without any facet or price filter: where a buyer goes when the
    filters left nothing ("cà phê 5 sao" with no 5★ coffee listed)."""
    query = request.GET.copy()
    for key in (*FILTER_KEYS, "page"):
        query.pop(key, None)
    return "?" + query.urlencode()


def _toggle_url(request, name, value):
    query = request.GET.copy()
    query.pop("page", None)
    values = query.getlist(name)
    query.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return "?" + query.urlencode()


class ProductListView(TemplateView):
    template_name = "oscar/catalogue/browse.html"
    summary = _("All products")

    def get(self, request, *args, **kwargs):
        # "cà phê 5 sao": the star words become the star filter, shown as a selected facet.
        rewritten = intent.rewrite_query(request.GET)
        if rewritten is not None:
            return HttpResponseRedirect(f"{request.path}?{rewritten.urlencode()}")
        return super().get(request, *args, **kwargs)

    def get_category_ids(self):
        return ()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        params = params_from_query(self.request.GET, category_ids=self.get_category_ids())
        from catalog.search import services  # imported late: Oscar loads views while apps load

        results = services.search_products(params)
        products = products_by_ids(results.product_ids)
        paginator = Paginator(_ResultPage(products, results.total, 0), params.per_page, allow_empty_first_page=True)
        page_obj = paginator.page(min(params.page, paginator.num_pages))
        facets = [
            {
                "name": name,
                "title": FACET_TITLES.get(name, name),
                "values": [
                    {
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                        "url": _toggle_url(self.request, name, v.key),
                    }
                    for v in values
                ],
            }
            for name, values in results.facets.items()
            if values
        ]
        query = self.request.GET.copy()
        query.pop("page", None)
        filtered = any(k in self.request.GET for k in FILTER_KEYS)
        ctx.update(
            products=products,
            results=results,
            params=params,
            paginator=paginator,
            page_obj=page_obj,
            facets=facets,
            highlights=results.highlights,
            summary=self.get_summary(params),
            sort_options=[(key, SORT_LABELS[key]) for key in SORTS],
            engine_down=results.engine == "database",
            query_without_page=query.urlencode(),
            filters_url=_without_filters_url(self.request) if filtered else "",
            # Words the catalogue does not have: not a dead end, the featured products instead.
            instead=featured_products(EMPTY_PAGE_PICKS) if params.q and not results.total and not filtered else [],
        )
        return ctx

    def get_summary(self, params):
        return self.summary


class CatalogueView(ProductListView):
    pass


class ProductCategoryView(ProductListView):
    template_name = "oscar/catalogue/category.html"

    def get(self, request, *args, **kwargs):
        self.category = get_object_or_404(Category, pk=kwargs["pk"])
        if not (self.category.is_public or request.user.is_staff):
            from django.http import Http404

            raise Http404
        expected = self.category.get_absolute_url()
        if request.path != expected:
            return HttpResponsePermanentRedirect(expected)
        return super().get(request, *args, **kwargs)

    def get_category_ids(self):
        return tuple(self.category.get_descendants_and_self().values_list("id", flat=True))

    def get_summary(self, params):
        return self.category.name

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["category"] = self.category
        return ctx


class FacetedSearchView(ProductListView):
    template_name = "oscar/search/results.html"

    def get_summary(self, params):
        return _("Products matching “%(q)s”") % {"q": params.q} if params.q else _("Search")
