"""HTTP edges of MoMo: the IPN (verify, apply once, HTTP 204), the buyer's return page, the simulator."""

import json
import logging

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, HttpResponseRedirect, JsonResponse
from django.template import engines
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments.checkout.services import order_page_url
from payments.gateways.base import InvalidSignature
from payments.models import PaymentAttempt

from . import simulator
from .client import MomoGateway

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def ipn(request):
    """MoMo expects HTTP 204 once the IPN is handled (duplicates included); a forged one gets 400."""
    try:
        params = json.loads(request.body.decode("utf-8"))
        result = MomoGateway().verify_callback(params)
    except (ValueError, UnicodeDecodeError, InvalidSignature) as exc:
        logger.warning("MoMo IPN refused from %s: %s", request.META.get("REMOTE_ADDR"), exc)
        return HttpResponseBadRequest()
    from payments.services import apply_provider_result

    outcome = apply_provider_result(provider="momo", result=result)
    logger.info("MoMo IPN %s: %s", result.event_key, outcome)
    return HttpResponse(status=204)


_RETURN_PAGE = """{% load i18n %}<!doctype html><html><head><meta charset="utf-8"><title>MoMo</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
{% if not verified %}<p>{% translate "We could not verify this answer from MoMo. Your order page shows the real payment status." %}</p>
{% elif status == "succeeded" %}<p>{% translate "Payment received. Thank you!" %}</p>
{% elif says_paid %}<p>{% translate "MoMo reports the payment as done; we are waiting for its confirmation." %}</p>
{% else %}<p>{% translate "The MoMo payment was not completed." %}</p>{% endif %}
{% if order_url %}<p><a href="{{ order_url }}">{% translate "See your order" %}</a></p>{% endif %}
</main></body></html>"""


@require_GET
def payment_return(request):
    """The buyer's browser back from MoMo: shows what we know, changes nothing (the IPN does)."""
    context = {"verified": False, "status": "", "says_paid": False}
    try:
        result = MomoGateway().verify_callback(request.GET.dict())
    except InvalidSignature:
        logger.warning("MoMo return with a bad signature from %s", request.META.get("REMOTE_ADDR"))
    else:
        attempt = PaymentAttempt.objects.filter(reference=result.reference).first()
        context.update(
            verified=True,
            status=attempt.status if attempt else "",
            says_paid=result.succeeded,
            order_url=order_page_url(attempt),
        )
    return HttpResponse(engines["django"].from_string(_RETURN_PAGE).render(context, request))


# --- the simulated MoMo (only when enabled) ------------------------------------------------
def _simulated_api(handler):
    @csrf_exempt
    @require_POST
    def view(request):
        if not simulator.enabled():
            return HttpResponseNotFound()
        try:
            body = json.loads(request.body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            return JsonResponse({"resultCode": 20, "message": "Bad request format."}, status=400)
        if handler is simulator.handle_create:
            return JsonResponse(handler(body, base_url=request.build_absolute_uri("/").rstrip("/")))
        return JsonResponse(handler(body))

    return view


sim_create = _simulated_api(simulator.handle_create)
sim_query = _simulated_api(simulator.handle_query)
sim_refund = _simulated_api(simulator.handle_refund)

_APP_PAGE = """{% load i18n %}<!doctype html><html><head><meta charset="utf-8"><title>{% translate "Simulated MoMo app" %}</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
<h1>{% translate "Simulated MoMo app" %}</h1>
<p>{{ order.orderInfo }}</p><p><strong>{{ order.amount }} ₫</strong></p>
<form method="post">{% csrf_token %}
<button name="action" value="pay">{% translate "Pay" %}</button>
<button name="action" value="cancel">{% translate "Cancel" %}</button>
</form></main></body></html>"""


@require_http_methods(["GET", "POST"])
def sim_app(request, order_id):
    """The MoMo app page: Pay or Cancel, then the IPN goes out and the buyer goes back to redirectUrl."""
    order = simulator.load(order_id) if simulator.enabled() else None
    if order is None:
        return HttpResponseNotFound()
    if request.method == "GET" and order["status"] == "created":
        return HttpResponse(engines["django"].from_string(_APP_PAGE).render({"order": order}, request))
    if request.method == "POST":
        simulator.complete(order_id, paid=request.POST.get("action") == "pay", request_host=request.get_host())
    return HttpResponseRedirect(simulator.redirect_target(simulator.load(order_id)))
