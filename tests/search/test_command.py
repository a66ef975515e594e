"""`manage.py search_index --rebuild | --status`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.search import index

from .helpers import make_product

pytestmark = [pytest.mark.django_db, pytest.mark.search]


def test_rebuild_then_status(search_index):
    make_product("Nón lá Huế")
    out = StringIO()
    call_command("search_index", "--rebuild", stdout=out)
    assert "Indexed 1 products" in out.getvalue()

    out = StringIO()
    call_command("search_index", "--status", stdout=out)
    status = json.loads(out.getvalue())
    assert status["available"] and status["documents_in_alias"] == 1 == status["products_in_database"]
    assert list(status["indices"]) == index.live_index_names()
