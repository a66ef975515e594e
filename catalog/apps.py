import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked for OCOP groups, certificates, origin and search."""

    name = "catalog"

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401
