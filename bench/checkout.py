# ruff: noqa: S603, S607
"""Checkout benchmark: gunicorn on PostgreSQL, loopback only, bounded runtime.

    .venv/bin/python bench/checkout.py [--buyers 200] [--units 50] [--per-method 60]

1. Race: `--buyers` concurrent buyers (one HTTP client thread each) POST /api/checkout/orders/ for
   one unit of a product that has `--units` in stock. Expect orders = units, oversold = 0, 5xx = 0.
2. Throughput: full checkouts per second per payment method, each through its simulator
   (COD: place only; VNPay: place, simulator page, Pay, IPN back to us; MoMo: place, app page, Pay,
   IPN; VietQR: place, simulated bank transfer, signed bank-feed webhook; card: place, the local
   Stripe's card page, signed webhook), checked paid afterwards.
3. Baseline on the same data: Oscar's stock placement (availability check, then OrderCreator,
   no lock), same number of concurrent buyers, in-process threads against the same database.

The server is one gunicorn gthread worker: without REDIS_URL the simulators keep their state in
the process's memory, which several workers would not share. The database `ocop_bench_checkout`
is created and dropped by this script.
"""

import argparse
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "ocop_bench_checkout"
DB_URL = f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"
SHIM = """from marketplace.settings import *  # noqa
INSTALLED_APPS = [
    {"oscar.apps.order.apps.OrderConfig": "marketplace.order.apps.OrderConfig",
     "oscar.apps.checkout.apps.CheckoutConfig": "payments.checkout.apps.CheckoutConfig"}.get(a, a)
    for a in INSTALLED_APPS
]
ROOT_URLCONF = "tests.checkout.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
VNPAY_SIM_IPN_BACKOFF = 0
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
"""
ADDRESS = {"name": "Nguyễn Văn An", "phone": "0912345678", "line1": "12 Lê Lợi", "province": "Sơn La"}


class Client:
    """A tiny cookie-keeping HTTP client (the standard library only), loopback use."""

    def __init__(self, token: str = ""):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.token = token

    def call(self, method, url, *, form=None, body=None):
        headers = {"Authorization": f"Token {self.token}"} if self.token else {}
        data = None
        if body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def csrf_post(self, url, form):
        _status, page = self.call("GET", url)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        return self.call("POST", url, form={**form, "csrfmiddlewaretoken": found.group(1) if found else ""})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_django(shim_dir: str) -> None:
    sys.path[:0] = [shim_dir, str(ROOT)]
    os.environ.update(DJANGO_SETTINGS_MODULE="bench_checkout_settings", DATABASE_URL=DB_URL, DB_CONN_MAX_AGE="0")
    import django

    django.setup()


def seed(buyers: int, units: int, per_method: int):
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from oscar.core.loading import get_class, get_model
    from rest_framework.authtoken.models import Token

    from tests.factories import PartnerFactory, ProductFactory, tea_and_honey

    Basket = get_model("basket", "Basket")
    selector = get_class("partner.strategy", "Selector")()
    User = get_user_model()
    tea_farm, bee_farm = PartnerFactory(name="HTX Chè", commune=None), PartnerFactory(name="HTX Mật ong", commune=None)
    scarce = ProductFactory(
        title="Mật ong hoa nhãn", producer=bee_farm, stock__num_in_stock=units, stock__price=Decimal("180000")
    )
    tea, honey = tea_and_honey(tea_farm, bee_farm, tea_units=100_000, honey_units=100_000)

    def user_with_basket(name, items):
        user = User.objects.create_user(username=name, email=f"{name}@bench.vn", password=None)
        basket = Basket.objects.create(owner=user)
        basket.strategy = selector.strategy(user=user)
        for product, qty in items:
            basket.add_product(product, qty)
        return Token.objects.create(user=user).key, basket

    racers = [user_with_basket(f"racer{i}", [(scarce, 1)])[0] for i in range(buyers)]
    by_method = {
        m: [user_with_basket(f"{m}{i}", [(tea, 1), (honey, 1)])[0] for i in range(per_method)]
        for m in ("cod", "vnpay", "momo", "vietqr", "card")
    }
    baseline = [user_with_basket(f"oscar{i}", [(scarce, 1)]) for i in range(buyers)]
    return scarce, racers, by_method, baseline


def place(base, token, method):
    return Client(token).call(
        "POST", f"{base}/api/checkout/orders/", body={"payment_method": method, "shipping_address": ADDRESS}
    )


def full_checkout(base, token, method) -> bool:
    from payments.gateways.vietqr.payload import memo_code

    status, text = place(base, token, method)
    if status != 201:
        return False
    body = json.loads(text)
    pay = body["payment"]
    browser = Client()
    redirect = pay.get("redirect_url") or ""
    url = redirect if redirect.startswith("http") else base + redirect
    if method == "vnpay":
        browser.call("GET", url)
        browser.call(
            "POST",
            f"{base}/payments/vnpay/sim/paymentv2/decide/",
            form={"vnp_TxnRef": pay["reference"], "action": "pay"},
        )
    elif method == "momo":
        browser.csrf_post(url, {"action": "pay"})
    elif method == "card":  # the card page (Stripe.js stand-in) posts to the local Stripe, which signs a webhook to us
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
        browser.csrf_post(url, {**query, "card_number": "4242424242424242"})
    elif method == "vietqr":
        browser.call("GET", url)
        browser.csrf_post(
            f"{base}/payments/vietqr/sim/bank/", {"amount": body["total"], "memo": memo_code(pay["reference"])}
        )
    status, text = Client(token).call("GET", f"{base}/api/checkout/orders/{body['number']}/")
    order = json.loads(text)
    return order["status"] == "placed" and all(g["status"] == "to_confirm" for g in order["groups"])


def oscar_baseline(scarce, baseline) -> dict:
    """Oscar's own placement on the same data: availability checked, then OrderCreator (no row lock)."""
    from django.db import connection
    from oscar.apps.order.utils import OrderCreator
    from oscar.core.loading import get_class, get_model

    from payments.checkout.shipping import PerSellerWeightShipping

    StockRecord = get_model("partner", "StockRecord")
    selector = get_class("partner.strategy", "Selector")()
    StockRecord.objects.filter(product=scarce).update(num_allocated=0)
    results = {"orders": 0, "refused": 0, "errors": 0}
    lock = threading.Lock()
    # 40 threads: PostgreSQL's default 100 connections would refuse 200 at once.
    workers = 40
    go = threading.Barrier(workers, timeout=60)

    def buy(i_token_basket):
        i, (_token, basket) = i_token_basket
        try:
            basket.strategy = selector.strategy(user=basket.owner)
            if len(baseline) % workers == 0:
                go.wait()
            info = basket.strategy.fetch_for_product(scarce)
            if not info.availability.is_purchase_permitted(1)[0]:
                key = "refused"
            else:
                method = PerSellerWeightShipping()
                charge = method.calculate(basket)
                from oscar.apps.checkout.calculators import OrderTotalCalculator

                OrderCreator().place_order(
                    basket=basket,
                    total=OrderTotalCalculator().calculate(basket, charge),
                    shipping_method=method,
                    shipping_charge=charge,
                    user=basket.owner,
                    order_number=f"OSCAR{i}",
                )
                key = "orders"
        except Exception:  # noqa: BLE001 - counted, the figure is what matters
            key = "errors"
        finally:
            connection.close()
        with lock:
            results[key] += 1

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(buy, enumerate(baseline)))
    record = StockRecord.objects.get(product=scarce)
    results["oversold"] = max(record.num_allocated - record.num_in_stock, 0)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--per-method", type=int, default=60)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    started = time.monotonic()
    shim_dir = tempfile.mkdtemp(prefix="bench-checkout-")
    Path(shim_dir, "bench_checkout_settings.py").write_text(SHIM)
    psql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    psql(f"CREATE DATABASE {DB_NAME}")
    server = None
    try:
        env = {
            **os.environ,
            "PYTHONPATH": f"{shim_dir}:{ROOT}",
            "DJANGO_SETTINGS_MODULE": "bench_checkout_settings",
            "DATABASE_URL": DB_URL,
            "REDIS_URL": "",
        }
        subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        setup_django(shim_dir)
        scarce, racers, by_method, baseline = seed(args.buyers, args.units, args.per_method)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "marketplace.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "1",
                "-k",
                "gthread",
                "--threads",
                str(args.threads),
                "--timeout",
                "120",
                "--log-level",
                "error",
            ],
            env=env,
            cwd=ROOT,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/api/schema/", timeout=2)  # noqa: S310
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)

        # 1. the race
        go = threading.Barrier(len(racers), timeout=60)

        def race(token):
            go.wait()
            return place(base, token, "cod")[0]

        t0 = time.monotonic()
        with ThreadPoolExecutor(len(racers)) as pool:
            codes = list(pool.map(race, racers))
        race_s = time.monotonic() - t0
        from oscar.core.loading import get_model

        record = get_model("partner", "StockRecord").objects.get(product=scarce)
        created, refused = codes.count(201), codes.count(409)
        server_errors = sum(1 for c in codes if c >= 500)
        oversold = max(record.num_allocated - record.num_in_stock, 0)
        print(
            f"race: {len(racers)} buyers, {args.units} units -> orders created {created}, out-of-stock answers "
            f"{refused}, oversold {oversold}, server errors {server_errors}, other {len(codes) - created - refused - server_errors} "
            f"({race_s:.2f} s, stock left {record.num_in_stock - record.num_allocated})"
        )

        # 2. throughput per method
        for method, tokens in by_method.items():
            t0 = time.monotonic()
            with ThreadPoolExecutor(16) as pool:
                ok = list(pool.map(lambda tok, m=method: full_checkout(base, tok, m), tokens))
            elapsed = time.monotonic() - t0
            print(
                f"throughput {method:6}: {sum(ok)}/{len(ok)} full checkouts paid/confirmed, "
                f"{len(ok) / elapsed:.1f} checkouts/s (16 concurrent buyers, {elapsed:.1f} s)"
            )

        # 3. Oscar's stock placement on the same product and stock
        results = oscar_baseline(scarce, baseline)
        print(
            f"oscar baseline (in-process, {len(baseline)} buyers, 40 at once, {args.units} units): orders created "
            f"{results['orders']}, refused {results['refused']}, oversold {results['oversold']}, errors {results['errors']}"
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        print(f"total runtime {time.monotonic() - started:.0f} s")


if __name__ == "__main__":
    main()
