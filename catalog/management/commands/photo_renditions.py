"""`manage.py photo_renditions [--enqueue]`: make the WebP renditions product photos lack.

Uploads get theirs from a Celery task after commit. This catches up on the rest: photos
loaded in bulk (the demo data, an import), media restored from a backup, or every photo after
the rendition sizes in catalog/photos/renditions.py change. Idempotent: a photo whose
renditions were made from its current original is skipped.
"""

from django.core.management.base import BaseCommand
from oscar.core.loading import get_model

from catalog.photos import images_lacking_renditions
from catalog.photos.renditions import RenditionSourceBroken


class Command(BaseCommand):
    help = "Make the missing or outdated WebP renditions (thumbnail, card, detail) of product photos."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="send one Celery task per photo to the workers instead of making them in this process",
        )

    def handle(self, *args, **options):
        from catalog.tasks import make_renditions

        ids = images_lacking_renditions(get_model("catalogue", "ProductImage").objects.all())
        if options["enqueue"]:
            for image_id in ids:
                make_renditions.delay(image_id)
            self.stdout.write(f"Photo renditions: {len(ids)} photo(s) sent to the workers.")
            return
        made = broken = 0
        for image_id in ids:
            try:
                make_renditions.apply(args=(image_id,), throw=True)
                made += 1
            except RenditionSourceBroken as exc:  # logged by the task; one bad file stops nothing
                broken += 1
                self.stderr.write(f"  skipped: {exc}")
        self.stdout.write(f"Photo renditions: made for {made} photo(s), {broken} unreadable.")
