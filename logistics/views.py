"""Carrier webhooks: verify, apply once, answer as the carrier expects.

One URL per carrier, with a secret path token (GHN documents no signature; the others add their
own checks inside `parse_webhook`). A delivery that does not verify or parse is answered with the
carrier's "not accepted" and changes nothing; news about a parcel we do not know is acknowledged
(so the carrier stops re-sending) and logged for staff.
"""

import hmac
import logging

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from logistics import services
from logistics.carriers.base import InvalidWebhook
from logistics.carriers.registry import CARRIERS, get_carrier

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def webhook(request, carrier: str, token: str):
    if carrier not in CARRIERS or carrier in ("self", "pickup"):
        raise Http404
    if not hmac.compare_digest(token.encode(), settings.LOGISTICS_WEBHOOK_TOKEN.encode()):
        logger.warning("carrier webhook %s with a wrong path token from %s", carrier, request.META.get("REMOTE_ADDR"))
        raise Http404
    adapter = get_carrier(carrier)
    try:
        updates = adapter.parse_webhook(
            body=request.body,
            content_type=request.content_type or "",
            query=request.GET.dict(),
            headers={k.lower(): v for k, v in request.headers.items()},
        )
    except InvalidWebhook as exc:
        logger.warning("carrier webhook %s rejected: %s", carrier, exc)
        answer = adapter.webhook_answer(ok=False)
        return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
    results = services.apply_updates(carrier, updates)
    logger.info("carrier webhook %s: %s", carrier, [(r.event_key, r.outcome) for r in results])
    answer = adapter.webhook_answer(ok=True)
    return HttpResponse(answer.body, status=answer.status, content_type=answer.content_type)
