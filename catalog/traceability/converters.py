"""The `lotcode` URL converter, registered once on import (Django refuses re-registration)."""

from django.urls import register_converter

from .codes import LOT_CODE_PATTERN


class LotCodeConverter:
    # Upper-case only: "manage" and other lower-case words can never be taken for a lot code.
    regex = LOT_CODE_PATTERN

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LotCodeConverter, "lotcode")
