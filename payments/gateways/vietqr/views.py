"""HTTP edges of VietQR: the bank-feed webhook and the QR shown to the buyer. Logic lives in bankfeed/payload."""

import logging

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from payments.checkout.services import order_page_url
from payments.gateways.base import InvalidSignature
from payments.models import PaymentAttempt, PaymentMethod

from . import account, bankfeed, pages, qr, simulator
from .client import VietQRGateway

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def bankfeed_webhook(request):
    """SePay-style webhook: 2xx {"success": true} once handled (also for duplicates), else the feed retries."""
    try:
        outcomes = bankfeed.handle_webhook(body=request.body, signature=request.headers.get(bankfeed.SIGNATURE_HEADER))
    except InvalidSignature:
        logger.warning("bank-feed webhook refused: bad signature from %s", request.META.get("REMOTE_ADDR"))
        return JsonResponse({"success": False, "message": "invalid signature"}, status=401)
    except ValueError as exc:
        logger.warning("bank-feed webhook refused: %s", exc)
        return JsonResponse({"success": False, "message": "bad payload"}, status=400)
    return JsonResponse({"success": True, "outcomes": outcomes})


def _attempt_context(request, reference: str) -> dict:
    attempt = get_object_or_404(PaymentAttempt, reference=reference, method=PaymentMethod.VIETQR)
    start = VietQRGateway().start_for_attempt(attempt)
    sim_url = ""
    if simulator.enabled():
        sim_url = (
            reverse("vietqr:bank-app")
            + "?"
            + simulator.prefill_query(amount=attempt.amount, memo=start.provider_reference)
        )
    return {
        "attempt": attempt,
        "memo": start.provider_reference,
        "png_url": reverse("vietqr:qr-image", args=[attempt.reference, "png"]),
        "bank_name": account.BANK_NAME,
        "account_number": account.ACCOUNT_NUMBER,
        "account_name": account.ACCOUNT_NAME,
        "simulator_url": sim_url,
        "order_url": order_page_url(attempt),
    }


@require_GET
def qr_page(request, reference):
    context = _attempt_context(request, reference)
    render = pages.qr_partial if request.GET.get("partial") else pages.qr_page
    return HttpResponse(render(context, request))


@require_GET
def qr_image(request, reference, kind):
    attempt = get_object_or_404(PaymentAttempt, reference=reference, method=PaymentMethod.VIETQR)
    if attempt.status != "pending":
        raise Http404("this payment no longer takes transfers")
    payload = VietQRGateway().start_for_attempt(attempt).qr_payload
    if kind == "svg":
        response = HttpResponse(qr.render_svg(payload), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.render_png(payload), content_type="image/png")
    response["Cache-Control"] = "private, max-age=300"
    return response
