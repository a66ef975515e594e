"""The two ways a parcel travels without a carrier's API: the seller delivers it, or the buyer
collects it at the producer. Their timeline is written by the seller in the workspace
(`services.record_seller_step`), so they have no webhooks, no master data and no simulator."""

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from logistics.carriers.base import Booking, InvalidWebhook, Quote, QuoteRequest, ShipmentRequest, WebhookAnswer
from payments.checkout.shipping import fee_for_weight


class _Local:
    supports_cod = True
    needs_area_ids = False
    uses_area_mapping = False  # our own commune codes are all it needs

    def cancel(self, tracking_code: str) -> None:
        return None

    def track(self, tracking_code: str) -> list:
        return []

    def parse_webhook(self, *, body: bytes, content_type: str, query: dict, headers: dict) -> list:
        raise InvalidWebhook(f"{self.code} takes no webhooks")

    def webhook_answer(self, *, ok: bool) -> WebhookAnswer:
        return WebhookAnswer(status=404, body="")

    def master_data(self) -> list[dict]:
        return []

    def create(self, request: ShipmentRequest) -> Booking:
        return Booking(tracking_code=f"{self.prefix}-{request.reference}", fee=Decimal("0"))


class SelfDelivery(_Local):
    """The seller (or a helper) takes the parcel to the buyer: within the seller's own province only."""

    code = "self"
    name = _lazy("Seller delivers")
    prefix = "TU"

    def __init__(self, flat_fee: Decimal | None = None):
        self.flat_fee = flat_fee

    def quote(self, request: QuoteRequest) -> list[Quote]:
        if request.sender.province_name != request.receiver.province_name:
            return []
        fee = self.flat_fee if self.flat_fee is not None else fee_for_weight(request.parcel.weight_grams)
        return [
            Quote(
                carrier=self.code, service="self", service_name=_("Delivered by the seller"), fee=fee, expected_days=2
            )
        ]


class PickupAtProducer(_Local):
    """The buyer collects the goods at the producer: no fee, pay on collection if COD."""

    code = "pickup"
    name = _lazy("Pick up at the producer")
    prefix = "NHAN"

    def quote(self, request: QuoteRequest) -> list[Quote]:
        return [
            Quote(
                carrier=self.code,
                service="pickup",
                service_name=_("Collect at %(place)s") % {"place": request.sender.commune_name},
                fee=Decimal("0"),
                expected_days=None,
            )
        ]
