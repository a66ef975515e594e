"""The project's URLs plus the staff certificate pages, mounted where the lead mounts them."""

from django.urls import include, path

from marketplace.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("staff/certificates/", include("catalog.staff_urls")), *project_urlpatterns]
