from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraceabilityConfig(AppConfig):
    name = "catalog.traceability"
    label = "traceability"
    verbose_name = _("Traceability")
    default_auto_field = "django.db.models.AutoField"
