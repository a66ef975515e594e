"""The IOC API; mounted by the project at /api/ioc/."""

from django.urls import path, re_path

from . import api

urlpatterns = [
    path("indicators/", api.IndicatorsView.as_view(), name="ioc-indicators"),
    re_path(
        r"^breakdown/(?P<by>province|commune|seller|producer_type|ocop_group)/$",
        api.BreakdownView.as_view(),
        name="ioc-breakdown",
    ),
    path("trend/", api.TrendView.as_view(), name="ioc-trend"),
    path("dictionary/", api.DictionaryView.as_view(), name="ioc-dictionary"),
]
