"""Payment attempts at providers and the ledger of provider events (applied exactly once).

Oscar's Source/Transaction/PaymentEvent record the money on the order; these two models
record the conversation with the provider that leads there.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentMethod(models.TextChoices):
    VNPAY = "vnpay", _("VNPay")
    MOMO = "momo", _("MoMo e-wallet")
    VIETQR = "vietqr", _("Bank transfer (VietQR)")
    CARD = "card", _("International card")
    COD = "cod", _("Cash on delivery")


class AttemptStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    NEEDS_REVIEW = "needs_review", _("Needs staff review")


class PaymentAttempt(models.Model):
    """One try to collect an order's money through one provider."""

    order = models.ForeignKey(
        "order.Order", on_delete=models.PROTECT, null=True, blank=True, related_name="payment_attempts"
    )
    order_number = models.CharField(_("order number"), max_length=128, db_index=True)
    # What we send the provider as its merchant reference (vnp_TxnRef, MoMo orderId, transfer memo code).
    reference = models.CharField(_("provider reference"), max_length=64, unique=True)
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    amount_refunded = models.DecimalField(_("refunded (VND)"), max_digits=14, decimal_places=0, default=0)
    status = models.CharField(_("status"), max_length=24, choices=AttemptStatus.choices, default=AttemptStatus.PENDING)
    provider_transaction_id = models.CharField(_("provider transaction id"), max_length=64, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("payment attempt")
        verbose_name_plural = _("payment attempts")

    def __str__(self):
        return f"{self.method} {self.reference} {self.amount} ({self.status})"


class ProviderEvent(models.Model):
    """Every callback, webhook or query answer we act on, keyed so it is applied once.

    `event_key` is unique per provider: e.g. VNPay "<TxnRef>:<TransactionNo>:<ResponseCode>",
    MoMo "<orderId>:<transId>:<resultCode>", a bank feed's own transaction id, Stripe's event id.
    A second delivery of the same key finds the row and changes nothing.
    """

    provider = models.CharField(_("provider"), max_length=16)
    event_key = models.CharField(_("event key"), max_length=160)
    attempt = models.ForeignKey(PaymentAttempt, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    payload = models.JSONField(_("payload"), default=dict)
    outcome = models.CharField(_("outcome"), max_length=32, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_key"], name="provider_event_once")]

    def __str__(self):
        return f"{self.provider} {self.event_key} {self.outcome}"


from oscar.apps.payment.models import *  # noqa: E402,F403  (Oscar's documented fork pattern)
