"""Charts drawn on the server as inline SVG: no script, no CDN, readable offline and when printed.

`line_chart` draws a trend (this period solid, the previous period dashed, aligned step by step);
`bar_chart` draws a breakdown as labelled horizontal bars. Labels are escaped here.
"""

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext

COLOURS = ("#2e7d32", "#9e9e9e", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f")


def compact(value: float, unit: str = "") -> str:
    """1 234 567 -> "1,2 m" ("1,2 tr" in Vietnamese); shares as "45%"."""
    if value is None:
        return "–"
    if unit == "%":
        return f"{value * 100:.0f}%"
    for limit, suffix in (
        (1e9, pgettext("short for billion", "bn")),
        (1e6, pgettext("short for million", "m")),
        (1e3, pgettext("short for thousand", "k")),
    ):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".").replace(".", ",") + "\xa0" + suffix
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


def _n(value: float) -> str:
    return f"{value:.1f}"


def _ticks(top: float) -> list[float]:
    if top <= 0:
        return [0, 1]
    step = 10 ** (len(str(int(top))) - 1)
    for factor in (1, 2, 5, 10):
        if top / (step * factor) <= 5:
            step *= factor
            break
    ticks, value = [], 0.0
    while value < top + step:
        ticks.append(value)
        value += step
    return ticks


def line_chart(
    labels: list[str],
    series: list[tuple[str, list]],
    *,
    unit: str = "",
    title: str = "",
    width: int = 640,
    height: int = 220,
) -> str:
    """Lines over the steps `labels`; `series` is [(name, values)], the first solid, the others dashed."""
    left, right, top, bottom = 56, 12, 16, 36
    values = [v for _, vs in series for v in vs if v is not None]
    ticks = _ticks(max(values, default=0) if unit != "%" else 1)
    high = ticks[-1] or 1
    steps = max(len(labels) - 1, 1)

    def x(i):
        return left + (width - left - right) * i / steps

    def y(v):
        return top + (height - top - bottom) * (1 - v / high)

    parts = [
        format_html('<svg class="mon-chart" viewBox="0 0 {} {}" role="img" aria-label="{}">', width, height, title)
    ]
    parts.append(format_html("<title>{}</title>", title))
    for tick in ticks:
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e0e0e0"/>',
                left,
                width - right,
                _n(y(tick)),
                _n(y(tick)),
            )
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="10" fill="#616161">{}</text>',
                left - 6,
                _n(y(tick) + 3),
                compact(tick, unit),
            )
        )
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % every == 0 or i == len(labels) - 1:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="#616161">{}</text>',
                    _n(x(i)),
                    height - bottom + 16,
                    label,
                )
            )
    for n, (name, vs) in enumerate(series):
        points = " ".join(f"{_n(x(i))},{_n(y(v))}" for i, v in enumerate(vs) if v is not None)
        dash = "5 4" if n else "none"
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}" points="{}"><title>{}</title></polyline>',
                COLOURS[n % len(COLOURS)],
                dash,
                points,
                name,
            )
        )
        for i, v in enumerate(vs):
            if v is not None and n == 0:
                parts.append(
                    format_html(
                        '<circle cx="{}" cy="{}" r="2.5" fill="{}"><title>{}: {}</title></circle>',
                        _n(x(i)),
                        _n(y(v)),
                        COLOURS[0],
                        labels[i],
                        compact(v, unit),
                    )
                )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="10" height="3" fill="{}"/><text x="{}" y="{}" font-size="10">{}</text>',
                left + 8 + n * 150,
                4,
                COLOURS[n % len(COLOURS)],
                left + 22 + n * 150,
                9,
                name,
            )
        )
    parts.append(mark_safe("</svg>"))  # noqa: S308 (constant)
    return mark_safe("".join(parts))  # noqa: S308 (every piece above is escaped by format_html)


def bar_chart(items: list[tuple[str, float]], *, unit: str = "", title: str = "", width: int = 420) -> str:
    """Horizontal bars, one per (label, value), longest first as given."""
    row, label_width, pad = 24, 150, 6
    height = max(row * len(items), row) + pad
    high = max((v or 0 for _, v in items), default=0) or 1
    if unit == "%":
        high = max(high, 1)
    parts = [
        format_html(
            '<svg class="mon-chart" viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>',
            width,
            height,
            title,
            title,
        )
    ]
    bar_room = width - label_width - 70
    for i, (label, value) in enumerate(items):
        y = pad + i * row
        length = bar_room * (value or 0) / high
        short = label if len(label) <= 24 else label[:23] + "…"
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="11">{}<title>{}</title></text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" rx="2"/>'
            '<text x="{}" y="{}" font-size="11" fill="#424242">{}</text>',
            label_width - 6, y + 14, short, label, label_width, y + 3, _n(length), row - 8, COLOURS[0],
            _n(label_width + length + 4), y + 14, compact(value, unit),
        ))  # fmt: skip
    parts.append(mark_safe("</svg>"))  # noqa: S308 (constant)
    return mark_safe("".join(parts))  # noqa: S308 (every piece above is escaped by format_html)
