from oscar.apps.dashboard.orders import apps

from marketplace.dashboard.guards import sellers_to_workspace


class OrdersDashboardConfig(apps.OrdersDashboardConfig):
    """Oscar's order dashboard, for staff only: it shows every seller's lines of an order."""

    name = "marketplace.dashboard.orders"

    def get_url_decorator(self, pattern):
        return sellers_to_workspace(super().get_url_decorator(pattern))
