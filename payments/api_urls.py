"""Included as `path("api/checkout/", include("payments.api_urls"))` (before "api/")."""

from django.urls import path

from payments import api

urlpatterns = [
    path("shipping-quotes/", api.ShippingQuotesView.as_view(), name="api-checkout-shipping-quotes"),
    path("orders/", api.PlaceOrderView.as_view(), name="api-checkout-place-order"),
    path("orders/<str:number>/", api.OrderStatusView.as_view(), name="api-checkout-order"),
]
