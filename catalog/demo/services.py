"""The demo-data loader: plain functions, one transaction per stage, safe to run again.

Every row is found by a stable key (category code, product class slug, partner code, product
UPC, stock record SKU, certificate product+status, user e-mail), so a second run updates rows
in place and only writes what changed. `load_synthetic_products` adds a large generated
catalogue with bulk inserts for benchmarks.
"""

import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from oscar.core.loading import get_model

from catalog import certificates
from catalog.demo import data, generate, images

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
OcopCertificate = get_model("catalogue", "OcopCertificate")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Commune = get_model("regions", "Commune")
StaffProfile = get_model("sellers", "StaffProfile")
HelperAssignment = get_model("sellers", "HelperAssignment")

IMAGE_DIR = "images/products/demo"
CURRENCY = "VND"


@dataclass
class LoadReport:
    """What a run did, for the command to print."""

    categories: int = 0
    producers: int = 0
    products: int = 0
    products_created: int = 0
    products_updated: int = 0
    certificates: int = 0
    images_drawn: int = 0
    synthetic_created: int = 0
    users: tuple = ()
    timings: dict = field(default_factory=dict)


def load_demo_data(*, synthetic_products: int = 0, batch_size: int = 2000, today=None, progress=None) -> LoadReport:
    """Load (or refresh) the whole demo marketplace; optionally top up the synthetic catalogue."""
    today = today or timezone.localdate()
    report = LoadReport()

    def stage(name, func, *args, **kwargs):
        started = time.perf_counter()
        result = func(*args, **kwargs)
        report.timings[name] = time.perf_counter() - started
        return result

    categories = stage("categories", load_categories)
    classes = stage("product classes", load_product_classes)
    producers = stage("producers", load_producers)
    products, created, updated, certs = stage("products", load_products, categories, classes, producers, today)
    report.images_drawn = stage("images", load_product_images, products)
    report.users = stage("users", load_users)
    stage("carrier areas", load_carrier_areas)
    report.categories, report.producers, report.products = len(categories), len(producers), len(products)
    report.products_created, report.products_updated, report.certificates = created, updated, certs
    if synthetic_products:
        from catalog.demo.synthetic import load_synthetic_products  # it builds on this module

        report.synthetic_created = stage(
            "synthetic products",
            load_synthetic_products,
            synthetic_products,
            batch_size=batch_size,
            today=today,
            progress=progress,
        )
    from marketplace.monitoring.demo import load_demo_orders  # monitoring builds on the catalogue, not the reverse

    stage("monitoring orders", load_demo_orders, today=today)
    return report


def load_carrier_areas() -> dict:
    """Map every commune to the simulated carriers' units (their master data), if not done today."""
    from django.utils.module_loading import import_string

    from logistics.addresses import sync_carrier_areas
    from logistics.carriers.registry import CARRIERS, get_carrier
    from logistics.models import CarrierAreaMapping

    done = {}
    for code in CARRIERS:
        if code in ("self", "pickup"):
            continue
        try:
            import_string(CARRIERS[code])
        except ImportError:
            continue
        if not CarrierAreaMapping.objects.filter(carrier=code, effective_from=timezone.localdate()).exists():
            done[code] = sync_carrier_areas(get_carrier(code))
    return done


# --- categories and classes --------------------------------------------------------------------


def load_categories() -> dict:
    """Both OCOP group trees; returns {code: Category}."""
    with transaction.atomic():
        existing = {c.code: c for c in Category.objects.filter(code__startswith="ocop")}
        nodes = {}
        for tree, scheme, hidden in (
            (data.CATEGORY_TREE_148, "qd148-2023", False),
            (data.CATEGORY_TREE_1048, "qd1048-2019", True),
        ):
            _sync_nodes(tree, None, scheme, hidden, existing, nodes)
        return nodes


def _sync_nodes(tree, parent, scheme, hidden, existing, nodes):
    for code, name, children in tree:
        wanted = {"name": name, "scheme": scheme, "is_public": True, "exclude_from_menu": hidden}
        node = existing.get(code)
        if node is None:
            instance = Category(code=code, **wanted)
            if parent is None:
                node = Category.objects.add_root(instance=instance)
            else:
                node = Category.objects.add_child(parent, instance=instance)
        elif any(getattr(node, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(node, key, value)
            node.save()
        nodes[code] = node
        _sync_nodes(children, node, scheme, hidden, existing, nodes)


def load_product_classes() -> dict:
    """Shippable goods and (non-shipped) tourism services; returns {key: ProductClass}."""
    classes = {}
    with transaction.atomic():
        for key, (name, slug, requires_shipping, track_stock) in data.PRODUCT_CLASSES.items():
            classes[key], _ = ProductClass.objects.update_or_create(
                slug=slug, defaults={"name": name, "requires_shipping": requires_shipping, "track_stock": track_stock}
            )
    return classes


# --- producers ---------------------------------------------------------------------------------


def commune_ids() -> dict:
    """{(province code, commune name): commune code} for the communes the demo producers use."""
    wanted = {(p.province, p.commune) for p in data.PRODUCERS}
    rows = Commune.objects.filter(province_id__in={p for p, _ in wanted}, name__in={n for _, n in wanted}).values_list(
        "province_id", "name", "code"
    )
    found = {(province, name): code for province, name, code in rows}
    missing = wanted - found.keys()
    if missing:
        raise ValueError(f"Communes not found (are the regions migrated?): {sorted(missing)}")
    return found


def load_producers() -> dict:
    """Every demo producer as an Oscar Partner; returns {code: Partner}."""
    communes = commune_ids()
    partners = {}
    with transaction.atomic():
        existing = {p.code: p for p in Partner.objects.filter(code__in=[p.code for p in data.PRODUCERS])}
        for producer in data.PRODUCERS:
            wanted = {
                "name": producer.name,
                "producer_type": producer.kind,
                "commune_id": communes[(producer.province, producer.commune)],
                **generate.producer_profile(producer),
            }
            partner = existing.get(producer.code)
            if partner is None:
                partner = Partner.objects.create(code=producer.code, **wanted)
            elif _changed(partner, wanted):
                partner.save()
            partners[producer.code] = partner
    return partners


def _changed(obj, wanted: dict) -> bool:
    """Copy `wanted` onto `obj`; True when anything differed (so unchanged rows are not rewritten)."""
    changed = False
    for key, value in wanted.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    return changed


# --- products ----------------------------------------------------------------------------------


# Registered geographical indications (Cục Sở hữu trí tuệ): staff promote them with Oscar's
# `priority`, which search uses to order otherwise equal matches.
GEOGRAPHICAL_INDICATIONS = (  # (product, place) as the indication names them
    ("Cà phê", "Buôn Ma Thuột"),
    ("Chè", "Tân Cương"),
    ("Trà", "Tân Cương"),
    ("Chè", "Mộc Châu"),
    ("Nước mắm", "Phú Quốc"),
    ("Vải", "Thanh Hà"),
    ("Nhãn", "Hưng Yên"),
)


def merchandising_priority(title: str) -> int:
    return 10 if any(title.startswith(product) and place in title for product, place in GEOGRAPHICAL_INDICATIONS) else 0


def load_products(categories, classes, producers, today):
    """Products, stock records, category links and certificates of the hand-made catalogue.

    Returns (products, created, updated, certificate count).
    """
    specs = generate.product_specs()
    plans = generate.plan_certificates(specs, today)
    communes = commune_ids()
    created = updated = 0
    with transaction.atomic():
        existing = {p.upc: p for p in Product.objects.filter(upc__in=[s.upc for s in specs])}
        products = []
        for spec in specs:
            wanted = {
                "title": spec.title,
                "description": spec.description,
                "product_class_id": classes[spec.kind].pk,
                "producer_id": producers[spec.producer].pk,
                "origin_commune_id": communes[(spec.province, spec.commune)],
                "unit": spec.unit,
                "shipping_weight_grams": spec.grams,
                "is_public": True,
                "priority": merchandising_priority(spec.title),
            }
            product = existing.get(spec.upc)
            if product is None:
                product = Product.objects.create(upc=spec.upc, **wanted)
                created += 1
            elif _changed(product, wanted):
                product.save()
                updated += 1
            products.append(product)
        by_upc = {p.upc: p for p in products}
        _sync_stock(specs, by_upc, producers)
        _sync_categories(specs, by_upc, categories, plans)
        certs = _sync_certificates(by_upc, plans)
    return products, created, updated, certs


def _sync_stock(specs, by_upc, producers):
    existing = {(s.partner_id, s.partner_sku): s for s in StockRecord.objects.filter(product__in=by_upc.values())}
    for spec in specs:
        partner = producers[spec.producer]
        wanted = {
            "product_id": by_upc[spec.upc].pk,
            "price": Decimal(spec.price),
            "price_currency": CURRENCY,
            "num_in_stock": spec.stock,
        }
        record = existing.get((partner.pk, spec.upc))
        if record is None:
            StockRecord.objects.create(partner=partner, partner_sku=spec.upc, **wanted)
        elif _changed(record, wanted):
            record.save()


def _sync_categories(specs, by_upc, categories, plans):
    wanted = set()
    for spec in specs:
        product_id = by_upc[spec.upc].pk
        wanted.add((product_id, categories[spec.category].pk))
        # Certified under QĐ 1048: also filed in the 2019 group it was scored under.
        legacy = spec.legacy_category
        if legacy and any(c.scheme == "qd1048-2019" for c in plans.get(spec.upc, [])):
            wanted.add((product_id, categories[legacy].pk))
    links = ProductCategory.objects.filter(product_id__in=[p.pk for p in by_upc.values()])
    have = set(links.values_list("product_id", "category_id"))
    ProductCategory.objects.bulk_create([ProductCategory(product_id=p, category_id=c) for p, c in wanted - have])
    for product_id, category_id in have - wanted:
        links.filter(product_id=product_id, category_id=category_id).delete()


def _sync_certificates(by_upc, plans) -> int:
    existing = {}
    for cert in OcopCertificate.objects.filter(product__in=by_upc.values()):
        existing.setdefault((cert.product_id, cert.status), []).append(cert)
    new, keep = [], set()
    for upc, plan in plans.items():
        product_id = by_upc[upc].pk
        for spec in plan:
            wanted = certificate_fields(spec)
            current = existing.get((product_id, spec.status), [])
            if current:
                cert = current[0]
                keep.add(cert.pk)
                if _changed(cert, wanted):
                    cert.save()
            else:
                new.append(OcopCertificate(product_id=product_id, **wanted))
    OcopCertificate.objects.bulk_create(new)
    stale = [c.pk for certs in existing.values() for c in certs if c.pk not in keep]
    OcopCertificate.objects.filter(pk__in=stale).delete()
    return sum(len(plan) for plan in plans.values())


def certificate_fields(spec) -> dict:
    return {
        "stars": spec.stars,
        "status": spec.status,
        "scheme": spec.scheme,
        "decision_number": spec.decision_number,
        "decision_date": spec.decision_date,
        "issuing_level": spec.issuing_level,
        # save() computes it too; bulk_create does not call save().
        "valid_until": certificates.valid_until(spec.decision_date),
        "revoked_at": spec.revoked_at,
        "revoked_reason": spec.revoked_reason,
    }


# --- images ------------------------------------------------------------------------------------


def load_product_images(products) -> int:
    """Draw a picture for every product that has none, whose file is gone or whose title changed
    (the caption keeps the title that was drawn); returns how many were drawn."""
    groups = {s.upc: s.group for s in generate.product_specs()}
    current = {i.product_id: i for i in ProductImage.objects.filter(product__in=products, display_order=0)}
    drawn, new_rows, changed_rows = 0, [], []
    for product in products:
        image = current.get(product.pk)
        caption = product.title[:200]
        if image is not None and image.caption == caption and default_storage.exists(image.original.name):
            continue
        name = image.original.name if image else f"{IMAGE_DIR}/{product.upc}.jpg"
        if default_storage.exists(name):
            default_storage.delete(name)  # an outdated picture, or left by a rolled-back run
        saved = default_storage.save(name, ContentFile(images.render(product.title, groups.get(product.upc, "tp"))))
        drawn += 1
        if image is None:
            new_rows.append(ProductImage(product=product, original=saved, caption=caption, display_order=0))
        else:
            image.original, image.caption = saved, caption
            changed_rows.append(image)
    with transaction.atomic():
        ProductImage.objects.bulk_create(new_rows)
        ProductImage.objects.bulk_update(changed_rows, ["original", "caption"])
    return drawn


# --- users -------------------------------------------------------------------------------------


def load_users() -> tuple:
    """The demo accounts of data.DEMO_USERS (password data.DEMO_PASSWORD), with their seller link,
    groups, staff province and helper assignment; returns data.DEMO_USERS."""
    User = get_user_model()
    dashboard = Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
    users = {}
    with transaction.atomic():
        groups = {name: Group.objects.get_or_create(name=name)[0] for name in data.GROUP_NAMES}
        for demo in data.DEMO_USERS:
            wanted = {
                "email": demo.email,
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "is_staff": demo.is_staff,
                "is_superuser": demo.is_superuser,
                "is_active": True,
            }
            user = User.objects.filter(username=demo.email).first()
            if user is None:
                user = User(username=demo.email, **wanted)
                # Hashing is slow on purpose; only done once, so a second run stays fast.
                user.set_password(data.DEMO_PASSWORD)
                user.save()
            elif _changed(user, wanted):
                user.save()
            user.groups.add(*(groups[name] for name in demo.groups))
            if demo.partner_code:
                Partner.objects.get(code=demo.partner_code).users.add(user)
                user.user_permissions.add(dashboard)
            users[demo] = user
        for demo, user in users.items():
            if demo.province_code:
                StaffProfile.objects.update_or_create(
                    user=user, defaults={"province_id": demo.province_code, "is_national": False}
                )
            if demo.helps_partner_code:
                _assign_helper(user, Partner.objects.get(code=demo.helps_partner_code), users)
    return data.DEMO_USERS


def _assign_helper(helper, partner, users):
    if HelperAssignment.objects.filter(helper=helper, partner=partner, revoked_at__isnull=True).exists():
        return
    # The household signed a paper form; the provincial staff member recorded it.
    recorder = next((u for d, u in users.items() if d.province_code == partner.commune.province_id), helper)
    HelperAssignment.objects.create(
        helper=helper, partner=partner, consent_method="paper", consent_at=timezone.now(), consent_recorded_by=recorder
    )
