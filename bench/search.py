"""Search benchmark: the engine path beside the database fallback and Oscar's stock search.

    .venv/bin/python bench/search.py [--sizes 10000,100000] [--rounds 20] [--keep] [--database postgres]

For each size it builds a throwaway database (`load_demo_data`, then `load_demo_data --products N`):
SQLite under /tmp, or with `--database postgres` the database `ocop_bench_search_<N>` on the
local PostgreSQL (`--pg-server`), analysed after the load as autovacuum would. Then it starts
the bundled osmem-server and measures, in one run:
- the full reindex (new index, bulk load, alias swap);
- p50/p95 of a faceted search and of autocomplete through the Django API (test client, in
  process), the engine's own `took` for the same requests, and our overhead (end-to-end - took);
- what each query clause costs on the engine (aggregations, fuzziness, highlighting, synonyms);
- the same requests answered by the database fallback (engine pointed at a dead port);
- Oscar's stock search path (haystack simple backend, `/search/` and `auto_query`) on the same
  data, in a child process with bench/stock_settings.py.
It prints one table with ratios to the engine path. Nothing touches the dev database.
"""

import argparse
import json
import logging
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (q, filters) as a buyer sends them: accents or not, a typo, facets selected.
SEARCHES = [
    ("ca phe", {}),
    ("cà phê buôn ma thuột", {}),
    ("mat ong", {"province": "66"}),
    ("che tan cuong", {"stars": "5"}),
    ("tom kho ca mau", {}),
    ("duong phen", {"in_stock": "1"}),
    ("gao", {"price": "0-100000"}),
    ("nuoc mam phu quoc", {}),
    ("ca phe buon ma thout", {}),  # typo: the strict pass finds nothing, the broad pass does
    ("coffee", {}),  # synonym
    ("", {"province": "66", "stars": "4"}),  # browsing a province
    ("", {}),  # the catalogue page
]
PREFIXES = ["ca p", "mat o", "duo", "che ta", "tom k", "gao s", "nuoc m", "xoa", "hat di", "ruou", "banh t", "tra"]
STOCK_QUERIES = ["ca phe", "cà phê", "mat ong", "tan cuong", "duong phen"]
SLOW_PATH_BUDGET = 60.0  # seconds per slow-path section: bounded runtime at 100 000 products
DEFAULT_SEARCH_TIMEOUT = 2.0  # settings.SEARCH_TIMEOUT's default
BENCH_SEARCH_TIMEOUT = 30.0


# --- process setup ----------------------------------------------------------------------
PG_DATABASE = "ocop_bench_search_{size}"


def database_url(kind, size, pg_server):
    """(DATABASE_URL, media folder) of the throwaway database for `size` products."""
    if kind == "postgres":
        name = PG_DATABASE.format(size=size)
        return f"{pg_server.rstrip('/')}/{name}", str(Path(tempfile.gettempdir()) / f"{name}.media")
    path = Path(tempfile.gettempdir()) / f"bench_search_{size}.sqlite3"
    return f"sqlite:///{path}", str(path.with_suffix(".media"))


def fresh_database(kind, size, pg_server, keep):
    """Drop the throwaway database unless `keep` and it exists; create it for PostgreSQL."""
    url, _media = database_url(kind, size, pg_server)
    if kind == "sqlite":
        path = url.removeprefix("sqlite:///")
        if not (keep and Path(path).exists()):
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(path + suffix).unlink(missing_ok=True)
        return
    import psycopg

    name = PG_DATABASE.format(size=size)
    with psycopg.connect(f"{pg_server.rstrip('/')}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            return
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(db_url, media_root, settings_module="marketplace.settings"):
    os.environ["DATABASE_URL"] = db_url
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    os.environ["MEDIA_ROOT"] = media_root
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    # The engine gets time to answer even the slow shapes at 100 000 products, so they are
    # measured rather than cut off; the report counts those over the 2 s production default.
    os.environ["SEARCH_TIMEOUT"] = str(BENCH_SEARCH_TIMEOUT)
    if settings_module == "marketplace.settings":
        # Production-like request handling (no DEBUG query log), without an HTTPS redirect.
        # Oscar's stock pages keep DEBUG on: their static files have no manifest here.
        os.environ.update(DEBUG="0", SECRET_KEY=secrets.token_hex(16), SECURE_SSL_REDIRECT="0")
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    logging.getLogger("catalog").setLevel(logging.WARNING)
    logging.getLogger("marketplace").setLevel(logging.WARNING)


def __getattr__(name):
    # This module doubles as the URLconf of Oscar's stock pages (ROOT_URLCONF="bench.search"):
    # bench/stock_urls.py plus the set_language view their templates link to. Built lazily,
    # after django.setup().
    if name != "urlpatterns":
        raise AttributeError(name)
    from django.urls import include, path

    from bench.stock_urls import urlpatterns as stock

    return [path("i18n/", include("django.conf.urls.i18n")), *stock]


def percentiles(samples):
    if not samples:
        return {"p50": None, "p95": None, "n": 0}
    if len(samples) == 1:
        return {"p50": samples[0], "p95": samples[0], "n": 1}
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": statistics.median(samples), "p95": cuts[94], "n": len(samples)}


def dead_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


# --- children -----------------------------------------------------------------------------
def child_build(size):
    from django.core.management import call_command
    from oscar.core.loading import get_model

    call_command("migrate", verbosity=0)
    call_command("load_demo_data", verbosity=0)
    demo = get_model("catalogue", "Product").objects.exclude(upc__startswith="SYN-").count()
    if size > demo:
        call_command("load_demo_data", products=size - demo, verbosity=0)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum keeps them in production
            cursor.execute("ANALYZE")
    return {"products": get_model("catalogue", "Product").objects.count(), "database": connection.vendor}


def _timed(client, path, param_sets, rounds, budget=None):
    """[(ms, json body)] for `rounds` passes over `param_sets`, stopping once `budget` s are spent."""
    out, deadline = [], time.monotonic() + budget if budget else None
    for _ in range(rounds):
        for params in param_sets:
            t0 = time.perf_counter()
            response = client.get(path, params)
            out.append(((time.perf_counter() - t0) * 1000, response.json()))
            assert response.status_code == 200, out[-1][1]
            if deadline and time.monotonic() > deadline:
                return out
    return out


SEARCH_PARAMS = [{"q": q, **filters} for q, filters in SEARCHES]
SUGGEST_PARAMS = [{"q": prefix} for prefix in PREFIXES]


def _engine_took(build_searches, items, rounds):
    """The engine's `took` (summed over an msearch) and the client round trip, per item."""
    from catalog.search import engine, index

    client, alias = engine.get_client(), index.alias_name()
    took, rtt = [], []
    for _ in range(rounds):
        for item in items:
            searches = build_searches(item)
            body = [part for search in searches for part in ({}, search)]
            t0 = time.perf_counter()
            responses = client.msearch(index=alias, searches=body)["responses"]
            rtt.append((time.perf_counter() - t0) * 1000)
            took.append(sum(r["took"] for r in responses))
    return {"took": percentiles(took), "rtt": percentiles(rtt)}


def _params(q, filters, **extra):
    import dataclasses

    from django.http import QueryDict

    from catalog.search.forms import params_from_query

    query = QueryDict(mutable=True)
    query.update({"q": q, **filters})
    return dataclasses.replace(params_from_query(query), **extra)


def _filter_aggregations(search, params):
    """The textbook multi-select shape (post_filter + one filter aggregation per facet), for comparison."""
    from django.utils import timezone

    from catalog.search import queries

    active = queries.facet_filters(params, timezone.localdate())
    query = search["query"]["function_score"]["query"] if "function_score" in search["query"] else search["query"]
    search = {
        **search,
        "query": {
            "bool": {"must": query["bool"]["must"], "filter": [f.to_dict() for f in queries.base_filters(params)]}
        },
    }
    if active:
        search["post_filter"] = {"bool": {"filter": [f.to_dict() for f in active.values()]}}
    search["aggs"] = {
        name: {
            "filter": {"bool": {"filter": [f.to_dict() for other, f in active.items() if other != name]}},
            "aggs": {"values": {"terms": {"field": "facets", "include": f"{name}:.*", "size": 100}}},
        }
        for name in queries.FACETS
    }
    return [search]


def clause_costs(rounds):
    """What each part of the query costs the engine, on the same searches."""
    from catalog.search import queries
    from catalog.search.services import _synonyms_for_query

    synonyms = _synonyms_for_query()
    text_searches = [(q, f) for q, f in SEARCHES if q]

    def searches(q, f, *, broad=False, facets=True, syn=True, engine_highlight=False, exact_total=False):
        params = _params(q, f, facets=facets)
        alternatives = queries.query_alternatives(queries.fold_query(q), synonyms if syn else ())
        matched = "fuzzy" if broad else "all"
        built = [body for _name, body in queries.build_searches(params, matched=matched, alternatives=alternatives)]
        if engine_highlight:
            built[0]["highlight"] = {"fields": {"title.folded": {"number_of_fragments": 0}}}
        if exact_total:
            built[0]["track_total_hits"] = True
        return built

    variants = {
        "as shipped (strict pass, one facet pass)": lambda s: searches(*s),
        "without facets": lambda s: searches(*s, facets=False),
        "facets as filter aggregations (1 request)": lambda s: _filter_aggregations(searches(*s)[0], _params(*s)),
        "engine highlighter on the title": lambda s: searches(*s, engine_highlight=True),
        "exact total (track_total_hits)": lambda s: searches(*s, exact_total=True),
        "without synonym expansion": lambda s: searches(*s, syn=False),
        "the typo pass on every query": lambda s: searches(*s, broad=True),
        "the typo pass, without facets": lambda s: searches(*s, broad=True, facets=False),
    }
    out = {name: _engine_took(build, text_searches, rounds) for name, build in variants.items()}
    browse = [("", {}), ("", {"province": "66"})]
    out["browse: match_all + facets"] = _engine_took(lambda s: searches(*s), browse, rounds)
    out["browse as filter aggregations"] = _engine_took(
        lambda s: _filter_aggregations(searches(*s)[0], _params(*s)), browse, rounds
    )
    out["suggest (edge n-grams)"] = _engine_took(lambda p: [queries.build_suggest(p, 8)], PREFIXES, rounds)
    return out


def _search_figures(answers):
    by_engine = [(ms, body) for ms, body in answers if body["engine"] == "elasticsearch"]
    return {
        "e2e": percentiles([ms for ms, _ in by_engine]),
        "took": percentiles([body["took_ms"] for _, body in by_engine]),
        "overhead": percentiles([ms - body["took_ms"] for ms, body in by_engine]),
        "fell_back": len(answers) - len(by_engine),
        "over_default_timeout": sum(1 for ms, _ in by_engine if ms > DEFAULT_SEARCH_TIMEOUT * 1000),
    }


def child_ours(rounds):
    from django.test import Client

    from catalog.search import engine, index

    engine.start_embedded()
    t0 = time.perf_counter()
    stats = index.rebuild_index()
    reindex_s = time.perf_counter() - t0
    print(f"# reindexed {stats['products']} products in {reindex_s:.1f} s", file=sys.stderr, flush=True)
    result = {"reindex_s": reindex_s, "indexed": stats["products"]}
    from django.conf import settings

    client = Client()
    kept_for = settings.SEARCH_FACET_CACHE_SECONDS
    settings.SEARCH_FACET_CACHE_SECONDS = 0  # first: every search counts its facets on the engine
    _timed(client, "/api/search/", SEARCH_PARAMS, 1)  # warm up: connections, label caches
    _timed(client, "/api/search/suggest/", SUGGEST_PARAMS, 2)
    result["search_cold"] = _search_figures(_timed(client, "/api/search/", SEARCH_PARAMS, rounds))
    # As shipped: facet counts kept until the index changes (catalog/search/facet_cache.py); the first
    # round fills the cache, as the first buyers after a change do.
    settings.SEARCH_FACET_CACHE_SECONDS = kept_for or 300
    _timed(client, "/api/search/", SEARCH_PARAMS, 1)
    result["search"] = _search_figures(_timed(client, "/api/search/", SEARCH_PARAMS, rounds))
    answers = [
        (ms, b) for ms, b in _timed(client, "/api/search/suggest/", SUGGEST_PARAMS, rounds) if b["took_ms"] is not None
    ]
    result["suggest"] = {
        "e2e": percentiles([ms for ms, _ in answers]),
        "took": percentiles([b["took_ms"] for _, b in answers]),
        "overhead": percentiles([ms - b["took_ms"] for ms, b in answers]),
    }
    result["clauses"] = clause_costs(max(3, rounds // 2))
    # The database fallback, through the same API: the engine is "down".
    engine.use_url(dead_url())
    db_rounds = max(1, rounds // 5)
    answers = _timed(client, "/api/search/", SEARCH_PARAMS, db_rounds, budget=SLOW_PATH_BUDGET)
    assert {body["engine"] for _, body in answers} == {"database"}
    result["db_search"] = {"e2e": percentiles([ms for ms, _ in answers])}
    answers = _timed(client, "/api/search/suggest/", SUGGEST_PARAMS, db_rounds, budget=SLOW_PATH_BUDGET)
    result["db_suggest"] = {"e2e": percentiles([ms for ms, _ in answers])}
    return result


def child_stock(rounds):
    """Oscar's own search: FacetedSearchView over haystack's simple backend (SQL icontains)."""
    from django.test import Client
    from django.test.utils import override_settings
    from haystack.query import SearchQuerySet

    override_settings(ROOT_URLCONF="bench.search").enable()
    client = Client()
    view, sqs, found = [], [], {}
    deadline = time.monotonic() + SLOW_PATH_BUDGET
    for _ in range(max(1, rounds // 5)):
        for q in STOCK_QUERIES:
            if time.monotonic() > deadline:
                break
            t0 = time.perf_counter()
            response = client.get("/search/", {"q": q})
            view.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
            t0 = time.perf_counter()
            results = SearchQuerySet().auto_query(q)
            found[q] = results.count()
            list(results[:24])
            sqs.append((time.perf_counter() - t0) * 1000)
    return {"view": {"e2e": percentiles(view)}, "auto_query": {"e2e": percentiles(sqs)}, "found": found}


def spawn(mode, db, rounds, size):
    url, media = db
    cmd = [
        sys.executable,
        __file__,
        "--child",
        mode,
        "--db",
        url,
        "--media",
        media,
        "--rounds",
        str(rounds),
        "--sizes",
        str(size),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=7200)  # noqa: S603 - our own script
    if out.returncode != 0:
        sys.stderr.write(out.stderr[-6000:])
        raise SystemExit(f"{mode} run failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- report -------------------------------------------------------------------------------
def _ms(value):
    return "-" if value is None else f"{value:.1f}"


def report(size, built, ours, stock):
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n== {built['products']} products (target {size}) on {built['database']} · {os.cpu_count()} CPUs, "
        f"load average {load} =="
    )
    rate = ours["indexed"] / ours["reindex_s"] if ours["reindex_s"] else 0
    print(
        f"full reindex (new index, bulk load, alias swap): {ours['reindex_s']:.1f} s for {ours['indexed']} products ({rate:.0f}/s)"
    )
    base_search, base_suggest = ours["search"]["e2e"]["p95"], ours["suggest"]["e2e"]["p95"]
    rows = [
        ("faceted search, API, engine", ours["search"], base_search),
        ("  same, facets counted afresh (no cache)", ours["search_cold"], base_search),
        ("autocomplete, API, engine", ours["suggest"], base_suggest),
        ("faceted search, API, database fallback", ours["db_search"], base_search),
        ("autocomplete, API, database fallback", ours["db_suggest"], base_suggest),
        ("Oscar stock /search/ (haystack simple)", stock["view"], base_search),
        ("Oscar stock SearchQuerySet.auto_query", stock["auto_query"], base_search),
    ]
    print(
        f"{'path':<42} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'took p50':>9} {'took p95':>9} {'ovh p95':>8} {'p95 / engine':>13}"
    )
    for name, row, base in rows:
        e2e, took, ovh = row["e2e"], row.get("took", {}), row.get("overhead", {})
        ratio = f"{e2e['p95'] / base:.1f}x" if e2e["p95"] and base else "-"
        print(f"{name:<42} {e2e['n']:>5} {_ms(e2e['p50']):>8} {_ms(e2e['p95']):>8} {_ms(took.get('p50')):>9} "
              f"{_ms(took.get('p95')):>9} {_ms(ovh.get('p95')):>8} {ratio:>13}")  # fmt: skip
    print("(ovh = our overhead: end-to-end through the Django API minus the engine's own `took`)")
    s = ours["search"]
    print(f"engine searches slower than the 2 s production timeout (would answer from the database): "
          f"{s['over_default_timeout']} of {s['e2e']['n']}; fell back during the run: {s['fell_back']}")  # fmt: skip
    print(
        f"\n{'engine clause costs (same searches)':<46} {'took p50':>9} {'took p95':>9} {'rtt p50':>8} {'rtt p95':>8}"
    )
    for name, cost in ours["clauses"].items():
        print(
            f"{name:<46} {_ms(cost['took']['p50']):>9} {_ms(cost['took']['p95']):>9} {_ms(cost['rtt']['p50']):>8} {_ms(cost['rtt']['p95']):>8}"
        )
    print(f"\nOscar stock search results found: {stock['found']}")
    s, cold, a = ours["search"], ours["search_cold"], ours["suggest"]
    db, oscar = ours["db_search"]["e2e"]["p95"], stock["view"]["e2e"]["p95"]
    checks = [
        ("our overhead p95 <= 30 ms (faceted search)", max(s["overhead"]["p95"], cold["overhead"]["p95"]) <= 30),
        ("our overhead p95 <= 30 ms (autocomplete)", a["overhead"]["p95"] <= 30),
    ]
    if built["products"] <= 20_000:  # the latency targets are set at 10 000 products
        checks += [
            ("faceted search p95 <= 300 ms (facets counted afresh)", cold["e2e"]["p95"] <= 300),
            ("autocomplete p95 <= 50 ms", a["e2e"]["p95"] <= 50),
            (
                f"engine >= 10x faster than our database fallback (p95; {db / s['e2e']['p95']:.1f}x with the facet "
                f"cache, {db / cold['e2e']['p95']:.1f}x without; the fallback counts no facets)",
                db >= 10 * s["e2e"]["p95"],
            ),
            (
                f"engine >= 10x faster than Oscar's stock database search (p95; {oscar / s['e2e']['p95']:.1f}x with the "
                f"facet cache, {oscar / cold['e2e']['p95']:.1f}x without)",
                oscar >= 10 * cold["e2e"]["p95"],
            ),
        ]
    if built["products"] >= 100_000:
        checks.append(("full reindex of 100 000 products <= 120 s", ours["reindex_s"] <= 120))
    for label, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {label}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="reuse the database of an earlier run if it exists")
    parser.add_argument(
        "--database",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="where the catalogue (and so the database fallback) lives",
    )
    parser.add_argument("--pg-server", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--media")
    args = parser.parse_args()
    if args.child:
        setup_django(args.db, args.media, "bench.stock_settings" if args.child == "stock" else "marketplace.settings")
        run = {
            "build": lambda: child_build(int(args.sizes)),
            "ours": lambda: child_ours(args.rounds),
            "stock": lambda: child_stock(args.rounds),
        }
        print(json.dumps(run[args.child]()))
        return

    for size in [int(s) for s in args.sizes.split(",")]:
        fresh_database(args.database, size, args.pg_server, args.keep)
        db = database_url(args.database, size, args.pg_server)
        t0 = time.perf_counter()
        built = spawn("build", db, args.rounds, size)
        print(f"# database with {built['products']} products ready in {time.perf_counter() - t0:.0f} s", flush=True)
        ours = spawn("ours", db, args.rounds, size)
        stock = spawn("stock", db, args.rounds, size)
        report(size, built, ours, stock)


if __name__ == "__main__":
    main()
