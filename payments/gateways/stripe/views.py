"""HTTP edges of Stripe: the webhook (verify, apply once, 2xx), the buyer's return page, the simulator."""

import hmac
import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, HttpResponseRedirect, JsonResponse
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from payments import services
from payments.checkout.services import order_page_url
from payments.gateways.base import InvalidSignature, ProviderUnavailable

from . import simulator
from .client import StripeGateway, StripeRejected, UnhandledEvent

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request):
    """Stripe retries until it gets a 2xx: applied, duplicate, unknown or ignored events all get 200.

    A bad signature, or one older (or newer) than the tolerance, gets 400 and changes nothing.
    """
    gateway = StripeGateway()
    try:
        result = gateway.verify_callback(
            {"payload": request.body, "signature": request.headers.get("Stripe-Signature", "")}
        )
    except (InvalidSignature, ValueError, UnicodeDecodeError) as exc:
        logger.warning("Stripe webhook refused from %s: %s", request.META.get("REMOTE_ADDR"), exc)
        return JsonResponse({"error": "invalid signature or payload"}, status=400)
    except UnhandledEvent as exc:
        return JsonResponse({"received": True, "ignored": str(exc)})
    except ProviderUnavailable as exc:  # looking up a refunded charge's intent failed: Stripe will retry
        logger.warning("Stripe webhook not handled now: %s", exc)
        return JsonResponse({"error": "try again"}, status=503)
    outcome = services.apply_provider_result(
        provider=gateway.code, result=result, occurred_at=services.occurred_at(gateway, result)
    )
    logger.info("Stripe event %s (%s) for %s: %s", result.event_key, result.code, result.reference, outcome)
    if result.code == "refunded":
        _warn_about_outside_refunds(result)
    return JsonResponse({"received": True, "outcome": outcome})


def _warn_about_outside_refunds(result) -> None:
    attempt = services.attempt_by_reference(result.reference)
    refunded_at_stripe = result.raw.get("data", {}).get("object", {}).get("amount_refunded")
    if attempt is not None and isinstance(refunded_at_stripe, int) and refunded_at_stripe > attempt.amount_refunded:
        logger.warning(
            "Stripe shows %s refunded for %s, we booked %s: refunded outside the marketplace?",
            refunded_at_stripe,
            attempt.reference,
            attempt.amount_refunded,
        )


_RETURN_PAGE = """{% load i18n %}<!doctype html><html><head><meta charset="utf-8"><title>{% translate "Card payment" %}</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
{% if not verified %}<p>{% translate "We could not verify this payment with Stripe. Your order page shows the real payment status." %}</p>
{% elif status == "succeeded" %}<p>{% translate "Payment received. Thank you!" %}</p>
{% elif says_paid %}<p>{% translate "Stripe reports the card payment as done; we are waiting for its confirmation." %}</p>
{% else %}<p>{% translate "The card payment was not completed." %}</p>{% endif %}
{% if order_url %}<p><a href="{{ order_url }}">{% translate "See your order" %}</a></p>{% endif %}
</main></body></html>"""


@require_GET
def payment_return(request):
    """The buyer's browser back from the card page: shows what Stripe and we know, changes nothing.

    The query string is not signed, so the intent is read from Stripe and shown only to whoever holds its
    client_secret; the webhook is what records the payment.
    """
    context = {"verified": False, "status": "", "says_paid": False}
    try:
        intent = StripeGateway().retrieve_intent(request.GET.get("payment_intent", ""))
    except (ValueError, StripeRejected, ProviderUnavailable) as exc:
        logger.warning("Stripe return not verified: %s", exc)
    else:
        secret = request.GET.get("payment_intent_client_secret", "")
        if hmac.compare_digest(str(intent.get("client_secret", "")).encode(), secret.encode()):
            attempt = services.attempt_by_reference(str((intent.get("metadata") or {}).get("reference", "")))
            context.update(
                verified=True,
                status=attempt.status if attempt else "",
                says_paid=intent.get("status") == "succeeded",
                order_url=order_page_url(attempt),
            )
    return HttpResponse(engines["django"].from_string(_RETURN_PAGE).render(context, request))


@require_GET
def card_page(request, intent_id):
    """Real Stripe: our page holding Stripe's Payment Element for one PaymentIntent.

    Shown only to whoever holds the intent's client_secret (it came in the redirect from checkout);
    an intent already paid or cancelled goes straight to the return page.
    """
    client_secret = request.GET.get("client_secret", "")
    try:
        intent = StripeGateway().retrieve_intent(intent_id)
    except (ValueError, StripeRejected) as exc:
        logger.warning("Stripe card page for %s refused: %s", intent_id, exc)
        return HttpResponseNotFound()
    except ProviderUnavailable as exc:
        logger.warning("Stripe card page for %s: Stripe not answering: %s", intent_id, exc)
        return HttpResponse(_("Card payment is not available right now. Please try again in a moment."), status=503)
    if not client_secret or not hmac.compare_digest(
        str(intent.get("client_secret", "")).encode(), client_secret.encode()
    ):
        return HttpResponseNotFound()
    return_url = request.build_absolute_uri(reverse("stripe:return"))
    if intent.get("status") not in ("requires_payment_method", "requires_confirmation", "requires_action"):
        return HttpResponseRedirect(simulator.return_target(intent, return_url))
    publishable_key = getattr(settings, "STRIPE_PUBLISHABLE_KEY", "")
    if not publishable_key:
        logger.error("STRIPE_PUBLISHABLE_KEY is not set: the card page cannot load Stripe.js")
        return HttpResponse(_("Card payment is not available right now. Please try again in a moment."), status=503)
    return TemplateResponse(
        request,
        "payments/stripe_card.html",
        {
            "amount": intent.get("amount"),
            "description": intent.get("description") or "",
            "return_url": return_url,
            "stripe_config": {
                "publishableKey": publishable_key,
                "clientSecret": client_secret,
                "locale": "en" if (request.LANGUAGE_CODE or "vi").startswith("en") else "vi",
                "failed": _("The card was not accepted. Please check it or use another card."),
            },
        },
    )


# --- the simulated Stripe (only when enabled) ------------------------------------------------------
@csrf_exempt
@require_http_methods(["GET", "POST"])
def sim_api(request, endpoint):
    """Stripe's API under sim/v1/ (point STRIPE_API_BASE at .../payments/stripe/sim to use it over HTTP)."""
    if not simulator.enabled():
        return HttpResponseNotFound()
    form = request.body.decode("utf-8", "replace") if request.method == "POST" else request.META.get("QUERY_STRING", "")
    try:
        status, answer = simulator.handle_request(request.method, f"/v1/{endpoint}", form, dict(request.headers))
    except ProviderUnavailable:
        status, answer = 503, {"error": {"type": "api_error", "message": "The simulated Stripe is not answering."}}
    return JsonResponse(answer, status=status)


_CARD_PAGE = """{% load i18n %}<!doctype html><html><head><meta charset="utf-8"><title>{% translate "Simulated card payment" %}</title></head>
<body><main style="max-width:28rem;margin:1rem auto;font-family:sans-serif">
<h1>{% translate "Simulated card payment" %}</h1>
<p>{{ intent.description|default:"" }}</p><p><strong>{{ intent.amount }} ₫</strong></p>
{% if error %}<p role="alert">{{ error }}</p>{% endif %}
<form method="post">{% csrf_token %}
<input type="hidden" name="client_secret" value="{{ client_secret }}"><input type="hidden" name="return_url" value="{{ return_url }}">
<label>{% translate "Card number" %} <input name="card_number" inputmode="numeric" autocomplete="cc-number" required></label>
<p><small>{% translate "Test cards: 4242 4242 4242 4242 is accepted, 4000 0000 0000 0002 is declined." %}</small></p>
<button>{% translate "Pay" %}</button>
</form></main></body></html>"""


@require_http_methods(["GET", "POST"])
def sim_pay(request, intent_id):
    """The card page (Stripe.js/Elements on our page in real Stripe): pay, then back to return_url."""
    data = request.POST if request.method == "POST" else request.GET
    client_secret, return_url = data.get("client_secret", ""), data.get("return_url", "")
    intent = simulator.load_intent(intent_id) if simulator.enabled() else None
    if intent is None or not hmac.compare_digest(intent["client_secret"].encode(), client_secret.encode()):
        return HttpResponseNotFound()
    if urlsplit(return_url).scheme not in ("http", "https"):
        return HttpResponseBadRequest()
    error = ""
    if request.method == "POST":
        outcome = simulator.pay(
            intent_id,
            client_secret=client_secret,
            card_number=data.get("card_number", ""),
            return_url=return_url,
            request_host=request.get_host(),
        )
        if outcome != "incorrect_number":
            return HttpResponseRedirect(simulator.return_target(simulator.load_intent(intent_id), return_url))
        error = _("Your card number is incorrect.")
    elif intent["status"] != "requires_payment_method":
        return HttpResponseRedirect(simulator.return_target(intent, return_url))
    context = {"intent": intent, "client_secret": client_secret, "return_url": return_url, "error": error}
    return HttpResponse(
        engines["django"].from_string(_CARD_PAGE).render(context, request), status=400 if error else 200
    )
