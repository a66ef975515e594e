"""VNPay callbacks: the IPN (server to server, applies the result) and the return URL (shows it).

Views only parse, call one service and answer in VNPay's format.
"""

import logging

from django.http import HttpResponse, JsonResponse
from django.template import engines
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from payments import services
from payments.checkout import services as checkout
from payments.gateways.base import InvalidSignature
from payments.gateways.vnpay.client import VNPayGateway

logger = logging.getLogger(__name__)

# Outcome of apply_provider_result -> (RspCode, Message) as VNPay's official demos answer.
IPN_ANSWERS = {
    "succeeded": ("00", "Confirm Success"),
    "failed": ("00", "Confirm Success"),
    "late_success": ("00", "Confirm Success"),
    "already_confirmed": ("02", "Order already confirmed"),
    "duplicate": ("02", "Order already confirmed"),
    "unknown_reference": ("01", "Order not found"),
    "amount_mismatch": ("04", "invalid amount"),
}

RETURN_PAGE = engines["django"].from_string(
    """<!doctype html><html><head><meta charset="utf-8"><title>{{ title }}</title></head>
<body style="font-family:sans-serif;max-width:32rem;margin:2rem auto">
<h1>{{ title }}</h1><p>{{ detail }}</p>{% if order_number %}<p>{{ order_label }}: {{ order_number }}</p>{% endif %}
{% if order_url %}<p><a href="{{ order_url }}">{{ order_link }}</a></p>{% endif %}
</body></html>"""
)


def _ipn_answer(code: str, message: str) -> JsonResponse:
    return JsonResponse({"RspCode": code, "Message": message})


@require_GET
def ipn(request):
    """VNPay's IPN: verify, apply once, answer {"RspCode", "Message"} with HTTP 200."""
    gateway = VNPayGateway()
    try:
        result = gateway.verify_callback(request.GET)
    except InvalidSignature as exc:
        logger.warning("VNPay IPN refused (97): %s; from %s", exc, request.META.get("REMOTE_ADDR"))
        return _ipn_answer("97", "Invalid signature")
    except ValueError as exc:
        logger.warning("VNPay IPN refused (99): %s", exc)
        return _ipn_answer("99", "Unknow error")
    try:
        outcome = services.apply_provider_result(
            provider="vnpay", result=result, occurred_at=services.occurred_at(gateway, result)
        )
    except Exception:
        logger.exception("VNPay IPN for %s failed while applying", result.reference)
        return _ipn_answer("99", "Unknow error")
    code, message = IPN_ANSWERS.get(outcome, ("99", "Unknow error"))
    if code not in ("00", "02"):
        logger.warning("VNPay IPN %s refused (%s): %s", result.event_key, code, outcome)
    return _ipn_answer(code, message)


@require_GET
def payment_return(request):
    """Where VNPay sends the buyer back: show the verified result; the IPN is what records it."""
    try:
        result = VNPayGateway().verify_callback(request.GET)
    except (InvalidSignature, ValueError) as exc:
        logger.warning("VNPay return URL refused: %s", exc)
        return _return_page(
            _("We could not verify this payment result"),
            _("The payment result did not come from VNPay. Nothing was changed."),
            "",
            status=400,
        )
    attempt = services.attempt_by_reference(result.reference)
    order_number = attempt.order_number if attempt else ""
    order_url = checkout.order_page_url(attempt)
    if result.succeeded:
        return _return_page(
            _("Payment successful"),
            _("VNPay confirmed your payment. We will update your order as soon as VNPay notifies us."),
            order_number,
            order_url=order_url,
        )
    if result.code == "24":
        return _return_page(
            _("Payment cancelled"),
            _("You cancelled the payment. You can try again."),
            order_number,
            order_url=order_url,
        )
    return _return_page(
        _("Payment failed"),
        _("VNPay could not complete the payment (code %(code)s). You can try again.") % {"code": result.code},
        order_number,
        order_url=order_url,
    )


def _return_page(title: str, detail: str, order_number: str, status: int = 200, order_url: str = "") -> HttpResponse:
    html = RETURN_PAGE.render(
        {
            "title": title,
            "detail": detail,
            "order_number": order_number,
            "order_label": _("Order"),
            "order_url": order_url,
            "order_link": _("See your order"),
        }
    )
    return HttpResponse(html, status=status)
