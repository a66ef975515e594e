"""`manage.py search_index --rebuild | --ensure | --status`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from catalog.search import engine, index, kinds

from .helpers import make_product, search

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


def _status() -> dict:
    out = StringIO()
    call_command("search_index", "--status", stdout=out)
    return json.loads(out.getvalue())


def _ensure() -> str:
    out = StringIO()
    call_command("search_index", "--ensure", stdout=out)
    return out.getvalue()


def test_a_release_that_changes_what_documents_hold_finds_the_index_stale(search_index, monkeypatch):
    make_product("Vải thiều sấy khô", province="24", commune="Xã Sa Lý")
    search_index()
    assert _status()["definition"] == "current"

    # The next release moves a name from one field to another: same mapping, other documents.
    monkeypatch.setattr(index, "DOCUMENT_VERSION", index.DOCUMENT_VERSION + 1)

    assert _status()["definition"] == "stale"
    assert "Indexed 1 products" in _ensure()
    assert _status()["definition"] == "current"


def test_an_edited_kinds_file_finds_the_index_stale_and_the_rebuild_carries_it(search_index, monkeypatch, tmp_path):
    candy = make_product("Kẹo lạc Hà Tĩnh", province="42")
    search_index()
    assert _status()["definition"] == "current"
    assert search(q="qua ngot").product_ids == []

    edited = tmp_path / "kinds_vi.txt"
    edited.write_text(kinds.KINDS_FILE.read_text(encoding="utf-8") + "quà ngọt: kẹo\n", encoding="utf-8")
    monkeypatch.setattr(kinds, "KINDS_FILE", edited)  # staff add a kind

    assert _status()["definition"] == "stale"  # beat's ensure task rebuilds it within 10 minutes
    assert "Indexed 1 products" in _ensure()
    assert _status()["definition"] == "current"
    assert search(q="qua ngot").product_ids == [candy.id]


def _build_as_an_older_release(name: str) -> None:
    """A live index as the release before `place_aliases` was searchable built it: the field
    stored, not indexed, and that release's definition fingerprint."""
    body = index._index_definition(name).to_dict()
    body["mappings"]["properties"]["place_aliases"] = {"type": "text", "index": False}
    body["mappings"]["_meta"] = {"definition": "an-older-release"}
    body["settings"]["refresh_interval"] = "1s"
    client = engine.get_client()
    client.indices.create(index=name, **body)
    client.indices.update_aliases(actions=[{"add": {"index": name, "alias": index.alias_name()}}])


def test_ensure_rebuilds_an_index_an_older_release_built_and_then_leaves_it(search_index):
    coffee = make_product("Cà phê hạt rang mộc", commune="Phường Buôn Ma Thuột")  # Tây Nguyên
    index.drop_all()
    _build_as_an_older_release(f"{index.alias_name()}-v20250101000000000000")
    index.index_products([coffee.id])
    assert _status()["definition"] == "stale"
    # The query reads a field the old index does not search: the database answers meanwhile.
    before = search(q="ca phe tay nguyen")
    assert (before.engine, before.product_ids) == ("database", [coffee.id])

    assert "Indexed 1 products" in _ensure()

    after = search(q="ca phe tay nguyen")
    assert (after.engine, after.product_ids) == ("elasticsearch", [coffee.id])
    live = index.live_index_names()
    assert _status()["definition"] == "current"
    assert _ensure().startswith("Search index not rebuilt: current")
    assert index.live_index_names() == live


def test_ensure_leaves_a_rebuild_under_way_alone_but_not_one_that_died(search_index):
    client = engine.get_client()
    client.indices.put_mapping(index=index.alias_name(), meta={"definition": "an-older-release"})
    building = index._new_index_name()
    client.indices.create(index=building, aliases={index.building_alias_name(): {}})

    assert _ensure().startswith("Search index not rebuilt: rebuild under way")

    client.indices.delete(index=building)
    died = f"{index.alias_name()}-v20250101000000000000"  # started long ago, never swapped in
    client.indices.create(index=died, aliases={index.building_alias_name(): {}})
    assert "Indexed 0 products" in _ensure()
    assert died not in index.write_targets() and _status()["definition"] == "current"


def test_beats_check_rebuilds_a_stale_index_and_is_a_no_op_otherwise(search_index):
    from catalog.search import tasks

    assert tasks.ensure_index_task.apply().get() == {"rebuilt": False, "reason": "current"}
    engine.get_client().indices.put_mapping(index=index.alias_name(), meta={"definition": "an-older-release"})

    outcome = tasks.ensure_index_task.apply().get()
    assert (outcome["rebuilt"], outcome["reason"]) == (True, "stale") and _status()["definition"] == "current"
