from oscar.apps.dashboard import apps

from marketplace.dashboard.guards import sellers_to_workspace


class DashboardConfig(apps.DashboardConfig):
    """Oscar's dashboard home, for staff only: its non-staff index sums whole order totals,
    which counts other sellers' goods in a shared order."""

    name = "marketplace.dashboard"

    def get_url_decorator(self, pattern):
        decorator = super().get_url_decorator(pattern)
        # Only the home page: the dashboard's login and logout must keep working for everyone.
        return sellers_to_workspace(decorator) if pattern.name == "index" else decorator
