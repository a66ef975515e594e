"""After a photo is accepted, Celery makes light WebP renditions for the storefront."""

import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.template import Context, Template
from oscar.core.loading import get_model
from PIL import Image

from catalog.photos import SPECS, accept_product_photo, build_renditions, images_lacking_renditions, rendition_url
from catalog.photos.renditions import RenditionSourceBroken, rendition_name
from catalog.tasks import make_renditions
from tests.factories import ProductFactory

from .conftest import encode, two_halves, upload

pytestmark = pytest.mark.django_db

ProductImage = get_model("catalogue", "ProductImage")

CARD_BUDGET = 60 * 1024


def webp(entry) -> Image.Image:
    with default_storage.open(entry["name"], "rb") as fh:
        picture = Image.open(io.BytesIO(fh.read()))
        picture.load()
    return picture


def test_renditions_are_made_after_commit_and_a_12_megapixel_photo_gives_a_card_under_60_kb(
    product, seller, twelve_megapixel_jpeg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = accept_product_photo(product=product, uploaded_file=upload(twelve_megapixel_jpeg), actor=seller)
        # Until the transaction commits nothing is queued, and buyers see the original.
        image.refresh_from_db()
        assert image.renditions == {}
        assert rendition_url(image, "card") == image.original.url
    assert callbacks, "nothing was queued for after the commit"
    started = time.perf_counter()
    for callback in callbacks:  # the commit: Celery (eager here) makes the renditions
        callback()
    elapsed = time.perf_counter() - started

    image.refresh_from_db()
    assert set(image.renditions) == {"thumbnail", "card", "detail"}
    original = Image.open(image.original.path)
    assert original.size == (4000, 3000)  # the original is kept at full resolution
    for kind, spec in SPECS.items():
        entry = image.renditions[kind]
        picture = webp(entry)
        assert picture.format == "WEBP"
        assert max(picture.size) == spec.max_side and picture.size == (entry["width"], entry["height"])
        assert entry["bytes"] == default_storage.size(entry["name"])
        assert entry["name"] == rendition_name(image.pk, kind)
    card = image.renditions["card"]
    assert card["bytes"] <= CARD_BUDGET, f"card rendition {card['bytes']} bytes"
    assert rendition_url(image, "card").endswith(f"/images/renditions/{image.pk}/card.webp")
    print(
        f"\n12 MP photo: card {card['bytes']} B, thumbnail {image.renditions['thumbnail']['bytes']} B, "
        f"detail {image.renditions['detail']['bytes']} B; rendition set made in {elapsed:.2f} s"
    )


def test_running_the_task_again_changes_nothing(product, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = accept_product_photo(
            product=product, uploaded_file=upload(encode(two_halves((1600, 1200)), "PNG")), actor=seller
        )
    image.refresh_from_db()
    first = image.renditions
    folder = os.path.dirname(default_storage.path(first["card"]["name"]))
    files = sorted(os.listdir(folder))
    stamps = {name: os.stat(os.path.join(folder, name)).st_mtime_ns for name in files}

    assert make_renditions(image.pk) == {kind: entry["bytes"] for kind, entry in first.items()}
    make_renditions.delay(image.pk)

    image.refresh_from_db()
    assert image.renditions == first
    assert sorted(os.listdir(folder)) == files == ["card.webp", "detail.webp", "thumbnail.webp"]
    assert {name: os.stat(os.path.join(folder, name)).st_mtime_ns for name in files} == stamps


def test_a_lost_rendition_file_is_made_again_under_the_same_name(product, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = accept_product_photo(
            product=product, uploaded_file=upload(encode(two_halves((900, 600)), "PNG")), actor=seller
        )
    image.refresh_from_db()
    default_storage.delete(image.renditions["card"]["name"])
    make_renditions(image.pk)
    image.refresh_from_db()
    assert default_storage.exists(rendition_name(image.pk, "card"))
    assert image.renditions["card"]["name"] == rendition_name(image.pk, "card")


def test_small_photo_is_not_upscaled(product, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = accept_product_photo(
            product=product, uploaded_file=upload(encode(two_halves((300, 200)), "PNG")), actor=seller
        )
    image.refresh_from_db()
    assert (image.renditions["detail"]["width"], image.renditions["card"]["width"]) == (300, 300)
    assert image.renditions["thumbnail"]["width"] == 160


def test_task_for_a_deleted_image_does_nothing():
    assert make_renditions(987654) == {"skipped": "image deleted"}


def test_broken_original_fails_loudly_instead_of_retrying(product, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    with open(image.original.path, "wb") as fh:  # the disk lost half the file
        fh.write(b"\xff\xd8\xff\xe0 broken")
    with pytest.raises(RenditionSourceBroken):
        build_renditions(image)


def test_template_tag_gives_the_card_and_falls_back_to_the_original(
    product, seller, django_capture_on_commit_callbacks
):
    template = Template('{% load photo_tags %}{% product_image_url product "card" %}')
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    assert template.render(Context({"product": product})) == image.original.url
    for callback in callbacks:
        callback()
    product.refresh_from_db()
    assert template.render(Context({"product": product})).endswith(f"/renditions/{image.pk}/card.webp")


def test_template_tag_for_a_product_without_photos_gives_the_placeholder():
    product = ProductFactory()
    url = Template('{% load photo_tags %}{% product_image_url product "thumbnail" %}').render(
        Context({"product": product})
    )
    assert url.startswith("/media/") and url.endswith(".jpg")


def test_unknown_rendition_name_is_a_programming_error(product, seller):
    image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    with pytest.raises(ValueError):
        rendition_url(image, "poster")


def test_a_storage_hiccup_is_retried_and_the_renditions_still_arrive(
    product, seller, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    real_save, calls = default_storage.save, []

    def flaky_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 1:
            raise OSError("network storage timed out")
        return real_save(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", flaky_save)
    # throw=False: eager mode then re-runs the retry at once, as a worker would after the countdown
    result = make_renditions.apply(args=[image.pk], throw=False)
    assert result.successful(), result.traceback
    image.refresh_from_db()
    assert set(image.renditions) == {"thumbnail", "card", "detail"}
    assert len(calls) == 4  # one failed save, then the three renditions


def test_the_command_catches_up_on_photos_loaded_in_bulk(product, capsys):
    # bulk_create, as the demo loader and imports do: no post_save, so no task was queued.
    names = [
        default_storage.save(f"images/products/bulk-{n}.jpg", ContentFile(encode(two_halves(), "JPEG")))
        for n in range(2)
    ]
    names.append(default_storage.save("images/products/bulk-broken.jpg", ContentFile(b"\xff\xd8\xff\xe0 broken")))
    ProductImage.objects.bulk_create(
        [ProductImage(product=product, original=name, display_order=n) for n, name in enumerate(names)]
    )
    good, other, broken = ProductImage.objects.filter(product=product).order_by("display_order")
    assert images_lacking_renditions(ProductImage.objects.all()) == [good.pk, other.pk, broken.pk]

    call_command("photo_renditions")

    out = capsys.readouterr()
    assert "made for 2 photo(s), 1 unreadable" in out.out
    assert f"image {broken.pk}" in out.err
    good.refresh_from_db()
    assert set(good.renditions) == set(SPECS)
    assert webp(good.renditions["card"]).format == "WEBP"
    assert images_lacking_renditions(ProductImage.objects.all()) == [broken.pk]

    call_command("photo_renditions")  # idempotent: only the unreadable one is tried again
    assert "made for 0 photo(s), 1 unreadable" in capsys.readouterr().out


def test_a_replaced_original_counts_as_lacking_renditions(product, seller, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = accept_product_photo(product=product, uploaded_file=upload(encode(two_halves(), "PNG")), actor=seller)
    assert images_lacking_renditions(ProductImage.objects.all()) == []
    ProductImage.objects.filter(pk=image.pk).update(original="images/products/replaced.jpg")
    assert images_lacking_renditions(ProductImage.objects.all()) == [image.pk]
