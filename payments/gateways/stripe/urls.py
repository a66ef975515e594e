"""Included as `path("payments/stripe/", include("payments.gateways.stripe.urls"))`."""

from django.db import transaction
from django.urls import path

from . import views

app_name = "stripe"

urlpatterns = [
    path("webhook/", views.webhook, name="webhook"),
    path("return/", views.payment_return, name="return"),
    path("pay/<str:intent_id>/", views.card_page, name="card"),  # Stripe.js Payment Element (real Stripe)
    # The local Stripe (STRIPE_API_BASE empty): the API under sim/v1/, and the card page standing in for
    # Stripe.js. The page posts webhooks as separate requests: keep it out of this one's transaction.
    path("sim/v1/<path:endpoint>", views.sim_api, name="sim-api"),
    path("sim/pay/<str:intent_id>/", transaction.non_atomic_requests(views.sim_pay), name="sim-pay"),
]
