from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "marketplace.monitoring"
    label = "monitoring"
    verbose_name = _("Provincial monitoring")

    def ready(self):
        from marketplace.monitoring import events

        events.connect()
