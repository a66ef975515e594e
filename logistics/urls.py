"""Included as `path("logistics/", include("logistics.urls"))`."""

from django.db import transaction
from django.urls import path

from . import simulator_views, views

app_name = "logistics"

urlpatterns = [
    path("webhooks/<str:carrier>/<str:token>/", views.webhook, name="webhook"),
    # Staff only, simulators only: move simulated parcels along (each step posts the carrier's webhook).
    path("simulator/", simulator_views.board, name="simulator"),
    path(
        "simulator/<int:shipment_id>/advance/",
        transaction.non_atomic_requests(simulator_views.advance),
        name="simulator-advance",
    ),
]
