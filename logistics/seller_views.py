"""The seller's delivery actions on its part of an order (under the workspace's order page):
confirm and book the carrier, book again, report self-delivery steps, decide about a return."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from logistics import selectors, services, tasks
from logistics.carriers.base import CarrierError
from marketplace.workspace.views import shop_view
from payments.checkout.services import CannotCancel


@shop_view
@require_POST
def delivery_action(request, shop, number):
    from marketplace.order.models import FulfilmentGroup

    group = FulfilmentGroup.objects.filter(order__number=number, partner=shop).select_related("order").first()
    if group is None:
        raise Http404
    current = selectors.delivery(group.order_id, shop.pk)
    action = request.POST.get("action", "")
    actor = f"user:{request.user.pk}"
    try:
        if action == "confirm":
            services.confirm_group(group=group, actor=actor)
            messages.success(request, _("Confirmed. The carrier is being booked for this parcel."))
        elif action == "book_again" and current.can_retry_booking:
            tasks.book_shipment.delay(current.shipment.pk)
            messages.info(request, _("We are asking the carrier again."))
        elif action == "step" and current.shipment is not None:
            services.record_seller_step(shipment=current.shipment, status=request.POST.get("status", ""), actor=actor)
            messages.success(request, _("Saved to the delivery timeline."))
        elif action in ("restock", "write_off") and current.needs_return_decision:
            services.handle_return(shipment=current.shipment, restock=action == "restock", actor=actor)
            messages.success(request, _("Returned goods recorded."))
        elif action == "cancel_part" and current.can_cancel_part:
            from payments.checkout import services as checkout

            reason = (request.POST.get("reason") or "").strip()[:200] or _("cancelled by the seller")
            group = checkout.cancel_part(order=group.order, partner_id=shop.pk, actor=actor, reason=reason)
            messages.success(
                request, _("Your part of the order is cancelled (%(status)s).") % {"status": group.get_status_display()}
            )
        elif action == "cancel_parcel" and current.shipment is not None:
            services.cancel_shipment(shipment=current.shipment, actor=actor)
            messages.success(request, _("The parcel was cancelled at the carrier; you can book it again."))
        else:
            messages.error(request, _("That action is not available for this order now."))
    except (services.CannotConfirm, CarrierError, CannotCancel) as exc:
        messages.error(request, str(exc))
    return redirect("workspace:order-detail", partner_id=shop.pk, number=number)
