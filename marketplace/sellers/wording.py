"""Text that leaves the request: SMS and audit-trail summaries."""

from django.conf import settings
from django.utils import translation


def in_site_language(message, **params) -> str:
    """Render a translatable message in the marketplace's language (Vietnamese), not the
    requester's: an SMS reaches a farmer's phone and an audit summary is read by the household,
    whatever language the helper's or staff member's browser asked for."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
        return text % params if params else text
