"""`manage.py search_index --rebuild | --ensure | --status`: the product search index, for operators."""

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Rebuild the product search index behind its alias (zero downtime), or show its status."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild", action="store_true", help="build a new index from the database and swap the alias to it"
        )
        group.add_argument(
            "--ensure",
            action="store_true",
            help="rebuild only if there is no live index or it was built with another mapping or synonyms file",
        )
        group.add_argument("--status", action="store_true", help="engine, alias, indices, document counts, definition")
        parser.add_argument("--batch-size", type=int, default=1000, help="products per bulk request (rebuild)")

    def handle(self, *args, **options):
        from catalog.search import engine, index, services

        if not engine.is_configured():
            # Without ELASTICSEARCH_URL the engine lives inside the serving process (manage.py serve).
            raise CommandError(
                "No search engine configured: set ELASTICSEARCH_URL (the embedded engine is built by `manage.py serve`)."
            )
        if options["status"]:
            self.stdout.write(json.dumps(index.status(), indent=2, ensure_ascii=False))
            return
        if not engine.is_available():
            raise CommandError(f"Search engine at {engine.engine_url()} is not answering.")
        if options["ensure"]:
            outcome = services.ensure_current_index(batch_size=options["batch_size"])
            if not outcome["rebuilt"]:
                self.stdout.write(f"Search index not rebuilt: {outcome['reason']}.")
                return
            stats = outcome
        else:
            stats = services.reindex_all(batch_size=options["batch_size"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {stats['products']} products into {stats['index']} in {stats['seconds']} s; alias {index.alias_name()} swapped; "
                f"search text of {stats['search_text_refreshed']} products refreshed for the database fallback."
            )
        )
