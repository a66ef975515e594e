from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from catalog import api as catalog_api
from catalog.search import api as search_api

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("products/", catalog_api.ProductListView.as_view(), name="api-product-list"),
    path("products/<int:pk>/", catalog_api.ProductDetailView.as_view(), name="api-product-detail"),
    path("search/", search_api.SearchView.as_view(), name="api-search"),
    path("search/suggest/", search_api.SuggestView.as_view(), name="api-search-suggest"),
]
