"""`python manage.py load_demo_data [--products N]`: a believable demo marketplace.

Safe to run again: it updates what exists and adds what is missing. The demo accounts share a
well-known password, so never load this into a database reachable from the internet.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from catalog.demo import data, services


class Command(BaseCommand):
    help = "Load OCOP demo data: group trees, producers, products, certificates, pictures and demo users."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products",
            type=int,
            default=0,
            metavar="N",
            help="Also make sure N synthetic products (UPC SYN-…) exist, for benchmarks (e.g. 100000).",
        )
        parser.add_argument("--batch-size", type=int, default=2000, help="Rows per bulk insert for --products.")

    def handle(self, *args, products, batch_size, **options):
        if products < 0 or batch_size < 1:
            raise CommandError("--products must be >= 0 and --batch-size >= 1.")
        started = time.perf_counter()
        report = services.load_demo_data(synthetic_products=products, batch_size=batch_size, progress=self._progress)
        elapsed = time.perf_counter() - started

        out = self.stdout.write
        out(
            f"OCOP groups: {report.categories} categories · producers: {report.producers} · "
            f"products: {report.products} ({report.products_created} new, {report.products_updated} updated) · "
            f"certificates: {report.certificates} · pictures drawn: {report.images_drawn}"
        )
        if products:
            out(f"Synthetic products: {report.synthetic_created} added (target {products}).")
        for stage, seconds in report.timings.items():
            out(f"  {stage:<20} {seconds:7.2f} s")
        out(self.style.SUCCESS(f"Done in {elapsed:.2f} s."))
        out(f"\nDemo accounts (DEMO ONLY, password: {data.DEMO_PASSWORD}):")
        for user in report.users:
            out(f"  {user.role:<28} {user.email}")

    def _progress(self, done, total):
        self.stdout.write(f"  synthetic products: {done}/{total}")
