"""Play the carriers: move every open simulated parcel along (each step posts the carrier's webhook)."""

from django.core.management.base import BaseCommand

from logistics import simulation_driver, status
from logistics.models import Shipment


class Command(BaseCommand):
    help = (
        "Move open parcels at simulated carriers along their journey. Webhooks go to SITE_URL "
        "(or LOGISTICS_SIMULATOR_SITE): run it while `make run` serves the site."
    )

    def add_arguments(self, parser):
        parser.add_argument("--steps", type=int, default=0, help="steps per parcel (default: to the end)")
        parser.add_argument("--scenario", default="deliver", choices=["deliver", "return", "fail_once"])
        parser.add_argument("--base-url", default="", help="our site as the carrier reaches it")

    def handle(self, *args, **options):
        open_parcels = Shipment.objects.exclude(status__in=status.FINAL).exclude(tracking_code="").order_by("pk")
        for shipment in open_parcels:
            if not simulation_driver.is_simulated(shipment.carrier):
                continue
            kwargs = {"base_url": options["base_url"], "scenario": options["scenario"]}
            if options["steps"]:
                steps = [
                    s for s in (simulation_driver.advance(shipment, **kwargs) for _ in range(options["steps"])) if s
                ]
            else:
                steps = simulation_driver.drive(shipment, **kwargs)
            shipment.refresh_from_db()
            self.stdout.write(
                f"{shipment.carrier} {shipment.tracking_code}: {' → '.join(steps) or '-'} ({shipment.status})"
            )
