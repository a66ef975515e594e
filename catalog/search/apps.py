import oscar.apps.search.apps as apps


class SearchConfig(apps.SearchConfig):
    """Oscar's search app, forked: its views answer from Elasticsearch (catalog.search.services)."""

    name = "catalog.search"
