from oscar.apps.dashboard import apps


class DashboardConfig(apps.DashboardConfig):
    # Forked (Oscar's documented pattern) so `get_class("dashboard.<sub-app>...")` also finds
    # the forked sub-apps under marketplace.dashboard; see marketplace/dashboard/orders.
    name = "marketplace.dashboard"
