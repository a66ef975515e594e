"""Staff monitoring pages; mounted by the project at /staff/monitoring/."""

from django.urls import path, re_path

from . import views

app_name = "monitoring"

PROVINCE = r"(?P<province>\d{2})"
COMMUNE = r"(?P<commune>\d{5})"
EXPORT = r"export/(?P<table>[a-z-]+)\.(?P<fmt>csv|xlsx)"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("country/", views.AreaView.as_view(), name="country"),
    re_path(rf"^country/{EXPORT}$", views.ExportView.as_view(), name="export-country"),
    path("tokens/", views.TokensView.as_view(), name="tokens"),
    path("tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
    re_path(
        r"^open-data/(?P<area>VN|\d{2}|dictionary)\.(?P<fmt>csv|json)$", views.OpenDataView.as_view(), name="open-data"
    ),
    re_path(rf"^{PROVINCE}/$", views.AreaView.as_view(), name="province"),
    re_path(rf"^{PROVINCE}/{EXPORT}$", views.ExportView.as_view(), name="export-province"),
    re_path(rf"^{PROVINCE}/{COMMUNE}/$", views.AreaView.as_view(), name="commune"),
    re_path(rf"^{PROVINCE}/{COMMUNE}/{EXPORT}$", views.ExportView.as_view(), name="export-commune"),
]
