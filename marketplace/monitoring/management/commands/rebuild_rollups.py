"""`python manage.py rebuild_rollups [--province 14]`: recompute the monitoring roll-ups from the raw tables."""

import time

from django.core.management.base import BaseCommand

from marketplace.monitoring import rollups


class Command(BaseCommand):
    help = "Rebuild the provincial monitoring roll-ups (all provinces, or one) from orders, products and sellers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", default=[], metavar="CODE", help="Only this province (repeatable)."
        )

    def handle(self, *args, province, **options):
        started = time.perf_counter()
        if province:
            written = {code: rollups.refresh_province(code) for code in province}
        else:
            written = rollups.rebuild_all()
        self.stdout.write(
            f"{len(written)} provinces, {sum(written.values())} seller-day rows in {time.perf_counter() - started:.1f} s."
        )
