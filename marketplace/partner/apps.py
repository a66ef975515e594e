import oscar.apps.partner.apps as apps


class PartnerConfig(apps.PartnerConfig):
    """Oscar's partner app, forked to carry the producer profile (see models.py)."""

    name = "marketplace.partner"
