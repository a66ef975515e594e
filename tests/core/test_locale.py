"""Vietnamese is the default language: every string of Oscar's screens and of ours must be translated.

The reference for Oscar is read here independently of the check_translations command: Oscar's
shipped vi catalogue plus locale/oscar.pot (the msgids of the installed Oscar source; Oscar's .po
files lag behind it, so strings added or changed since show up only there).
"""

import gettext as gettext_module
import re
from pathlib import Path

import oscar
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from marketplace.core.management.commands import check_translations as ct

LOCALE = Path(settings.LOCALE_PATHS[0])
VI = LOCALE / "vi" / "LC_MESSAGES"
OUR_PO_FILES = sorted(VI.glob("*.po"))
OSCAR_VI_PO = Path(oscar.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹàáèéìíòóùúýĩũ]", re.I)


def _read(path):
    with open(path, "rb") as fh:
        return read_po(fh, abort_invalid=True)


def _key(message):
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def _strings(message):
    return [message.string] if isinstance(message.string, str) else list(message.string)


def _translated(message):
    return not message.fuzzy and all(s and s.strip() for s in _strings(message))


def _entries(path):
    return [m for m in _read(path) if m.id]


def _label(message):
    return f"{_key(message)[0]!r}" + (f" [{message.context}]" if message.context else "")


def test_layout():
    names = {p.name for p in OUR_PO_FILES}
    assert {"django.po", "oscar_overrides.po", "django_framework_overrides.po"} <= names
    assert (VI / "django.mo").exists(), "compile with `manage.py check_translations --compile`"
    assert (LOCALE / "oscar.pot").exists()


def test_oscar_reference_matches_installed_oscar():
    pot = _read(LOCALE / "oscar.pot")
    assert pot.version == oscar.get_version(), (
        "Oscar was upgraded: run check_translations --refresh-oscar-pot --sync-oscar"
    )
    assert len([m for m in pot if m.id]) > 1500


def _oscar_gaps():
    """Oscar msgids that Oscar's vi catalogue leaves untranslated or fuzzy."""
    shipped = _entries(OSCAR_VI_PO)
    shipped_ok = {_key(m) for m in shipped if _translated(m)}
    gaps = {_key(m) for m in shipped if not _translated(m)}
    gaps |= {_key(m) for m in _entries(LOCALE / "oscar.pot") if _key(m) not in shipped_ok}
    return gaps


def _ours():
    ours = {}
    for path in OUR_PO_FILES:
        for message in _entries(path):
            if _translated(message):
                ours[_key(message)] = message
    return ours


def test_every_oscar_gap_has_our_vietnamese_translation():
    gaps = _oscar_gaps()
    assert len(gaps) >= 332  # 232 untranslated in Oscar 4.2.1's file + strings new or changed since
    ours = _ours()
    missing = sorted((k for k in gaps if k not in ours), key=str)
    assert not missing, f"{len(missing)} Oscar strings untranslated in vi, e.g. {missing[:10]}"


def test_command_agrees_on_oscar_gaps():
    assert set(ct.oscar_gaps("vi")) == _oscar_gaps()
    assert ct.uncovered_oscar_gaps("vi") == {}


@pytest.mark.parametrize("path", OUR_PO_FILES, ids=lambda p: p.name)
def test_our_catalogue_is_fully_translated(path):
    catalog = _read(path)
    assert catalog.num_plurals == 1, "Vietnamese: Plural-Forms: nplurals=1; plural=0;"
    bad = [f"{_label(m)}: {'fuzzy' if m.fuzzy else 'untranslated'}" for m in catalog if m.id and not _translated(m)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", OUR_PO_FILES, ids=lambda p: p.name)
def test_placeholders_and_tags_are_kept(path):
    bad = []
    for message in _entries(path):
        bad += [f"{_label(message)}: {problem}" for problem in ct.placeholder_mismatches(message)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize(
    ("msgid", "msgstr", "ok"),
    [
        ("Hello %(name)s", "Xin chào %(name)s", True),
        ("Hello %(name)s", "Xin chào %(ten)s", False),
        ("%s items", "%s sản phẩm", True),
        ("%d%% off", "Giảm %d%%", True),
        ("%d%% off", "Giảm %d%", False),
        ("Placed after {start_date}", "Đặt sau {start}", False),
        ('See <a href="%(url)s">here</a>', 'Xem <a href="%(url)s">tại đây</a>', True),
        ('See <a href="%(url)s">here</a>', "Xem tại đây %(url)s", False),
        ("<strong>%(n)s</strong> saved", "Đã lưu %(n)s", False),
    ],
)
def test_placeholder_check_catches_mistakes(msgid, msgstr, ok):
    from babel.messages.catalog import Message

    assert (ct.placeholder_mismatches(Message(msgid, msgstr)) == []) is ok


def _parsed_mo(path):
    with open(path, "rb") as fh:
        mo = gettext_module.GNUTranslations(fh)
    catalog = dict(mo._catalog)
    header = catalog.pop("", "")
    plural_forms = re.search(r"^Plural-Forms: (.*)$", header, re.M)
    return catalog, plural_forms.group(1).strip() if plural_forms else None


def test_committed_mo_matches_the_po_files(tmp_path):
    fresh = ct.compile_mo("vi", tmp_path / "django.mo")
    committed, committed_plural = _parsed_mo(VI / "django.mo")
    expected, expected_plural = _parsed_mo(fresh)
    assert committed_plural == expected_plural == "nplurals=1; plural=0;"
    stale = sorted(k for k in expected.keys() | committed.keys() if expected.get(k) != committed.get(k))
    assert not stale, (
        f"django.mo is stale ({len(stale)} entries differ, e.g. {stale[:5]}): run check_translations --compile"
    )


def test_mo_contains_every_po_entry():
    committed, _plural = _parsed_mo(VI / "django.mo")
    for path in OUR_PO_FILES:
        for message in _entries(path):
            msgid, context = _key(message)
            lookup = f"{context}\x04{msgid}" if context else msgid
            if message.pluralizable:
                lookup = (lookup, 0)
            assert lookup in committed, f"{path.name}: {_label(message)} missing from django.mo"


VI_SPOT_CHECKS = [
    # left untranslated or fuzzy by Oscar 4.2.1's vi catalogue
    ("Surcharges", "Phụ phí"),
    ("Voucher Sets", "Bộ mã giảm giá"),
    ("Order not found", "Không tìm thấy đơn hàng"),
    ("Share wishlist", "Chia sẻ danh sách yêu thích"),
    ("Meta title", "Tiêu đề meta (SEO)"),
    ("Attribute Option Groups", "Nhóm tùy chọn thuộc tính"),
    ("This voucher is not available for this basket", "Mã giảm giá này không áp dụng cho giỏ hàng này"),
    (
        "No pending bulk action. Please select items and try again.",
        "Không có thao tác hàng loạt nào đang chờ. Vui lòng chọn các mục rồi thử lại.",
    ),
    # Oscar's translation overridden for consistent terms
    ("Basket", "Giỏ hàng"),
    ("Checkout", "Thanh toán"),
    ("Partner", "Nhà bán hàng"),
    ("Dashboard", "Trang quản trị"),
    ("Voucher", "Mã giảm giá"),
    ("Offer", "Khuyến mãi"),
    ("Wish List", "Danh sách yêu thích"),
    ("First name", "Tên"),
    ("Last name", "Họ"),
    # Django's own gaps and our strings
    ("Enter a valid UUID.", "Nhập một UUID hợp lệ."),
    ("Decision 148/QĐ-TTg (2023)", "Quyết định 148/QĐ-TTg (2023)"),
]


@pytest.mark.parametrize(("msgid", "expected"), VI_SPOT_CHECKS)
def test_vietnamese_at_runtime(msgid, expected):
    with translation.override("vi"):
        assert translation.gettext(msgid) == expected


def test_vietnamese_context_and_plural_at_runtime():
    with translation.override("vi"):
        assert translation.pgettext("Buy again", "Re-order") == "Mua lại"
        assert translation.pgettext("Change the sequence order", "Re-order") == "Sắp xếp lại"
        text = translation.ngettext(
            "Removed %d product from excluded list", "Removed %d products from excluded list", 3
        )
        assert text % 3 == "Đã xóa 3 sản phẩm khỏi danh sách loại trừ"
        assert (
            translation.ngettext("Removed %d product from excluded list", "Removed %d products from excluded list", 1)
            == text
        )


def test_default_language_is_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert translation.get_language_info("vi")["code"] == "vi"
    with translation.override(settings.LANGUAGE_CODE):
        assert translation.gettext("Add to basket") == "Thêm vào giỏ hàng"


def test_english_does_not_fall_back_to_vietnamese():
    """msgids are English: under 'en' no string of our catalogues may come out in Vietnamese."""
    leaked = []
    with translation.override("en"):
        for path in OUR_PO_FILES:
            for message in _entries(path):
                msgid, context = _key(message)
                if VIETNAMESE_LETTERS.search(msgid):
                    continue  # e.g. "Decision 148/QĐ-TTg (2023)": the name is Vietnamese in English too
                text = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if VIETNAMESE_LETTERS.search(text):
                    leaked.append(f"{path.name}: {msgid!r} -> {text!r}")
    assert not leaked, "\n".join(leaked[:20])
    with translation.override("en"):
        assert translation.gettext("Checkout") == "Checkout"
        assert translation.gettext("Decision 148/QĐ-TTg (2023)") == "Decision 148/QĐ-TTg (2023)"
        assert (
            translation.gettext("Vietnamese farm specialities and OCOP products")
            == "Vietnamese farm specialities and OCOP products"
        )


def test_workflow_flags_and_restores_a_lost_oscar_string(tmp_path, settings):
    """On a copy of locale/: losing an Oscar entry is reported, --sync-oscar re-adds it empty,
    a project wording that differs from Oscar's screens is warned about, and a stale .mo is caught."""
    import shutil

    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    settings.LOCALE_PATHS = [copy]
    overrides = copy / "vi" / "LC_MESSAGES" / "oscar_overrides.po"
    catalog = ct.read_catalog(overrides, "vi")
    catalog.delete("Surcharges")
    ct.write_overrides(catalog, overrides)

    errors, _warnings = ct.find_problems("vi")
    assert any("'Surcharges'" in e and "not translated by Oscar nor by us" in e for e in errors)
    assert any("django.mo is missing or out of date" in e for e in errors)

    assert ct.sync_oscar_overrides("vi") == 1
    restored = ct.read_catalog(overrides, "vi").get("Surcharges")
    assert restored is not None and restored.string == ""
    errors, _warnings = ct.find_problems("vi")
    assert any("'Surcharges': untranslated" in e for e in errors)

    project = copy / "vi" / "LC_MESSAGES" / "django.po"
    with open(project, "a", encoding="utf-8") as fh:
        fh.write('\nmsgid "Basket"\nmsgstr "Xe đẩy"\n')
    _errors, warnings = ct.find_problems("vi")
    assert any("'Basket'" in w and "Oscar's pages use" in w for w in warnings)
