"""Mounted at /trace/: the public trace page and QR images, and the seller's lot pages.

A code typed in lower case (`/trace/mc12-2026-0001/`) is redirected to its canonical form.
"""

from django.urls import path

from . import (
    converters,  # noqa: F401  (registers "lotcode")
    manage_views,
    views,
)

app_name = "traceability"

urlpatterns = [
    path("manage/", manage_views.lot_list, name="manage-lots"),
    path("manage/new/", manage_views.lot_create, name="manage-lot-create"),
    path("manage/<lotcode:code>/", manage_views.lot_detail, name="manage-lot"),
    path("manage/<lotcode:code>/events/", manage_views.event_add, name="manage-event-add"),
    path("manage/<lotcode:code>/certifications/", manage_views.certification_add, name="manage-certification-add"),
    path("manage/<lotcode:code>/publish/", manage_views.lot_publish, name="manage-lot-publish"),
    path("manage/<lotcode:code>/recall/", manage_views.lot_recall, name="manage-lot-recall"),
    path("<lotcode:code>/", views.trace_page, name="trace"),
    path("<lotcode:code>/qr.png", views.qr_png, name="qr-png"),
    path("<lotcode:code>/qr.svg", views.qr_svg, name="qr-svg"),
    path("<str:code>/", views.trace_page_any_case, name="trace-any-case"),
]
