"""Included as `path("payments/momo/", include("payments.gateways.momo.urls"))`."""

from django.db import transaction
from django.urls import path

from . import views

app_name = "momo"

urlpatterns = [
    path("ipn/", views.ipn, name="ipn"),
    path("return/", views.payment_return, name="return"),
    # The local MoMo (MOMO_ENDPOINT empty): same API paths as the sandbox under sim/.
    path("sim/v2/gateway/api/create", views.sim_create, name="sim-create"),
    path("sim/v2/gateway/api/query", views.sim_query, name="sim-query"),
    path("sim/v2/gateway/api/refund", views.sim_refund, name="sim-refund"),
    # The app page posts the IPN as a separate request: keep it out of this one's transaction.
    path("sim/app/<str:order_id>/", transaction.non_atomic_requests(views.sim_app), name="sim-app"),
]
