import datetime

import pytest
from django.core.management import call_command

from marketplace.regions.models import Commune, LegacyWard, Province, UnitMapping
from marketplace.regions.services import (
    commune_for_legacy_ward,
    commune_place_names,
    former_province_name,
    local_place_names,
    place_names,
    regions,
)

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


def test_place_names_are_current_and_former_provinces_and_regions():
    names = place_names()

    assert {"Sơn La", "Tuyên Quang", "Hà Giang", "Bến Tre", "Bà Rịa - Vũng Tàu", "Tây Nguyên", "Miền Tây"} <= names
    assert not any(name.startswith(("Tỉnh ", "Thành phố ")) for name in names)
    assert len(names) == 63 + len(regions())  # the 34 current names are all former names too


def test_every_region_lists_former_provinces_by_their_exact_names():
    former = {former_province_name(n) for n in LegacyWard.objects.values_list("province_name", flat=True)}

    for region, provinces in regions().items():
        assert provinces and provinces <= former, (region, provinces - former)


def test_a_commune_keeps_the_names_of_its_former_district_province_and_region():
    # Đồng Văn was in Hà Giang, merged into Tuyên Quang on 1 July 2025.
    dong_van = Commune.objects.get(province__short_name="Tuyên Quang", name="Xã Đồng Văn")
    buon_ma_thuot = Commune.objects.get(name="Phường Buôn Ma Thuột")

    # and took in a ward of Mèo Vạc district: both district names are its place's names.
    assert commune_place_names()[dong_van.code] == ("Mèo Vạc", "Đồng Văn", "Hà Giang", "Đông Bắc")
    assert commune_place_names()[buon_ma_thuot.code] == ("Buôn Ma Thuột", "Đắk Lắk", "Tây Nguyên")


def test_local_place_names_are_communes_and_former_districts_without_their_unit_type():
    names = local_place_names()

    assert {"Buôn Ma Thuột", "Tân Cương", "Lục Ngạn", "Hoàng Su Phì", "Ba Đình"} <= names
    assert not any(name.startswith(("Xã ", "Phường ", "Huyện ", "Quận ", "Thị xã ")) for name in names)
    assert not any(name.isdigit() for name in names)  # "Quận 1" names no product's place
