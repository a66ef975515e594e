"""The project's URLs plus the checkout API (the line the report asks urls.py to add)."""

from django.urls import include, path

from marketplace.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("api/checkout/", include("payments.api_urls")),
    *project_urlpatterns,
]
