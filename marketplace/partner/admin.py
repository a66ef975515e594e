from oscar.apps.partner.admin import *  # noqa: F403  (keep Oscar's partner admin)
