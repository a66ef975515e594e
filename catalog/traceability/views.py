"""Public trace page and QR images: no login, drafts do not exist (404)."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from . import qr, selectors
from .codes import LOT_CODE_PATTERN

# The code of a published lot never changes what its QR encodes, so printers and CDNs may keep it.
QR_MAX_AGE = 24 * 60 * 60


def _public_lot_or_404(code):
    lot = selectors.public_lot(code)
    if lot is None:
        raise Http404("No such lot")
    return lot


@require_safe
def trace_page(request, code):
    lot = _public_lot_or_404(code)
    record = selectors.trace_record(lot)
    return render(
        request, "traceability/trace.html", {"record": record, "lot": lot, "trace_url": qr.trace_url(lot, request)}
    )


def _qr_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=QR_MAX_AGE)
    return response


@require_safe
def qr_png(request, code):
    lot = _public_lot_or_404(code)
    return _qr_response(qr.png_bytes(qr.trace_url(lot, request)), "image/png", f"{lot.code}.png")


@require_safe
def qr_svg(request, code):
    lot = _public_lot_or_404(code)
    return _qr_response(qr.svg_bytes(qr.trace_url(lot, request), title=lot.code), "image/svg+xml", f"{lot.code}.svg")


@require_safe
def trace_page_any_case(request, code):
    """Buyers type codes from a label in whatever case their keyboard gives; send them to the real one."""
    canonical = code.strip().upper()
    if canonical == code or not re.fullmatch(LOT_CODE_PATTERN, canonical):
        raise Http404("No such lot")
    return redirect("traceability:trace", code=canonical, permanent=True)
