import pytest
from oscar.core.utils import slugify

from tests.factories import ProductFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đặc sản Đà Lạt", "dac-san-da-lat"),
        ("Đường phèn Quảng Ngãi", "duong-phen-quang-ngai"),
        ("Cà phê Buôn Ma Thuột", "ca-phe-buon-ma-thuot"),
        ("Mật ong hoa cà phê ĐẮK LẮK", "mat-ong-hoa-ca-phe-dak-lak"),
        ("Chè Shan tuyết cổ thụ", "che-shan-tuyet-co-thu"),
    ],
)
def test_slugs_fold_vietnamese_including_d_with_stroke(title, slug):
    assert slugify(title) == slug


@pytest.mark.django_db
def test_product_saved_from_the_dashboard_gets_a_folded_slug_and_search_text():
    product = ProductFactory(title="Đường phèn Quảng Ngãi")
    assert product.slug == "duong-phen-quang-ngai"
    assert "duong phen quang ngai" in product.search_text
