"""Included as `path("staff/orders/", include("payments.staff_urls"))`."""

from django.db import transaction
from django.urls import path

from payments import staff_views

app_name = "payments-staff"

urlpatterns = [
    # Refunds call the provider: keep them out of one request-wide transaction (cancel_part commits first).
    path("<str:number>/", transaction.non_atomic_requests(staff_views.order_parts), name="order"),
]
