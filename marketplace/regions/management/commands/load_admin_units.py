from django.core.management.base import BaseCommand

from marketplace.regions.services import load_admin_units


class Command(BaseCommand):
    help = "Load the 34 provinces, their communes and the mapping from the former units (idempotent)."

    def handle(self, *args, **options):
        counts = load_admin_units()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
