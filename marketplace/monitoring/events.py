"""Keep the roll-ups current: model signals only *note* what changed.

Orders, their lines and seller parts, payment sources, attempts and events, shipments and their
tracking events, products, stock records, certificates, category links, sellers and helper
assignments add ids to a per-thread pending set and ask for a flush after commit. The first
flush of a transaction sends one `refresh_rollups` task with everything pending; the task works
out which province × day rows those changes touch (`changes.py`) and recomputes them.

Status changes written with a queryset `update()` (several payment and checkout steps do that)
send no signal; most come with a signalled row beside them (a payment event, a shipment event),
and the nightly rebuild catches the rest.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

_pending = threading.local()
KINDS = ("orders", "shipments", "products", "product_history", "partners", "provinces")


def _sets() -> dict:
    if not hasattr(_pending, "ids"):
        _pending.ids = {kind: set() for kind in KINDS}
    return _pending.ids


def flush() -> None:
    """Send this thread's pending changes to Celery (runs after commit)."""
    from marketplace.monitoring.tasks import refresh_rollups

    pending = _sets()
    batch = {kind: sorted(ids) for kind, ids in pending.items() if ids}
    for ids in pending.values():
        ids.clear()
    if batch:
        refresh_rollups.delay(**batch)


def discard_pending() -> None:
    for ids in _sets().values():
        ids.clear()


def note(kind: str, *ids) -> None:
    found = [i for i in ids if i]
    if not found:
        return
    _sets()[kind].update(found)
    # robust: a failing refresh must never turn a committed order or seller action into an error.
    transaction.on_commit(flush, robust=True)


def _order(sender, instance, **kwargs):
    note("orders", instance.pk if sender._meta.model_name == "order" else instance.order_id)


def _shipment(sender, instance, **kwargs):
    note("shipments", instance.pk if sender._meta.model_name == "shipment" else instance.shipment_id)


def _product(sender, instance, **kwargs):
    product_id = instance.pk if sender._meta.model_name == "product" else instance.product_id
    note("products", product_id)


def _product_history(sender, instance, created=False, **kwargs):
    # A product's group decides where its past sales are counted: move them too.
    note("product_history", instance.product_id)


def _partner(sender, instance, **kwargs):
    note("partners", instance.pk if sender._meta.model_name == "partner" else instance.partner_id)


def _gone(sender, instance, **kwargs):
    """A deleted product, certificate or category link: recompute its seller's province entirely."""
    product = instance if sender._meta.model_name == "product" else None
    producer_id = product.producer_id if product else None
    if producer_id is None:
        Product = get_model("catalogue", "Product")
        producer_id = Product.objects.filter(pk=instance.product_id).values_list("producer_id", flat=True).first()
    if producer_id:
        note(
            "provinces",
            *get_model("partner", "Partner")
            .objects.filter(pk=producer_id)
            .values_list("commune__province_id", flat=True),
        )


RECEIVERS = [
    (("order", "Order"), _order, post_save),
    (("order", "Line"), _order, post_save),
    (("order", "FulfilmentGroup"), _order, post_save),
    (("order", "PaymentEvent"), _order, post_save),
    (("payment", "Source"), _order, post_save),
    (("payment", "PaymentAttempt"), _order, post_save),
    (("logistics", "Shipment"), _shipment, post_save),
    (("logistics", "ShipmentEvent"), _shipment, post_save),
    (("catalogue", "Product"), _product, post_save),
    (("partner", "StockRecord"), _product, post_save),
    (("catalogue", "OcopCertificate"), _product, post_save),
    (("catalogue", "ProductCategory"), _product_history, post_save),
    (("catalogue", "Product"), _gone, post_delete),
    (("catalogue", "OcopCertificate"), _gone, post_delete),
    (("catalogue", "ProductCategory"), _gone, post_delete),
    (("partner", "Partner"), _partner, post_save),
    (("sellers", "HelperAssignment"), _partner, post_save),
]


def connect() -> None:
    """Wire the receivers (idempotent thanks to dispatch_uid)."""
    for (app, name), receiver, signal in RECEIVERS:
        signal.connect(
            receiver, sender=get_model(app, name), dispatch_uid=f"monitoring-{app}.{name}-{receiver.__name__}"
        )


def disconnect() -> None:
    """For bulk loads that rebuild the roll-ups afterwards (demo orders, benchmarks)."""
    for (app, name), receiver, signal in RECEIVERS:
        signal.disconnect(sender=get_model(app, name), dispatch_uid=f"monitoring-{app}.{name}-{receiver.__name__}")
