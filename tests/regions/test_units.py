import datetime

import pytest
from django.core.management import call_command

from marketplace.regions.models import Commune, LegacyWard, Province, UnitMapping
from marketplace.regions.services import commune_for_legacy_ward, province_names

pytestmark = pytest.mark.django_db


def test_migrations_load_the_34_provinces_and_3321_communes_of_july_2025():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Province.objects.get(code="14").short_name == "Sơn La"
    assert Province.objects.get(code="96").short_name == "Cà Mau"
    assert Commune.objects.filter(province_id="66", name="Phường Buôn Ma Thuột").exists()


def test_a_former_ward_maps_to_its_current_commune_from_the_reform_date():
    # Phường Phúc Xá (Ba Đình, Hà Nội) became part of Phường Hồng Hà
    assert LegacyWard.objects.get(code="00001").district_name == "Quận Ba Đình"
    assert commune_for_legacy_ward("00001").name == "Phường Hồng Hà"
    assert commune_for_legacy_ward("00001", on=datetime.date(2025, 6, 30)) is None


def test_a_divided_ward_has_one_default_part():
    divided = UnitMapping.objects.filter(is_divided=True).values_list("legacy_ward_id", flat=True).first()
    assert divided
    parts = UnitMapping.objects.filter(legacy_ward_id=divided)
    assert parts.count() >= 2
    assert commune_for_legacy_ward(divided) == parts.get(is_default=True).commune


def test_reloading_units_is_idempotent():
    before = (Province.objects.count(), Commune.objects.count(), UnitMapping.objects.count())
    call_command("load_admin_units", stdout=open("/dev/null", "w"))
    assert (Province.objects.count(), Commune.objects.count(), UnitMapping.objects.count()) == before


def test_province_names_cover_current_and_former_provinces():
    names = province_names()

    assert names["Sơn La"] == "14" and names["Đắk Lắk"] == "66"
    # Merged on 1 July 2025: the former name reaches the province that took it in.
    assert names["Bến Tre"] == names["Vĩnh Long"]
    assert names["Hà Giang"] == names["Tuyên Quang"]
    assert names["Kiên Giang"] == names["An Giang"]
    assert "Tỉnh Bến Tre" not in names and "Thành phố Huế" not in names
    assert set(names.values()) == set(Province.objects.values_list("code", flat=True))
