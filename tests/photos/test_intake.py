"""A seller adds photos from a phone: what is accepted, what is refused, and what is kept of it."""

import io
import os
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from PIL import Image, ImageCms, ImageFile

from catalog.photos import MAX_UPLOAD_BYTES, PhotoRejected, accept_product_photo
from marketplace.sellers.models import AuditEntry
from tests.factories import ProductFactory

from .conftest import encode, exif_with_gps, heic_bytes, png_header_only, two_halves, upload

pytestmark = pytest.mark.django_db


def stored(image) -> tuple[Image.Image, bytes]:
    with image.original.open("rb") as fh:
        data = fh.read()
    return Image.open(io.BytesIO(data)), data


def media_files() -> list[str]:
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files] if os.path.isdir(root) else []


def assert_no_metadata(picture: Image.Image, data: bytes):
    assert len(picture.getexif()) == 0
    for key in ("exif", "xmp", "icc_profile", "comment", "XML:com.adobe.xmp"):
        assert key not in picture.info, key
    assert b"Exif\x00\x00" not in data
    assert b"PhoneMaker" not in data


def test_phone_photo_on_its_side_is_stored_upright_without_exif_or_gps(product, seller):
    # Orientation 6: the camera held the phone upright and wrote the pixels sideways.
    sideways = encode(
        two_halves((400, 200)), "JPEG", quality=95, exif=exif_with_gps(orientation=6), comment=b"taken at the farm"
    )
    image = accept_product_photo(product=product, uploaded_file=upload(sideways), actor=seller)

    picture, data = stored(image)
    assert picture.format == "JPEG"
    assert picture.size == (200, 400)  # turned a quarter clockwise
    r, g, b = picture.convert("RGB").getpixel((100, 50))
    assert r > 200 and b < 60  # the red half is now on top
    r, g, b = picture.convert("RGB").getpixel((100, 350))
    assert b > 200 and r < 60
    assert_no_metadata(picture, data)
    assert image.display_order == 0 and image.product == product


def test_colour_profile_is_applied_then_dropped(product, seller):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(Image.new("RGB", (300, 200), (200, 120, 40)), "JPEG", quality=95, icc_profile=srgb)
    image = accept_product_photo(product=product, uploaded_file=upload(data), actor=seller)
    picture, raw = stored(image)
    assert "icc_profile" not in picture.info
    r, g, b = picture.getpixel((10, 10))
    assert abs(r - 200) < 6 and abs(g - 120) < 6 and abs(b - 40) < 6  # colours survive the conversion


@pytest.mark.parametrize(
    ("fmt", "name", "params"),
    [("PNG", "photo.png", {}), ("WEBP", "photo.webp", {"quality": 90}), ("JPEG", "photo.jpeg", {"quality": 90})],
)
def test_png_webp_and_jpeg_are_accepted(product, seller, fmt, name, params):
    data = encode(two_halves(), fmt, **params)
    image = accept_product_photo(product=product, uploaded_file=upload(data, name), actor=seller)
    picture, _ = stored(image)
    assert picture.format == "JPEG" and picture.size == (400, 200)
    assert image.original.name.endswith(".jpg") and name not in image.original.name


def test_transparent_png_gets_a_white_background(product, seller):
    logo = Image.new("RGBA", (100, 100), (0, 0, 0, 0))
    image = accept_product_photo(product=product, uploaded_file=upload(encode(logo, "PNG"), "logo.png"), actor=seller)
    picture, _ = stored(image)
    assert picture.getpixel((50, 50)) >= (250, 250, 250)


def test_heic_from_an_iphone_is_accepted_and_loses_its_gps(product, seller):
    data = heic_bytes(two_halves((400, 200)), quality=90, exif=exif_with_gps(1).tobytes())
    assert data[4:12] in (b"ftypheic", b"ftypmif1", b"ftypheix")  # really HEIF, not a JPEG in disguise
    image = accept_product_photo(
        product=product, uploaded_file=upload(data, "IMG_0042.HEIC", "image/heic"), actor=seller
    )
    picture, raw = stored(image)
    assert picture.format == "JPEG" and picture.size == (400, 200)
    assert_no_metadata(picture, raw)


def test_second_photo_comes_after_the_first(product, seller):
    first = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    second = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    assert (first.display_order, second.display_order) == (0, 1)


# --- refusals: a clear message, nothing stored -----------------------------------------------
def refused(product, seller, data, name="IMG_0001.jpg") -> str:
    before = media_files()
    with pytest.raises(PhotoRejected) as caught:
        accept_product_photo(product=product, uploaded_file=upload(data, name), actor=seller)
    assert product.images.count() == 0
    assert media_files() == before
    return str(caught.value.message)


def test_text_file_renamed_to_jpg_is_refused(product, seller):
    message = refused(product, seller, b"Xin chao, day khong phai la anh.\n" * 20, "anh-san-pham.jpg")
    assert "JPEG, PNG, WebP" in message or "JPEG, PNG, WebP" in message.upper()


def test_truncated_jpeg_is_refused(product, seller):
    whole = encode(two_halves((800, 600)), "JPEG", quality=90)
    message = refused(product, seller, whole[: len(whole) // 2])
    assert message


def test_truncated_png_is_refused(product, seller):
    whole = encode(two_halves((800, 600)), "PNG")
    assert refused(product, seller, whole[: len(whole) - 40], "cut.png")


def test_decompression_bomb_is_refused_before_any_decoding(product, seller):
    # Decoding 900 megapixels would take gigabytes; the header alone must decide. Pillow's
    # ImageFile.load is where pixels get decoded: it is watched (and still runs), not replaced.
    with mock.patch.object(ImageFile.ImageFile, "load", autospec=True, side_effect=ImageFile.ImageFile.load) as load:
        message = refused(product, seller, png_header_only(30000, 30000), "bomb.png")
    assert message
    assert load.call_count == 0


def test_a_photo_over_fifty_megapixels_is_refused_by_our_own_limit(product, seller):
    # 8000×8000 = 64 MP: below Pillow's own bomb threshold (~89 MP), above ours.
    message = refused(product, seller, png_header_only(8000, 8000), "huge.png")
    assert "64" in message and "50" in message


def test_oversized_file_is_refused(product, seller):
    fat = encode(two_halves(), "JPEG") + b"\x00" * MAX_UPLOAD_BYTES
    message = refused(product, seller, fat)
    assert "15" in message


def test_unsupported_image_format_is_refused(product, seller):
    assert refused(product, seller, encode(two_halves(), "GIF"), "photo.gif")
    assert refused(product, seller, encode(two_halves(), "BMP"), "photo.bmp")


def test_empty_file_is_refused(product, seller):
    assert refused(product, seller, b"")


# --- who may add photos ------------------------------------------------------------------------
def test_another_seller_cannot_add_photos_to_my_product(product, seller, django_user_model):
    other = ProductFactory()
    intruder = django_user_model.objects.create_user(username="other", email="o@example.vn")
    other.producer.users.add(intruder)
    with pytest.raises(PermissionDenied):
        accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=intruder)
    assert product.images.count() == 0


def test_helper_upload_is_written_to_the_households_audit_trail(product, helper, seller):
    image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=helper)
    entry = AuditEntry.objects.get(partner=product.producer)
    assert (entry.actor, entry.action, entry.object_id) == (helper, "product.photo_added", str(image.pk))
    # The seller's own uploads are not audited: the trail is of what others did on their shop.
    accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    assert AuditEntry.objects.filter(partner=product.producer).count() == 1


def test_refusal_message_is_vietnamese_for_a_vietnamese_seller(product, seller):
    from django.utils import translation

    with translation.override("vi"):
        message = refused(product, seller, b"not an image at all", "x.jpg")
    assert message == "Tệp này không phải là ảnh đọc được. Vui lòng gửi ảnh JPEG, PNG, WebP hoặc HEIC."
