"""`make run`'s last step: search engine up, index built, demo logins printed, storefront served."""

import logging
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections

logger = logging.getLogger("marketplace")


class Command(BaseCommand):
    help = "Serve the marketplace; without ELASTICSEARCH_URL, start the bundled search engine first."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, **options):
        from catalog.search import engine, services

        if not settings.ELASTICSEARCH_URL:
            url = engine.start_embedded()
            self.stdout.write(f"Search: bundled osmem-server at {url}")
        else:
            self.stdout.write(f"Search: {settings.ELASTICSEARCH_URL}")
        try:
            stats = services.reindex_all()
            self.stdout.write(f"Search index built: {stats}")
        except Exception as exc:  # the storefront still answers from the database
            logger.warning("search index not built, the database answers searches: %s", exc)
            self.stdout.write(
                self.style.WARNING(f"Search index not built ({exc}); searches fall back to the database.")
            )

        self._catch_up_photo_renditions()
        self._print_logins()
        base = f"http://{options['host']}:{options['port']}"
        self.stdout.write(
            self.style.SUCCESS(f"\nStorefront: {base}/   API docs: {base}/api/docs/   Dashboard: {base}/dashboard/\n")
        )
        call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False, use_threading=True)

    def _catch_up_photo_renditions(self):
        """Photos loaded in bulk (the demo's) have no WebP renditions yet: make them while serving.

        In-process Celery (no REDIS_URL): a background thread, so the storefront answers at
        once and cards switch to WebP as they are made. With workers: one task per photo.
        """
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            call_command("photo_renditions", "--enqueue", stdout=self.stdout)
            return

        def make():
            try:
                call_command("photo_renditions", stdout=self.stdout, stderr=self.stderr)
            finally:
                connections.close_all()

        threading.Thread(target=make, name="photo-renditions", daemon=True).start()

    def _print_logins(self):
        from catalog.demo.data import DEMO_PASSWORD, DEMO_USERS

        self.stdout.write(f"\nDemo logins (demo data only; password for all: {DEMO_PASSWORD})")
        for user in DEMO_USERS:
            self.stdout.write(f"  {user.role:<28} {user.email}")
