"""The project's URLs plus the search API under /api/, for tests until marketplace/api_urls.py routes it."""

from django.urls import include, path

from catalog.search import api
from marketplace.urls import urlpatterns as project_urlpatterns

api_patterns = [
    path("search/", api.SearchView.as_view(), name="api-search"),
    path("search/suggest/", api.SuggestView.as_view(), name="api-search-suggest"),
]
urlpatterns = [path("api/", include(api_patterns)), *project_urlpatterns]
