"""Storefront benchmark: SQL queries and median render time per page, ours beside Oscar's stock views.

    .venv/bin/python bench/storefront.py [--sizes 300,10000] [--runs 15]

For each catalogue size it builds a throwaway SQLite database under /tmp (demo data, then
synthetic products up to the size), starts the bundled search engine and builds the index, then
renders in process, with Django's test client: the home page, a catalogue page of 24 products,
a product page and a basket of 5 lines. Oscar's stock views (haystack simple backend, stock
templates) run on the same database in a child process. Queries per page must not grow with
the catalogue; the script prints both and says so.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(db_path, settings_module):
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ.setdefault("MEDIA_ROOT", str(Path(db_path).with_suffix(".media")))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()


def build(db_path, size):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    from oscar.core.loading import get_model

    have = get_model("catalogue", "Product").objects.count()
    if size > have:
        call_command("load_demo_data", products=size - have, verbosity=0)


def measure(paths_and_setup, runs):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, path, basket_ids in paths_and_setup:
        client = Client()
        for pid in basket_ids:
            client.post(f"/basket/add/{pid}/", {"quantity": 1})
        for _ in range(2):  # warm caches (templates, thumbnails' key-value store)
            client.get(path)
        times, queries, status = [], [], None
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = client.get(path, follow=True)
                times.append((time.perf_counter() - t0) * 1000)
            status = response.status_code
            queries.append(len(ctx))
        out[name] = {"status": status, "queries": max(queries), "median_ms": statistics.median(times)}
    return out


def pages():
    from oscar.core.loading import get_model

    Product = get_model("catalogue", "Product")
    products = list(
        Product.objects.filter(is_public=True, stockrecords__num_in_stock__gt=5, upc__startswith="OCOP").order_by("id")[
            :5
        ]
    )
    if len(products) < 5:
        products = list(Product.objects.filter(is_public=True, stockrecords__num_in_stock__gt=5).order_by("id")[:5])
    return [
        ("home", "/", []),
        ("catalogue (24/page)", "/catalogue/", []),
        ("product", products[0].get_absolute_url(), []),
        ("basket (5 lines)", "/basket/", [p.id for p in products]),
    ]


def run_ours(db_path, runs):
    setup_django(db_path, "marketplace.settings")
    from catalog.search import engine, services

    engine.start_embedded()
    services.reindex_all()
    return measure(pages(), runs)


def run_stock(db_path, runs):
    setup_django(db_path, "bench.stock_settings")
    return measure(pages(), runs)


def child(mode, db_path, runs, size):
    if mode == "build":
        setup_django(db_path, "marketplace.settings")
        build(db_path, size)
        return {}
    return run_ours(db_path, runs) if mode == "ours" else run_stock(db_path, runs)


def spawn(mode, db_path, runs, size):
    cmd = [sys.executable, __file__, "--child", mode, "--db", db_path, "--runs", str(runs), "--sizes", str(size)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=3600)
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-4000:])
        raise SystemExit(f"{mode} run failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="300,10000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.db, args.runs, int(args.sizes))))
        return

    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        db_path = f"/tmp/bench_storefront_{size}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(db_path + suffix).unlink(missing_ok=True)
        t0 = time.perf_counter()
        spawn("build", db_path, args.runs, size)
        print(f"# built {size} products in {time.perf_counter() - t0:.0f} s", flush=True)
        results[size] = {
            "ours": spawn("ours", db_path, args.runs, size),
            "oscar": spawn("oscar", db_path, args.runs, size),
        }

    print(f"\n{'products':>8}  {'page':<20} {'ours q':>7} {'ours ms':>8}   {'oscar q':>7} {'oscar ms':>8}")
    for size, r in results.items():
        for page, ours in r["ours"].items():
            stock = r["oscar"][page]
            print(
                f"{size:>8}  {page:<20} {ours['queries']:>7} {ours['median_ms']:>8.1f}   {stock['queries']:>7} {stock['median_ms']:>8.1f}"
                + ("" if ours["status"] == 200 else f"  (ours: HTTP {ours['status']})")
            )
    sizes = list(results)
    if len(sizes) > 1:
        small, large = results[sizes[0]]["ours"], results[sizes[-1]]["ours"]
        grew = [p for p in small if large[p]["queries"] > small[p]["queries"]]
        print("\nqueries per page grow with the catalogue on: " + (", ".join(grew) if grew else "none"))


if __name__ == "__main__":
    main()
