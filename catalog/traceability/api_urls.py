"""Lot API, mounted by the project at /api/trace/."""

from django.urls import path

from . import (
    api,
    converters,  # noqa: F401  (registers "lotcode")
)

urlpatterns = [
    path("lots/", api.LotListCreateView.as_view(), name="api-trace-lots"),
    path("lots/<lotcode:code>/", api.LotDetailView.as_view(), name="api-trace-lot"),
    path("lots/<lotcode:code>/events/", api.LotEventCreateView.as_view(), name="api-trace-lot-events"),
    path(
        "lots/<lotcode:code>/certifications/",
        api.LotCertificationCreateView.as_view(),
        name="api-trace-lot-certifications",
    ),
    path("lots/<lotcode:code>/publish/", api.LotPublishView.as_view(), name="api-trace-lot-publish"),
    path("lots/<lotcode:code>/recall/", api.LotRecallView.as_view(), name="api-trace-lot-recall"),
]
