"""The VietQR payload drawn as an image the buyer scans with any Vietnamese bank app."""

import io

import segno


def _qr(payload: str):
    # Error level M is what bank apps print; boost_error=False keeps the symbol as small as asked.
    return segno.make_qr(payload, error="m", boost_error=False)


def render_png(payload: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def render_svg(payload: str, *, scale: int = 6) -> str:
    buffer = io.BytesIO()
    _qr(payload).save(buffer, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True)
    return buffer.getvalue().decode("utf-8")
