"""Oscar's order, plus per-seller fulfilment groups.

One basket becomes one order and one payment (Oscar's model); each producer fulfils its own
part of it. A `FulfilmentGroup` is that part: its subtotal, its shipping fee and its own status.
Its lines are the order's lines of the same partner (Oscar already stores `Line.partner`), so
Oscar's Line needs no fork.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.address.abstract_models import AbstractShippingAddress


class FulfilmentStatus(models.TextChoices):
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    TO_CONFIRM = "to_confirm", _("To confirm")
    CONFIRMED = "confirmed", _("Confirmed")
    PACKED = "packed", _("Packed")
    SHIPPED = "shipped", _("Shipped")
    DELIVERED = "delivered", _("Delivered")
    RETURNED = "returned", _("Returned to the seller")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")


# A group in one of these states still holds its stock reservation and may be cancelled.
CANCELLABLE_STATUSES = (
    FulfilmentStatus.AWAITING_PAYMENT,
    FulfilmentStatus.TO_CONFIRM,
    FulfilmentStatus.CONFIRMED,
    FulfilmentStatus.PACKED,
)


class FulfilmentGroup(models.Model):
    """One seller's part of an order: its lines, subtotal, shipping fee and status."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.CASCADE, related_name="fulfilment_groups", verbose_name=_("order")
    )
    partner = models.ForeignKey(
        "partner.Partner", on_delete=models.PROTECT, related_name="fulfilment_groups", verbose_name=_("seller")
    )
    subtotal = models.DecimalField(_("subtotal (VND)"), max_digits=14, decimal_places=0)
    shipping_fee = models.DecimalField(_("shipping fee (VND)"), max_digits=14, decimal_places=0, default=0)
    weight_grams = models.PositiveIntegerField(_("shipping weight (g)"), default=0)
    # The carrier and service the buyer chose at checkout (logistics.carriers.registry codes).
    carrier = models.CharField(_("carrier"), max_length=16, blank=True)
    carrier_service = models.CharField(_("carrier service"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=24, choices=FulfilmentStatus.choices, default=FulfilmentStatus.AWAITING_PAYMENT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order_id", "partner_id"]
        verbose_name = _("fulfilment group")
        verbose_name_plural = _("fulfilment groups")
        constraints = [models.UniqueConstraint(fields=["order", "partner"], name="one_group_per_seller_per_order")]

    def __str__(self):
        return f"{self.order_id}/{self.partner_id} {self.status}"

    @property
    def total(self):
        return self.subtotal + self.shipping_fee

    @property
    def lines(self):
        """The order's lines this seller fulfils."""
        return self.order.lines.filter(partner_id=self.partner_id).order_by("pk")


class ShippingAddress(AbstractShippingAddress):
    """Oscar's shipping address; a postcode is optional (Vietnamese parcels go by commune and province)."""

    POSTCODE_REQUIRED = False


from oscar.apps.order.models import *  # noqa: E402,F403  (Oscar's documented fork pattern)
