"""Rebuild the commune → carrier unit mapping from each carrier's master data."""

from django.core.management.base import BaseCommand, CommandError

from logistics.addresses import sync_carrier_areas
from logistics.carriers.base import CarrierError
from logistics.carriers.registry import CARRIERS, get_carrier

API_CARRIERS = [code for code in CARRIERS if code not in ("self", "pickup")]


class Command(BaseCommand):
    help = "Rebuild the dated mapping from current communes to each carrier's own units (from its master data)."

    def add_arguments(self, parser):
        parser.add_argument("carriers", nargs="*", help=f"carrier codes (default: {' '.join(API_CARRIERS)})")

    def handle(self, *args, **options):
        codes = options["carriers"] or API_CARRIERS
        for code in codes:
            if code not in API_CARRIERS:
                raise CommandError(f"unknown carrier {code!r}; choose from {', '.join(API_CARRIERS)}")
            try:
                result = sync_carrier_areas(get_carrier(code))
            except CarrierError as exc:
                self.stderr.write(f"{code}: {exc}")
                continue
            self.stdout.write(
                f"{code}: {result['mapped']} communes mapped, {result['unmapped']} not served "
                f"({result['carrier_wards']} carrier wards)"
            )
