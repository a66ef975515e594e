from oscar.apps.dashboard.catalogue import apps

from marketplace.dashboard.guards import sellers_to_workspace


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    """Oscar's catalogue dashboard, for staff only: sellers edit products through the workspace,
    whose services keep stock above what orders hold and audit what helpers do."""

    name = "marketplace.dashboard.catalogue"

    def get_url_decorator(self, pattern):
        return sellers_to_workspace(super().get_url_decorator(pattern))
