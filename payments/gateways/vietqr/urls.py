from django.db import transaction
from django.urls import path

from . import simulator, views

app_name = "vietqr"

urlpatterns = [
    path("webhook/bankfeed/", views.bankfeed_webhook, name="bankfeed-webhook"),
    path("pay/<str:reference>/", views.qr_page, name="qr-page"),
    path("pay/<str:reference>/qr.<str:kind>", views.qr_image, name="qr-image"),
    # The simulated bank app posts the webhook as a separate request: keep it out of this one's transaction.
    path("sim/bank/", transaction.non_atomic_requests(simulator.bank_app), name="bank-app"),
]
