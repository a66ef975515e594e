from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Cross-cutting pieces: text folding, task helpers, demo data, the embedded runner."""

    name = "marketplace.core"
    label = "core"
    verbose_name = _("Marketplace")
