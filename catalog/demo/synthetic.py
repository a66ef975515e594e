"""The synthetic catalogue for benchmarks: `load_demo_data --products N`.

Products SYN-0000001..SYN-<N> are variations on the hand-made catalogue (same producers, groups
and texts), written with bulk inserts in batches, one transaction each. They share a small pool
of pictures. Bulk inserts send no signals, so rebuild the search index afterwards.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from oscar.core.utils import slugify

from catalog.demo import data, generate, images
from catalog.demo.services import (
    CURRENCY,
    IMAGE_DIR,
    Category,
    OcopCertificate,
    Partner,
    Product,
    ProductCategory,
    ProductClass,
    ProductImage,
    StockRecord,
    certificate_fields,
    commune_ids,
)
from catalog.search.search_text import search_text
from marketplace.core.text import fold_vietnamese


def load_synthetic_products(total: int, *, batch_size: int = 2000, today=None, progress=None) -> int:
    """Make sure synthetic products SYN-0000001..SYN-<total> exist; returns how many were added.

    Bulk inserts in batches (one transaction each) of products, stock records, category links,
    pooled images and some certificates. Needs the hand-made catalogue loaded first (it reuses
    its producers, groups and texts). Bulk inserts send no signals: rebuild the search index after.
    """
    today = today or timezone.localdate()
    existing = set(Product.objects.filter(upc__startswith="SYN-").values_list("upc", flat=True))
    missing = [n for n in range(1, total + 1) if generate.synthetic_upc(n) not in existing]
    if not missing:
        return 0
    context = _SyntheticContext(generate.product_specs(), image_pool())
    for start in range(0, len(missing), batch_size):
        chunk = missing[start : start + batch_size]
        with transaction.atomic():
            _insert_synthetic([generate.synthetic_spec(n, context.base) for n in chunk], context, today)
        if progress:
            progress(start + len(chunk), len(missing))
    return len(missing)


class _SyntheticContext:
    """Ids and caches shared by every synthetic batch."""

    def __init__(self, base, pool):
        self.base, self.pool = base, pool
        self.classes = {
            key: ProductClass.objects.get(slug=slug).pk for key, (_, slug, *_) in data.PRODUCT_CLASSES.items()
        }
        self.partners = dict(Partner.objects.filter(code__in={s.producer for s in base}).values_list("code", "pk"))
        self.categories = dict(Category.objects.filter(code__startswith="ocop").values_list("code", "pk"))
        self.communes = commune_ids()
        self.folded = {}  # folding Vietnamese text is the slow part of a product row; titles repeat
        self.slugs = {}

    def fold(self, text):
        if text not in self.folded:
            self.folded[text] = fold_vietnamese(text)
        return self.folded[text]

    def slug(self, title):
        if title not in self.slugs:
            self.slugs[title] = slugify(title)
        return self.slugs[title]


def _insert_synthetic(specs, ctx, today):
    products = [
        Product(
            upc=s.upc,
            title=s.title,
            slug=ctx.slug(s.title),
            description=s.description,
            product_class_id=ctx.classes[s.kind],
            producer_id=ctx.partners[s.producer],
            origin_commune_id=ctx.communes[(s.province, s.commune)],
            unit=s.unit,
            shipping_weight_grams=s.grams,
            is_public=True,
            search_text=search_text(s.title, s.upc, s.description, fold=ctx.fold),  # as Product.save() stores it
        )
        for s in specs
    ]
    Product.objects.bulk_create(products)
    if any(p.pk is None for p in products):  # backends that cannot return ids from a bulk insert
        ids = dict(Product.objects.filter(upc__in=[p.upc for p in products]).values_list("upc", "pk"))
        for product in products:
            product.pk = product.id = ids[product.upc]
    StockRecord.objects.bulk_create(
        StockRecord(product_id=p.pk, partner_id=ctx.partners[s.producer], partner_sku=s.upc,
                    price=Decimal(s.price), price_currency=CURRENCY, num_in_stock=s.stock)
        for p, s in zip(products, specs, strict=True)
    )  # fmt: skip
    ProductCategory.objects.bulk_create(
        ProductCategory(product_id=p.pk, category_id=ctx.categories[s.category])
        for p, s in zip(products, specs, strict=True)
    )
    ProductImage.objects.bulk_create(
        ProductImage(product_id=p.pk, original=ctx.pool[s.group][int(s.upc[-1]) % 2], display_order=0)
        for p, s in zip(products, specs, strict=True)
    )
    ids = {p.upc: p.pk for p in products}
    plans = generate.plan_certificates(specs, today, share=0.35)
    OcopCertificate.objects.bulk_create(
        OcopCertificate(product_id=ids[upc], **certificate_fields(c)) for upc, plan in plans.items() for c in plan
    )


def image_pool() -> dict:
    """A few shared pictures per group for the synthetic catalogue; {group: [file names]}."""
    pool = {}
    for group in images.GROUPS:
        names = []
        for k, title in enumerate((images.PALETTES[group][2].capitalize(), "Sản phẩm OCOP")):
            name = f"{IMAGE_DIR}/pool/{group}-{k + 1}.jpg"
            if not default_storage.exists(name):
                name = default_storage.save(name, ContentFile(images.render(title, group)))
            names.append(name)
        pool[group] = names
    return pool
