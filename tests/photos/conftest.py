"""Photos as phones make them, built in memory: EXIF with GPS, HEIC, a 12-megapixel scene."""

import io
import random
import struct
import zlib

import pillow_heif
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from tests.shop_fixtures import helper, product, seller  # noqa: F401  (shared fixtures)

User = get_user_model()

ORIENTATION, MAKE, GPS_IFD = 0x0112, 0x010F, 0x8825


def upload(data: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def two_halves(size=(400, 200)) -> Image.Image:
    """Left half red, right half blue: where the red ends up shows how the photo was turned."""
    image = Image.new("RGB", size, (0, 0, 255))
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1]), fill=(255, 0, 0))
    return image


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "PhoneMaker"
    # 21°19'N 103°54'E: a farm near Sơn La, the kind of place the platform must not publish.
    exif[GPS_IFD] = {1: "N", 2: (21.0, 19.0, 0.0), 3: "E", 4: (103.0, 54.0, 0.0)}
    return exif


def encode(image: Image.Image, fmt: str, **params) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **params)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that declares width×height pixels but carries a few bytes of data (a decompression bomb's header)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
    )


def heic_bytes(image: Image.Image, **params) -> bytes:
    pillow_heif.register_heif_opener()  # also registers the HEIF encoder with Pillow
    return encode(image, "HEIF", **params)


def phone_scene(width=4000, height=3000, seed=7) -> Image.Image:
    """A 12 MP stand-in for a market-stall photo: gradient sky, fruit, and texture at every scale.

    Texture at card scale (8 px), detail scale (3 px) and sensor grain (1 px) makes it compress
    far worse than a smooth synthetic image: its JPEG at q92 is ~6 MB, heavier than most real
    12 MP phone photos (3–5 MB), so the card budget is tested on a hard case.
    """
    rnd = random.Random(seed)
    sky, ground = Image.new("RGB", (width, height), (120, 170, 220)), Image.new("RGB", (width, height), (60, 110, 40))
    mask = Image.linear_gradient("L").transpose(Image.Transpose.FLIP_TOP_BOTTOM).resize((width, height))
    scene = Image.composite(sky, ground, mask)
    draw = ImageDraw.Draw(scene)
    for _ in range(60):
        x, y, r = rnd.randrange(width), rnd.randrange(height // 3, height), rnd.randrange(60, 500)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(rnd.randrange(256), rnd.randrange(256), rnd.randrange(80)))
    scene = scene.filter(ImageFilter.GaussianBlur(3))
    for scale, sigma in ((8, 30), (3, 25), (1, 10)):
        size = (width // scale, height // scale)
        texture = Image.merge("RGB", [Image.effect_noise(size, sigma) for _ in range(3)])
        texture = texture.resize((width, height), Image.Resampling.BICUBIC)
        scene = ImageChops.add(scene, texture, scale=1.0, offset=-128)  # scene + (texture - 128)
    return scene


@pytest.fixture(scope="session")
def twelve_megapixel_jpeg() -> bytes:
    """Made once per run (it takes a few seconds): 4000×3000, JPEG q92, with EXIF and GPS."""
    return encode(phone_scene(), "JPEG", quality=92, exif=exif_with_gps(1))
