"""Product.search_text: what the database fallback searches when the engine is down.

Folded title, the title's kinds ("trái cây" for "Bưởi Năm Roi", kinds.py), UPC and the start of
the description: space-separated words, so a query word must start one of them (fallback.py).
Product.save() keeps it; `refresh()` brings every row in line after the kinds file changed
(services.reindex_all runs it before each full rebuild).
"""

from marketplace.core.text import fold_vietnamese

from .kinds import kinds_of

DESCRIPTION_CHARS = 500  # enough to find a product by its story


def search_text(title: str, upc: str | None, description: str | None, fold=fold_vietnamese) -> str:
    parts = [title, " ".join(kinds_of(title)), upc or "", (description or "")[:DESCRIPTION_CHARS]]
    return " ".join(fold(part) for part in parts if part)


def refresh(batch_size: int = 1000, Product=None) -> int:  # noqa: N803 - a model class
    """Rewrite the search_text that differs from what it should be; returns how many rows changed.

    `Product`: the model to use, for a migration's historical one; the current one by default.
    """
    if Product is None:
        from oscar.core.loading import get_model

        Product = get_model("catalogue", "Product")
    changed, batch = 0, []
    rows = Product.objects.only("id", "title", "upc", "description", "search_text").order_by("id")
    for product in rows.iterator(chunk_size=batch_size):
        text = search_text(product.title, product.upc, product.description)
        if text != product.search_text:
            product.search_text = text
            batch.append(product)
        if len(batch) >= batch_size:
            changed += Product.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        changed += Product.objects.bulk_update(batch, ["search_text"])
    return changed
