import oscar.apps.catalogue.apps as apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked for OCOP groups, certificates, origin and search."""

    name = "catalog"

    def ready(self):
        super().ready()
        from catalog import receivers
        from catalog.search import signals

        # Changes to products, stock, certificates, images and producers reach the index
        # through Celery after commit; new images get their renditions the same way.
        signals.connect()
        receivers.connect()
