"""Keep the search index in step with the catalogue: model signals only *enqueue* work.

Every change to a product, its stock records (price, stock), certificates, images or
categories, or to its producer, adds ids to a per-thread pending set and asks for a flush
after commit. The first flush of a transaction sends one bulk task for everything pending;
the others find nothing left. Ids of a rolled-back transaction simply ride along with the
next commit: indexing is idempotent and reads the database, so that is harmless.

`connect()` is called once from CatalogueConfig.ready().
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from oscar.core.loading import get_model

_pending = threading.local()
TASK_CHUNK = 1000  # ids per task: bounded memory and time per task on a big import


def _sets():
    if not hasattr(_pending, "products"):
        _pending.products, _pending.producers = set(), set()
    return _pending.products, _pending.producers


def flush() -> None:
    """Send what this thread has pending to Celery (runs after commit)."""
    from .tasks import index_producers_task, index_products_task

    products, producers = _sets()
    product_ids, producer_ids = sorted(products), sorted(producers)
    products.clear()
    producers.clear()
    for start in range(0, len(product_ids), TASK_CHUNK):
        index_products_task.delay(product_ids[start : start + TASK_CHUNK])
    if producer_ids:
        index_producers_task.delay(producer_ids)


def discard_pending() -> None:
    """Forget what this thread has pending (tests start clean; loaders that rebuild afterwards)."""
    products, producers = _sets()
    products.clear()
    producers.clear()


def enqueue(*, products=(), producers=()) -> None:
    """Index these products / all products of these producers once the transaction commits."""
    pending_products, pending_producers = _sets()
    pending_products.update(i for i in products if i)
    pending_producers.update(i for i in producers if i)
    # robust: a search outage must never turn a committed seller or checkout action into an error.
    transaction.on_commit(flush, robust=True)


def _product_changed(sender, instance, **kwargs):
    enqueue(products=(instance.pk, instance.parent_id))


def _product_part_changed(sender, instance, **kwargs):
    # StockRecord, OcopCertificate, ProductImage, ProductCategory: a variant's parent is
    # resolved by the task (index.index_products), not here.
    enqueue(products=(instance.product_id,))


def _producer_changed(sender, instance, **kwargs):
    enqueue(producers=(instance.pk,))


def connect() -> None:
    """Wire the receivers (idempotent thanks to dispatch_uid)."""
    receivers = [
        (get_model("catalogue", "Product"), _product_changed),
        (get_model("partner", "StockRecord"), _product_part_changed),
        (get_model("catalogue", "OcopCertificate"), _product_part_changed),
        (get_model("catalogue", "ProductImage"), _product_part_changed),
        (get_model("catalogue", "ProductCategory"), _product_part_changed),
        (get_model("partner", "Partner"), _producer_changed),
    ]
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"search-{model._meta.label}-{signal is post_save}")


def disconnect() -> None:
    """For bulk loads that reindex afterwards (e.g. benchmarks)."""
    for label in (
        "catalogue.Product",
        "partner.StockRecord",
        "catalogue.OcopCertificate",
        "catalogue.ProductImage",
        "catalogue.ProductCategory",
        "partner.Partner",
    ):
        model = get_model(*label.split("."))
        for signal in (post_save, post_delete):
            signal.disconnect(sender=model, dispatch_uid=f"search-{model._meta.label}-{signal is post_save}")
