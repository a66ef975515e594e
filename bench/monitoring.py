"""Monitoring benchmark: the indicator API and the dashboard page from the roll-ups, beside the
same views computing over the raw tables, on a generated year of trade.

    .venv/bin/python bench/monitoring.py [--lines 1000000] [--runs 20] [--naive-runs 3] [--reuse]

1. Build a throwaway database (SQLite /tmp/bench_monitoring_<lines>.sqlite3, or the PostgreSQL
   database named by DATABASE_URL, which must not be a shared one): migrations, the OCOP group
   trees, 20 sellers in each of the 34 provinces with 5 products each, certificates, then
   `--lines` order lines over the last 12 months (one or two sellers per order, every payment
   method, cancellations, refunds, returns, parcels with delivery times), written with bulk
   inserts straight into the tables, then ANALYZE (planner statistics). `--reuse` keeps a database
   built before with the same size (`--rebuild` then recomputes its roll-ups).
2. Rebuild the roll-ups (`rollups.rebuild_all`, timed).
3. Time, in process with Django's test client, a mix of IOC API calls (country, province,
   commune, producer type, OCOP group; year, quarter, month, week, custom) and of dashboard pages
   (country, province, commune), first from the roll-ups (`--runs` rounds), then with the same
   views switched to the raw tables (`selectors.DEFAULT_SOURCE = "raw"`, `--naive-runs` rounds).
   Prints p50/p95 of each and the ratio. Target: p95 ≤ 300 ms from the roll-ups, ≥ 20× faster.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SELLERS_PER_PROVINCE = 20
COMMUNES_PER_PROVINCE = 10
PRODUCTS_PER_SELLER = 5
DAYS = 365
BATCH = 5000


def setup_django(lines: int, reuse: bool) -> bool:
    """Point Django at the benchmark database; True when an existing one is reused."""
    url = os.environ.get("DATABASE_URL", "")
    if url and "ocop_ci" in url:
        raise SystemExit("Refusing to run against the shared CI database ocop_ci.")
    reused = False
    if not url:
        path = Path(f"/tmp/bench_monitoring_{lines}.sqlite3")
        reused = reuse and path.exists()
        if not reused:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    os.environ.setdefault("MEDIA_ROOT", "/tmp/bench_monitoring_media")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # a bulk load, not a durability test
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
    return reused


def percentiles(samples):
    if len(samples) < 2:
        return {"p50": samples[0] if samples else None, "p95": samples[0] if samples else None, "n": len(samples)}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": cuts[94], "n": len(samples)}


# --- 1. the data ---------------------------------------------------------------------------------------


def build(lines: int, seed: int = 7) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction
    from oscar.core.loading import get_model

    from catalog import certificates
    from catalog.demo.services import load_categories, load_product_classes
    from marketplace.monitoring import events

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    events.disconnect()
    rng = random.Random(seed)
    Partner = get_model("partner", "Partner")
    Product = get_model("catalogue", "Product")
    ProductCategory = get_model("catalogue", "ProductCategory")
    StockRecord = get_model("partner", "StockRecord")
    OcopCertificate = get_model("catalogue", "OcopCertificate")
    Commune = get_model("regions", "Commune")
    Province = get_model("regions", "Province")
    today = datetime.date.today()
    tz = datetime.timezone(datetime.timedelta(hours=7))
    first_day = today - datetime.timedelta(days=DAYS - 1)

    with transaction.atomic():
        categories = load_categories()
        goods = load_product_classes()["goods"]
        leaves = [c.pk for code, c in categories.items() if code.startswith("ocop148") and c.is_leaf()]
        partners, products, links, records, certs = [], [], [], [], []
        for province in Province.objects.order_by("code"):
            communes = list(
                Commune.objects.filter(province=province)
                .order_by("code")
                .values_list("code", flat=True)[:COMMUNES_PER_PROVINCE]
            )
            for n in range(SELLERS_PER_PROVINCE):
                opened = datetime.datetime.combine(
                    first_day - datetime.timedelta(days=rng.randint(0, 300)), datetime.time(8), tzinfo=tz
                )
                partners.append(Partner(name=f"Bench {province.code}-{n}", code=f"bench-{province.code}-{n}",
                                        producer_type=rng.choice(["household", "household", "coop_group", "cooperative", "enterprise"]),
                                        commune_id=communes[n % len(communes)], created_at=opened))  # fmt: skip
        Partner.objects.bulk_create(partners, batch_size=BATCH)
        partners = list(Partner.objects.filter(code__startswith="bench-").order_by("pk"))
        for partner in partners:
            for k in range(PRODUCTS_PER_SELLER):
                listed = partner.created_at + datetime.timedelta(days=rng.randint(0, 60))
                products.append(Product(title=f"{partner.name} sản phẩm {k}", upc=f"B{partner.pk}-{k}", slug=f"b{partner.pk}-{k}",
                                        product_class=goods, producer=partner, origin_commune_id=partner.commune_id,
                                        shipping_weight_grams=rng.choice([250, 500, 1000, 2000]), is_public=rng.random() < 0.9,
                                        date_created=listed, date_updated=listed))  # fmt: skip
        Product.objects.bulk_create(products, batch_size=BATCH)
        products = list(Product.objects.filter(upc__startswith="B").order_by("pk").values_list("pk", "producer_id"))
        for pk, producer in products:
            if rng.random() < 0.85:
                links.append(ProductCategory(product_id=pk, category_id=rng.choice(leaves)))
            records.append(StockRecord(product_id=pk, partner_id=producer, partner_sku=f"B{pk}", price=Decimal(rng.choice([45000, 90000, 150000, 320000])),
                                       price_currency="VND", num_in_stock=100))  # fmt: skip
            if rng.random() < 0.3:
                decided = today - datetime.timedelta(days=rng.randint(0, 1000))
                certs.append(OcopCertificate(product_id=pk, stars=rng.choice([3, 3, 4, 5]), decision_number=f"{pk}/QĐ-UBND",
                                             decision_date=decided, valid_until=certificates.valid_until(decided)))  # fmt: skip
        ProductCategory.objects.bulk_create(links, batch_size=BATCH)
        StockRecord.objects.bulk_create(records, batch_size=BATCH)
        OcopCertificate.objects.bulk_create(certs, batch_size=BATCH)
    prices = dict(
        StockRecord.objects.filter(product_id__in=[p for p, _ in products]).values_list("product_id", "price")
    )
    weights = dict(Product.objects.filter(upc__startswith="B").values_list("pk", "shipping_weight_grams"))
    by_partner = {}
    for pk, producer in products:
        by_partner.setdefault(producer, []).append(pk)
    catalogue = {partner.pk: partner for partner in partners}
    sellers_by_province = {}
    communes = dict(
        Commune.objects.filter(code__in={p.commune_id for p in partners}).values_list("code", "province_id")
    )
    for partner in partners:
        sellers_by_province.setdefault(communes[partner.commune_id], []).append(partner.pk)
    written = _orders(lines, rng, first_day, tz, sellers_by_province, by_partner, prices, weights, catalogue)
    if connection.vendor == "postgresql":
        _reset_sequences()
    return {"seconds": time.perf_counter() - started, "sellers": len(partners), "products": len(products), **written}


def _orders(lines, rng, first_day, tz, sellers_by_province, by_partner, prices, weights, catalogue) -> dict:
    """`lines` order lines over DAYS days, growing through the year; ids assigned here (bulk inserts)."""
    from django.db import transaction
    from oscar.core.loading import get_model

    Order = get_model("order", "Order")
    Line = get_model("order", "Line")
    FulfilmentGroup = get_model("order", "FulfilmentGroup")
    Source = get_model("payment", "Source")
    SourceType = get_model("payment", "SourceType")
    PaymentAttempt = get_model("payment", "PaymentAttempt")
    Shipment = get_model("logistics", "Shipment")
    cod = SourceType.objects.get_or_create(code="cod", defaults={"name": "COD"})[0]
    provinces = sorted(sellers_by_province)
    weights_by_day = [1 + 0.8 * d / DAYS for d in range(DAYS)]
    total_weight = sum(weights_by_day)
    ids = {"order": 0, "line": 0, "group": 0}
    counts = {"orders": 0, "lines": 0, "groups": 0, "shipments": 0}
    per_line = 2.3  # lines per order on average, as drawn below
    for day_index in range(DAYS):
        day = first_day + datetime.timedelta(days=day_index)
        want = int(lines * weights_by_day[day_index] / total_weight / per_line) + 1
        orders, line_rows, groups, sources, attempts, shipments = [], [], [], [], [], []
        for _ in range(want):
            if counts["lines"] >= lines:
                break
            ids["order"] += 1
            order_id = ids["order"]
            placed = datetime.datetime.combine(day, datetime.time(6), tzinfo=tz) + datetime.timedelta(
                minutes=rng.randint(0, 16 * 60)
            )
            province = rng.choice(provinces)
            sellers = rng.sample(sellers_by_province[province], rng.choice([1, 1, 2]))
            method = rng.choices(["cod", "vnpay", "momo", "vietqr", "card"], weights=[45, 20, 18, 12, 5])[0]
            luck = rng.random()
            total = Decimal(0)
            for seller in sellers:
                ids["group"] += 1
                subtotal, grams = Decimal(0), 0
                for product in rng.sample(by_partner[seller], rng.choice([1, 1, 2, 2, 3])):
                    quantity = rng.choice([1, 1, 2, 3])
                    amount = prices[product] * quantity
                    subtotal, grams = subtotal + amount, grams + weights[product] * quantity
                    ids["line"] += 1
                    line_rows.append(Line(id=ids["line"], order_id=order_id, partner_id=seller, partner_name=catalogue[seller].name,
                                          partner_sku="x", title="x", upc="x", product_id=product, quantity=quantity,
                                          line_price_incl_tax=amount, line_price_excl_tax=amount,
                                          line_price_before_discounts_incl_tax=amount, line_price_before_discounts_excl_tax=amount,
                                          num_allocated=0, status=""))  # fmt: skip
                status = (
                    "cancelled"
                    if luck < 0.07
                    else "returned"
                    if luck > 0.96
                    else ("delivered" if day_index < DAYS - 5 else "shipped")
                )
                groups.append(FulfilmentGroup(id=ids["group"], order_id=order_id, partner_id=seller, subtotal=subtotal, weight_grams=grams,
                                              shipping_fee=30000, carrier="ghn", status=status))  # fmt: skip
                if status in ("delivered", "returned", "shipped"):
                    booked = placed + datetime.timedelta(hours=rng.randint(2, 30))
                    done = booked + datetime.timedelta(hours=rng.randint(18, 120))
                    ship_status = {"delivered": "delivered", "returned": "returned", "shipped": "in_transit"}[status]
                    shipments.append(Shipment(group_id=ids["group"], carrier="ghn", reference=f"B{ids['group']}",
                                              tracking_code=f"BG{ids['group']}", status=ship_status, booked_at=booked,
                                              delivered_at=done if ship_status == "delivered" else None,
                                              returned_at=done if ship_status == "returned" else None))  # fmt: skip
                total += subtotal
            orders.append(Order(id=order_id, number=f"B{order_id:08d}", currency="VND", total_incl_tax=total, total_excl_tax=total,
                                shipping_method="x", status="cancelled" if luck < 0.07 else "placed", guest_email="",
                                date_placed=placed))  # fmt: skip
            if method == "cod":
                sources.append(Source(order_id=order_id, source_type=cod, currency="VND", amount_allocated=total))
            else:
                refunded = luck < 0.07
                attempts.append(PaymentAttempt(order_id=order_id, order_number=f"B{order_id:08d}", reference=f"BP{order_id}",
                                               method=method, amount=total, amount_refunded=total if refunded else 0,
                                               status="refunded" if refunded else "succeeded"))  # fmt: skip
            counts["lines"] = ids["line"]
        with transaction.atomic():
            Order.objects.bulk_create(orders, batch_size=BATCH)
            FulfilmentGroup.objects.bulk_create(groups, batch_size=BATCH)
            Line.objects.bulk_create(line_rows, batch_size=BATCH)
            Source.objects.bulk_create(sources, batch_size=BATCH)
            PaymentAttempt.objects.bulk_create(attempts, batch_size=BATCH)
            Shipment.objects.bulk_create(shipments, batch_size=BATCH)
        counts["shipments"] += len(shipments)
        if day_index % 60 == 0:
            print(f"#   {day}: {ids['line']} lines", flush=True)
    counts.update(orders=ids["order"], groups=ids["group"])
    return counts


def _reset_sequences():
    from django.core.management.color import no_style
    from django.db import connection
    from oscar.core.loading import get_model

    models = [get_model("order", "Order"), get_model("order", "Line"), get_model("order", "FulfilmentGroup")]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


# --- 2. and 3. roll-ups and timings -----------------------------------------------------------------------


def requests(today):
    """(kind, path) of the API mix and the page mix."""
    from oscar.core.loading import get_model

    Partner = get_model("partner", "Partner")
    commune = Partner.objects.filter(code="bench-14-0").values_list("commune_id", flat=True).first()
    mid = today - datetime.timedelta(days=40)
    custom = f"period=custom&start={today - datetime.timedelta(days=100):%Y-%m-%d}&end={today - datetime.timedelta(days=10):%Y-%m-%d}"
    api = [
        f"/api/ioc/indicators/?period=year&date={today:%Y-%m-%d}",
        f"/api/ioc/indicators/?province=14&period=quarter&date={mid:%Y-%m-%d}",
        f"/api/ioc/indicators/?province=66&period=month&producer_type=household&date={mid:%Y-%m-%d}",
        f"/api/ioc/indicators/?province=14&commune={commune}&period=year",
        f"/api/ioc/indicators/?period=week&date={mid:%Y-%m-%d}&ocop_group=ocop148-tp",
        f"/api/ioc/indicators/?province=38&{custom}",
        "/api/ioc/breakdown/province/?period=year",
        f"/api/ioc/trend/?province=14&period=year&date={today:%Y-%m-%d}",
    ]
    pages = [
        f"/staff/monitoring/country/?period=year&date={today:%Y-%m-%d}",
        f"/staff/monitoring/14/?period=quarter&date={mid:%Y-%m-%d}",
        f"/staff/monitoring/66/?{custom}",
        f"/staff/monitoring/14/{commune}/?period=month&date={mid:%Y-%m-%d}",
    ]
    return api, pages


def measure(paths, runs, *, api_key=None, staff=None, warm=True):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_key}") if api_key else Client()
    if staff is not None:
        client.force_login(staff)
    samples, slowest = [], {}
    for path in paths if warm else ():  # warm: templates, first queries (the raw pass runs after, already warm)
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
    for _ in range(runs):
        for path in paths:
            t0 = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            assert response.status_code == 200, (path, response.status_code)
            samples.append(elapsed)
            slowest[path] = max(slowest.get(path, 0), elapsed)
    return {**percentiles(samples), "slowest": max(slowest.items(), key=lambda kv: kv[1])}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="rounds of the mixes from the roll-ups")
    parser.add_argument("--naive-runs", type=int, default=3, help="rounds of the mixes over the raw tables")
    parser.add_argument("--reuse", action="store_true", help="reuse a database built before with the same --lines")
    parser.add_argument("--rebuild", action="store_true", help="with --reuse: rebuild the roll-ups first")
    args = parser.parse_args()

    reused = setup_django(args.lines, args.reuse)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from oscar.core.loading import get_model

    from marketplace.monitoring import rollups, selectors, tokens
    from marketplace.monitoring.models import SellerDay, SellerMonth
    from marketplace.sellers.models import StaffProfile

    settings.MONITORING_IOC_RATE = "1000000/min"
    print(f"# database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if reused:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        print("# reusing the database built before", flush=True)
    if reused and args.rebuild:
        t0 = time.perf_counter()
        rollups.rebuild_all()
        print(f"# roll-ups rebuilt in {time.perf_counter() - t0:.1f} s", flush=True)
    elif not reused:
        built = build(args.lines)
        print(f"# built {built['lines']} lines, {built['orders']} orders, {built['groups']} seller orders, "
              f"{built['shipments']} parcels, {built['sellers']} sellers in {built['seconds']:.0f} s", flush=True)  # fmt: skip
        with connection.cursor() as cursor:  # planner statistics, as autovacuum keeps them on PostgreSQL
            cursor.execute("ANALYZE")
        t0 = time.perf_counter()
        rollups.rebuild_all()
        print(f"# roll-ups rebuilt in {time.perf_counter() - t0:.1f} s: {SellerDay.objects.count()} seller-day rows, "
              f"{SellerMonth.objects.count()} seller-month rows", flush=True)  # fmt: skip

    User = get_user_model()
    staff = User.objects.filter(username="bench-national").first()
    if staff is None:
        staff = User.objects.create_user(username="bench-national", password="x")  # noqa: S106 (throwaway database)
        StaffProfile.objects.create(user=staff, is_national=True)
    _token, key = tokens.issue_token(staff=staff, name="bench", province=None)
    Line = get_model("order", "Line")
    lines = Line.objects.count()
    today = datetime.date.today()
    api, pages = requests(today)

    results = {}
    for source, runs in (("rollups", args.runs), ("raw", args.naive_runs)):
        selectors.DEFAULT_SOURCE = source
        t0 = time.perf_counter()
        warm = source == "rollups"
        results[source] = {
            "api": measure(api, runs, api_key=key, warm=warm),
            "page": measure(pages, runs, staff=staff, warm=warm),
        }
        print(f"# {source}: measured in {time.perf_counter() - t0:.0f} s", flush=True)
    selectors.DEFAULT_SOURCE = "rollups"

    print(f"\n{lines} order lines, 34 provinces, 12 months ({connection.vendor}); times in ms")
    print(f"{'':<22}{'roll-ups p50':>13}{'p95':>9}{'raw p50':>12}{'p95':>10}{'p95 ratio':>11}   n (roll-ups/raw)")
    for kind, label in (("api", "indicator API"), ("page", "dashboard page")):
        ours, naive = results["rollups"][kind], results["raw"][kind]
        print(f"{label:<22}{ours['p50']:>13.1f}{ours['p95']:>9.1f}{naive['p50']:>12.1f}{naive['p95']:>10.1f}"
              f"{naive['p95'] / ours['p95']:>10.0f}×   {ours['n']}/{naive['n']}")  # fmt: skip
    for kind in ("api", "page"):
        path, ms = results["rollups"][kind]["slowest"]
        print(f"slowest from roll-ups ({kind}): {ms:.0f} ms {path}")
    ok = all(results["rollups"][k]["p95"] <= 300 for k in ("api", "page"))
    fast = all(results["raw"][k]["p95"] >= 20 * results["rollups"][k]["p95"] for k in ("api", "page"))
    print(f"target p95 <= 300 ms: {'met' if ok else 'NOT met'}; >= 20x faster than raw: {'met' if fast else 'NOT met'}")


if __name__ == "__main__":
    main()
