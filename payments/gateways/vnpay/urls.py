"""Included by the project as `path("payments/vnpay/", include("payments.gateways.vnpay.urls"))`."""

from django.urls import path

from payments.gateways.vnpay import simulator, views

app_name = "vnpay"

urlpatterns = [
    path("ipn/", views.ipn, name="ipn"),
    path("return/", views.payment_return, name="return"),
    # The local VNPay (VNPAY_PAYMENT_URL / VNPAY_API_URL unset): same paths as the sandbox.
    path("sim/paymentv2/vpcpay.html", simulator.payment_page, name="sim-pay"),
    path("sim/paymentv2/decide/", simulator.decide, name="sim-decide"),
    path("sim/merchant_webapi/api/transaction", simulator.transaction_endpoint, name="sim-api"),
]
