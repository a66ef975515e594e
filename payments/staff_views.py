"""Staff: one order's parts by seller, with cancellation of a part (refunded through its provider)
and a partial refund of the order's payment. Staff of the platform only (`is_staff`)."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from payments import services as payment_services
from payments.checkout import services as checkout
from payments.models import AttemptStatus, PaymentAttempt

Order = get_model("order", "Order")


@staff_member_required
def order_parts(request, number):
    order = get_object_or_404(Order, number=number)
    actor = f"staff:{request.user.pk}"
    if request.method == "POST":
        action = request.POST.get("action", "")
        reason = (request.POST.get("reason") or "").strip()[:200] or _("cancelled by staff")
        try:
            if action == "cancel_part":
                group = checkout.cancel_part(
                    order=order, partner_id=int(request.POST.get("partner_id", "0")), actor=actor, reason=reason
                )
                messages.success(request, _("Part cancelled (%(status)s).") % {"status": group.get_status_display()})
            elif action == "refund":
                attempt = get_object_or_404(PaymentAttempt, order=order, reference=request.POST.get("reference", ""))
                amount = Decimal(request.POST.get("amount", "0"))
                payment_services.refund_attempt(
                    attempt=attempt,
                    amount=amount,
                    reason=reason,
                    actor=actor,
                    gateway=checkout.gateway_for(attempt.method),
                )
                messages.success(request, _("Refunded %(amount)s ₫.") % {"amount": f"{amount:,.0f}".replace(",", ".")})
        except (ValueError, InvalidOperation):
            messages.error(request, _("Please give a whole amount in đồng."))
        except (
            checkout.CannotCancel,
            payment_services.RefundRefused,
            payment_services.RefundProviderUnavailable,
        ) as exc:
            messages.error(request, str(exc))
        return redirect("payments-staff:order", number=order.number)
    from logistics.selectors import deliveries

    attempts = PaymentAttempt.objects.filter(order=order).order_by("created_at")
    refundable = [
        a
        for a in attempts
        if a.status in (AttemptStatus.SUCCEEDED, AttemptStatus.PARTIALLY_REFUNDED) or payment_services.money_held(a)
    ]
    return TemplateResponse(
        request,
        "payments/staff_order.html",
        {
            "order": order,
            "deliveries": deliveries(order),
            "attempts": attempts,
            "refundable": refundable,
            "status_label": checkout.order_status_label(order.status),
        },
    )
