"""Product pictures drawn locally with Pillow: a two-colour gradient per OCOP group, a simple
emblem and the product title. No downloads, and fast enough for hundreds of pictures.

The background (gradient + emblem) is drawn once per group and cached; each picture only adds
the text and is encoded as JPEG.
"""

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from marketplace.core.text import fold_vietnamese

SIZE = 800
QUALITY = 80
MARGIN = 60

# top-level group -> (top colour, bottom colour, label)
PALETTES = {
    "tp": ((255, 214, 140), (196, 84, 32), "THỰC PHẨM"),
    "du": ((170, 228, 222), (22, 102, 120), "ĐỒ UỐNG"),
    "dl": ((210, 236, 170), (46, 112, 52), "DƯỢC LIỆU"),
    "tc": ((236, 208, 176), (128, 72, 40), "THỦ CÔNG MỸ NGHỆ"),
    "svc": ((250, 204, 222), (150, 52, 110), "SINH VẬT CẢNH"),
    "dv": ((190, 222, 250), (36, 86, 150), "DU LỊCH CỘNG ĐỒNG"),
}
GROUPS = tuple(PALETTES)

# Fonts with Vietnamese glyphs, best first; Pillow's own font is the last resort.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@functools.cache
def font(size: int):
    """A TrueType font with Vietnamese glyphs at `size` px, or Pillow's default font."""
    for path in FONT_CANDIDATES:
        if Path(path).is_file():
            try:
                return ImageFont.truetype(path, size)
            except OSError:
                continue
    try:
        return ImageFont.load_default(size=size)  # scalable in Pillow >= 10.1
    except TypeError:
        return ImageFont.load_default()


@functools.cache
def _background(group: str) -> Image.Image:
    top, bottom, _ = PALETTES.get(group, PALETTES["tp"])
    mask = Image.linear_gradient("L").resize((SIZE, SIZE))
    image = Image.composite(Image.new("RGB", (SIZE, SIZE), bottom), Image.new("RGB", (SIZE, SIZE), top), mask)
    overlay = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    _EMBLEMS.get(group, _emblem_food)(ImageDraw.Draw(overlay), (255, 255, 255, 150))
    image.paste(overlay, (0, 0), overlay)
    return image


def _emblem_food(draw, fill):  # a bowl of rice with grains
    draw.pieslice((250, 140, 550, 440), 0, 180, fill=fill)
    for x, y in ((330, 215), (400, 195), (470, 215), (365, 245), (435, 245)):
        draw.ellipse((x - 18, y - 34, x + 18, y + 34), fill=fill)


def _emblem_drink(draw, fill):  # a bottle
    draw.rounded_rectangle((330, 200, 470, 440), radius=30, fill=fill)
    draw.rectangle((375, 120, 425, 210), fill=fill)
    draw.rectangle((365, 100, 435, 125), fill=fill)


def _emblem_herb(draw, fill):  # a leaf on a stem
    draw.ellipse((300, 110, 500, 420), fill=fill)
    draw.line((400, 140, 400, 460), fill=(255, 255, 255, 220), width=8)


def _emblem_craft(draw, fill):  # a vase
    draw.polygon([(350, 110), (450, 110), (440, 170), (520, 300), (470, 440), (330, 440), (280, 300), (360, 170)],
                 fill=fill)  # fmt: skip


def _emblem_plant(draw, fill):  # a flower
    for dx, dy in ((0, -80), (76, -25), (47, 65), (-47, 65), (-76, -25)):
        draw.ellipse((400 + dx - 60, 270 + dy - 60, 400 + dx + 60, 270 + dy + 60), fill=fill)
    draw.ellipse((360, 230, 440, 310), fill=(255, 230, 120, 220))


def _emblem_tourism(draw, fill):  # mountains under a sun
    draw.ellipse((470, 110, 570, 210), fill=(255, 240, 180, 200))
    draw.polygon([(200, 440), (360, 180), (520, 440)], fill=fill)
    draw.polygon([(380, 440), (500, 250), (620, 440)], fill=fill)


_EMBLEMS = {"tp": _emblem_food, "du": _emblem_drink, "dl": _emblem_herb, "tc": _emblem_craft,
            "svc": _emblem_plant, "dv": _emblem_tourism}  # fmt: skip


def _wrap(text: str, face, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and face.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _draw_text(draw, text: str, caption: str, brand: str = "Chợ OCOP"):
    for size in (56, 48, 40, 34):
        face = font(size)
        lines = _wrap(text, face, SIZE - 2 * MARGIN)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    line_height = int(size * 1.25)
    y = 480 + (4 - len(lines)) * line_height // 2
    for line in lines:
        x = (SIZE - face.getlength(line)) / 2
        draw.text((x + 2, y + 2), line, font=face, fill=(0, 0, 0))
        draw.text((x, y), line, font=face, fill=(255, 255, 255))
        y += line_height
    label = font(26)
    draw.text((MARGIN, 40), caption, font=label, fill=(255, 255, 255))
    draw.text((SIZE - MARGIN - label.getlength(brand), 40), brand, font=label, fill=(255, 255, 255))


def render(title: str, group: str) -> bytes:
    """A JPEG picture (SIZE x SIZE) for a product of `group` ("tp", "du", ...)."""
    image = _background(group).copy()
    draw = ImageDraw.Draw(image)
    caption = PALETTES.get(group, PALETTES["tp"])[2]
    try:
        _draw_text(draw, title, caption)
    except (UnicodeError, OSError, ValueError):
        # A bitmap fallback font cannot encode Vietnamese; draw the folded text instead.
        image = _background(group).copy()
        _draw_text(ImageDraw.Draw(image), fold_vietnamese(title).upper(), fold_vietnamese(caption).upper(), "CHO OCOP")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=QUALITY, optimize=False)
    return buffer.getvalue()
