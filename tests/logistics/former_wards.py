"""Parcels between real former wards for the carriers keyed on them by their own ids (Viettel Post,
Vietnam Post): each carrier's tests/<carrier>/helpers.py binds these to its simulator's `area_of`."""

from decimal import Decimal

from logistics.carriers.base import Endpoint, Parcel, ParcelItem, QuoteRequest, ShipmentRequest

PHUC_XA = "00001"  # Phường Phúc Xá, Quận Ba Đình, Hà Nội
TRUC_BACH = "00004"  # Phường Trúc Bạch, Quận Ba Đình, Hà Nội
TAN_DINH = "26734"  # Phường Tân Định, Quận 1, TP Hồ Chí Minh
HOA_MINH = "20200"  # Phường Hòa Minh, Quận Liên Chiểu, Đà Nẵng
HUONG_PHONG = "20002"  # Phường Hương Phong, Huế: the same (central) region as Đà Nẵng
TRUONG_SA = "22736"  # Thị trấn Trường Sa: an island district neither carrier serves


def parcel(grams=1200, value="250000") -> Parcel:
    item = ParcelItem(name="Mật ong bạc hà", quantity=2, weight_grams=grams // 2, price=Decimal(value) / 2)
    return Parcel(weight_grams=grams, declared_value=Decimal(value), items=(item,))


class Requests:
    """Quote and shipment requests whose endpoints carry `area_of(ward)`; `service` by default."""

    def __init__(self, area_of, service: str):
        self.area_of, self.service = area_of, service

    def endpoint(self, ward: str, *, name="HTX Chè Shan Tuyết", phone="0912345678") -> Endpoint:
        return Endpoint(
            name=name,
            phone=phone,
            street="12 Lê Lợi",
            commune_code="00004",
            commune_name="Phường Ba Đình",
            province_name="Thành phố Hà Nội",
            area=self.area_of(ward),
        )

    def quote_request(self, sender=PHUC_XA, receiver=TAN_DINH, *, grams=1200, cod="0") -> QuoteRequest:
        return QuoteRequest(
            sender=self.endpoint(sender),
            receiver=self.endpoint(receiver, name="Nguyễn Văn An", phone="0987654321"),
            parcel=parcel(grams),
            cod_amount=Decimal(cod),
        )

    def shipment(
        self,
        reference="OCOP-100042-1",
        *,
        service=None,
        sender=PHUC_XA,
        receiver=TAN_DINH,
        cod="250000",
        grams=1200,
        receiver_phone="0987654321",
    ) -> ShipmentRequest:
        return ShipmentRequest(
            reference=reference,
            sender=self.endpoint(sender),
            receiver=self.endpoint(receiver, name="Nguyễn Văn An", phone=receiver_phone),
            parcel=parcel(grams),
            service=service or self.service,
            cod_amount=Decimal(cod),
            note="Gọi trước khi giao",
        )
