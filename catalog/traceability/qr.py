"""The QR code on a pack: it encodes the absolute URL of the lot's public trace page.

Error correction M (15 %) survives a scuffed or slightly wet label without making the symbol
much denser; boosting is switched off so the level is what we promise on the label spec.
The quiet zone is the 4 modules ISO/IEC 18004 requires; a label designer must not crop it.
"""

import io

import segno
from django.conf import settings
from django.urls import reverse

ERROR_LEVEL = "m"
BORDER = 4
# PNG: 8 px per module at 300 dpi is ~0.68 mm a module, ~25 mm for a typical trace URL:
# printable on small farm labels and easy for a phone camera.
PNG_SCALE = 8
PNG_DPI = 300
# SVG carries real millimetres so it prints at the intended size: 0.5 mm a module sits inside
# GS1's recommended X-dimension range for QR codes on consumer packs.
SVG_MODULE_MM = 0.5


def trace_url(lot, request=None) -> str:
    """Absolute URL of the lot's trace page: SITE_URL when configured (labels outlive hosts), else the request's."""
    path = reverse("traceability:trace", kwargs={"code": lot.code})
    site_url = getattr(settings, "SITE_URL", "") or ""
    if site_url:
        return site_url.rstrip("/") + path
    if request is None:
        raise ValueError("trace_url needs a request when settings.SITE_URL is not set.")
    return request.build_absolute_uri(path)


def qr_code(payload: str) -> segno.QRCode:
    return segno.make_qr(payload, error=ERROR_LEVEL, boost_error=False)


def png_bytes(payload: str) -> bytes:
    out = io.BytesIO()
    qr_code(payload).save(out, kind="png", scale=PNG_SCALE, border=BORDER, dpi=PNG_DPI)
    return out.getvalue()


def svg_bytes(payload: str, title: str = "") -> bytes:
    out = io.BytesIO()
    qr_code(payload).save(out, kind="svg", scale=SVG_MODULE_MM, unit="mm", border=BORDER, title=title or None)
    return out.getvalue()
