from django import template

from payments.checkout import services
from payments.models import PaymentMethod

register = template.Library()


@register.simple_tag
def order_parts(order) -> dict:
    """The buyer's order page: payment status and per-seller parts."""
    payment = services.order_payment(order)
    method = payment.get("method") or ""
    payment["method_label"] = PaymentMethod(method).label if method in PaymentMethod.values else ""
    from logistics.selectors import deliveries

    groups = services.order_groups(order)
    by_seller = {d.group.partner_id: d for d in deliveries(order)}
    return {
        "payment": payment,
        "groups": groups,
        "parts": [{"group": g, "delivery": by_seller.get(g.partner_id)} for g in groups],
        "status_label": services.order_status_label(order.status),
    }
