"""The project's URLs plus the sellers' pages, until the project includes them itself."""

from django.urls import include, path

from marketplace.urls import urlpatterns as project_urlpatterns

already_included = any(getattr(p, "namespace", None) == "sellers" for p in project_urlpatterns)
urlpatterns = ([] if already_included else [path("sellers/", include("marketplace.sellers.urls"))]) + list(
    project_urlpatterns
)
