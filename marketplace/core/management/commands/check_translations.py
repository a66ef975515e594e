"""Check and compile the project's gettext catalogues (pure Python, Babel only).

Layout, per language (``locale/<lang>/LC_MESSAGES/``)::

    django.po                      our own strings; owned by ``makemessages``
    oscar_overrides.po             Oscar strings that Oscar's shipped catalogue leaves untranslated
                                   or fuzzy for the installed Oscar version, plus corrections
    django_framework_overrides.po  the same for Django's own catalogues (validation messages, ...)
    django.mo                      the compiled merge of every *.po above: the only file Django loads

and ``locale/oscar.pot``: the msgids of the installed Oscar version, the reference used to find
what Oscar's shipped catalogue leaves untranslated (Oscar's own .po files lag behind its source).

Django only reads the ``django`` domain, so every catalogue is merged into ``django.mo``.
``makemessages --no-obsolete`` only rewrites ``django.po``; the override files are never touched
by it, and ``compilemessages`` must not be used (it would compile ``django.po`` alone).

Workflow::

    python manage.py makemessages -l vi --ignore=.venv --ignore=bench --ignore=tests --no-obsolete
    # translate the new entries in locale/vi/LC_MESSAGES/django.po
    python manage.py check_translations --compile

After upgrading Oscar (needs the gettext tools, only at that moment)::

    python manage.py check_translations --refresh-oscar-pot --sync-oscar
    # translate the new empty entries of oscar_overrides.po, then --compile
"""

from __future__ import annotations

import datetime
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PROJECT_PO = "django.po"
OSCAR_OVERRIDES_PO = "oscar_overrides.po"
OSCAR_POT = "oscar.pot"
COMPILED_MO = "django.mo"
# Fixed header dates keep django.mo byte-identical until a translation changes.
FIXED_DATE = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)

# %(name)s, %s, %d, %.2f, %% ...; {0}, {name}; and the HTML tags that carry markup.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0+-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_BRACE = re.compile(r"\{[A-Za-z0-9_.\[\]]*\}")
_HTML_TAGS = "a|abbr|b|br|code|div|em|h[1-6]|i|img|li|ol|p|small|span|strong|sup|sub|u|ul"
_TAG = re.compile(rf"</?(?:{_HTML_TAGS})\b[^<>]*/?>", re.IGNORECASE)


# --- Catalogue helpers -------------------------------------------------------------------------


def locale_root() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def message_dir(lang: str) -> Path:
    return locale_root() / lang / "LC_MESSAGES"


def key(message: Message) -> tuple[str, str | None]:
    """How gettext looks a message up: singular msgid plus context."""
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    return msgid, message.context


def is_translated(message: Message) -> bool:
    """Non-empty in every plural form and not fuzzy: what gettext uses at run time."""
    if message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return bool(strings) and all(s and s.strip() for s in strings)


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    with open(path, "rb") as fh:
        return read_po(fh, locale=lang, abort_invalid=True)


def po_files(lang: str) -> list[Path]:
    """The .po files merged into django.mo, lowest precedence first.

    Override files (sorted by name) come first and the project's own django.po last, so our
    wording of a string wins over Oscar's and Django's.
    """
    directory = message_dir(lang)
    others = sorted(p for p in directory.glob("*.po") if p.name != PROJECT_PO)
    project = directory / PROJECT_PO
    return others + ([project] if project.exists() else [])


def catalogue_languages() -> list[str]:
    """Languages with at least one .po file under the first LOCALE_PATHS entry."""
    root = locale_root()
    if not root.is_dir():
        return []
    return sorted(p.parent.name for p in root.glob("*/LC_MESSAGES") if any(p.glob("*.po")))


def target_languages() -> list[str]:
    """Languages that need a catalogue: every configured one except English (the msgids)."""
    return [code for code, _name in settings.LANGUAGES if not code.lower().startswith("en")]


def placeholders(text: str) -> Counter:
    return Counter(_PRINTF.findall(text) + _BRACE.findall(text) + _TAG.findall(text))


def placeholder_mismatches(message: Message) -> list[str]:
    """Placeholders/tags of the msgid that the translation drops, adds or alters."""
    ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    expected = placeholders(ids[0])
    if len(ids) > 1:
        # A plural msgid may name the count only in its plural form ("%d items"); a single
        # Vietnamese form must then carry the union.
        expected = expected | placeholders(ids[1])
    problems = []
    for string in strings:
        if not string:
            continue
        found = placeholders(string)
        if found != expected:
            missing = sorted((expected - found).elements())
            extra = sorted((found - expected).elements())
            problems.append(f"missing {missing}, unexpected {extra}")
    return problems


def merged_catalog(lang: str) -> tuple[Catalog, list[str]]:
    """All translated entries of our .po files for `lang`, later files winning.

    Returns the catalogue and the list of conflicts (same msgid, different translations).
    """
    merged = Catalog(
        locale=lang,
        domain="django",
        project="ocop-marketplace",
        version="1",
        creation_date=FIXED_DATE,
        revision_date=FIXED_DATE,
        fuzzy=False,
    )
    merged.last_translator = "check_translations --compile"
    seen: dict[tuple[str, str | None], tuple[str, object]] = {}
    conflicts = []
    for path in po_files(lang):
        for message in read_catalog(path, lang):
            if not message.id or not is_translated(message):
                continue
            k = key(message)
            if k in seen and seen[k][1] != message.string:
                conflicts.append(f"{k[0]!r} (context {k[1]!r}): {seen[k][0]} is overridden by {path.name}")
            seen[k] = (path.name, message.string)
            merged.delete(message.id, context=message.context)
            merged.add(message.id, message.string, context=message.context, flags=message.flags - {"fuzzy"})
    return merged, conflicts


def compile_mo(lang: str, output: Path | None = None) -> Path:
    """Write the merged catalogue for `lang` as a GNU .mo file (default: locale/<lang>/LC_MESSAGES/django.mo)."""
    catalog, _conflicts = merged_catalog(lang)
    output = output or message_dir(lang) / COMPILED_MO
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, output)
    return output


# --- Oscar coverage ----------------------------------------------------------------------------


def oscar_version() -> str:
    import oscar

    return oscar.get_version()


def oscar_pot_path() -> Path:
    return locale_root() / OSCAR_POT


def oscar_shipped_po(lang: str) -> Path:
    import oscar

    return Path(oscar.__file__).parent / "locale" / lang / "LC_MESSAGES" / "django.po"


def read_oscar_pot() -> Catalog:
    path = oscar_pot_path()
    if not path.exists():
        raise CommandError(
            f"{path} is missing: run `manage.py check_translations --refresh-oscar-pot` (needs gettext)."
        )
    return read_catalog(path)


def oscar_gaps(lang: str) -> dict[tuple[str, str | None], Message]:
    """Oscar msgids that Oscar's own catalogue for `lang` does not translate (or only fuzzily).

    The reference is the union of locale/oscar.pot (msgids of the installed Oscar source) and
    Oscar's shipped .po file (whose entries may predate the source).
    """
    shipped_path = oscar_shipped_po(lang)
    shipped = read_catalog(shipped_path, lang) if shipped_path.exists() else Catalog(locale=lang)
    translated = {key(m) for m in shipped if m.id and is_translated(m)}
    gaps = {}
    for message in list(read_oscar_pot()) + list(shipped):
        if message.id and key(message) not in translated:
            gaps.setdefault(key(message), message)
    return gaps


def uncovered_oscar_gaps(lang: str) -> dict[tuple[str, str | None], Message]:
    ours = {}
    for path in po_files(lang):
        for message in read_catalog(path, lang):
            if message.id and is_translated(message):
                ours[key(message)] = message
    return {k: m for k, m in oscar_gaps(lang).items() if k not in ours}


def _first(string) -> str:
    return string if isinstance(string, str) else string[0]


def oscar_wording_differences(lang: str) -> list[str]:
    """Project msgids that are also Oscar msgids but translated differently from Oscar's screens.

    The project's translation wins everywhere (one catalogue), so a difference changes Oscar's
    pages too; usually the two should simply agree.
    """
    project_path = message_dir(lang) / PROJECT_PO
    if not project_path.exists():
        return []
    shipped_path = oscar_shipped_po(lang)
    oscar = {}
    if shipped_path.exists():
        oscar = {key(m): m.string for m in read_catalog(shipped_path, lang) if m.id and is_translated(m)}
    overrides_path = message_dir(lang) / OSCAR_OVERRIDES_PO
    if overrides_path.exists():
        oscar |= {key(m): m.string for m in read_catalog(overrides_path, lang) if m.id and is_translated(m)}
    pot_keys = {key(m) for m in read_oscar_pot() if m.id}
    differences = []
    for message in read_catalog(project_path, lang):
        k = key(message)
        if message.id and k in pot_keys and k in oscar and is_translated(message):
            ours, theirs = message.string, oscar[k]
            if _first(ours).strip().casefold() != _first(theirs).strip().casefold():
                differences.append(f"{PROJECT_PO} translates {k[0]!r} as {ours!r}; Oscar's pages use {theirs!r}")
    return differences


def refresh_oscar_pot() -> Path:
    """Regenerate locale/oscar.pot from the installed Oscar source (needs xgettext)."""
    if not shutil.which("xgettext"):
        raise CommandError("--refresh-oscar-pot needs the GNU gettext tools (xgettext, msguniq, msgmerge).")
    import oscar

    source = Path(oscar.__file__).parent
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "oscar"
        shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo"))
        env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
        # Run outside our settings so makemessages only sees Oscar's tree and its locale/ dir.
        subprocess.run(  # noqa: S603 (fixed argument list)
            [sys.executable, "-m", "django", "makemessages", "--locale", "en", "--keep-pot", "--no-obsolete"],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        raw = (copy / "locale" / "django.pot").read_bytes()
        # The raw template's header has placeholder Plural-Forms ("nplurals=INTEGER") Babel rejects.
        raw = re.sub(rb'"Plural-Forms: [^"]*\\n"\n', b"", raw)
        pot = read_po(io.BytesIO(raw), abort_invalid=True)
    pot.project = "django-oscar"
    pot.version = oscar_version()
    pot.fuzzy = False
    pot.creation_date = FIXED_DATE
    pot.revision_date = FIXED_DATE
    pot.header_comment = (
        f"# Msgids of django-oscar {pot.version}, extracted from its source by\n"
        "# `manage.py check_translations --refresh-oscar-pot`. Reference only: not loaded by Django."
    )
    out = oscar_pot_path()
    buffer = io.BytesIO()
    write_po(buffer, pot, width=0, include_lineno=False, sort_output=False)
    out.write_bytes(buffer.getvalue())
    return out


def sync_oscar_overrides(lang: str) -> int:
    """Add an empty entry to oscar_overrides.po for each uncovered Oscar gap; return how many."""
    path = message_dir(lang) / OSCAR_OVERRIDES_PO
    catalog = (
        read_catalog(path, lang) if path.exists() else Catalog(locale=lang, project="ocop-marketplace", fuzzy=False)
    )
    missing = uncovered_oscar_gaps(lang)
    for message in missing.values():
        string = ("",) * catalog.num_plurals if message.pluralizable else ""
        catalog.add(
            message.id,
            string,
            locations=message.locations,
            flags=message.flags - {"fuzzy"},
            auto_comments=[f"Untranslated in Oscar {oscar_version()}'s catalogue"],
            context=message.context,
        )
    if missing:
        write_overrides(catalog, path)
    return len(missing)


def write_overrides(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_lineno=False)
    path.write_bytes(buffer.getvalue())


# --- The report --------------------------------------------------------------------------------


def find_problems(lang: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) for one language."""
    errors: list[str] = []
    warnings: list[str] = []
    files = po_files(lang)
    if not files:
        return [f"{lang}: no .po files in {message_dir(lang)}"], warnings
    for path in files:
        rel = path.relative_to(locale_root().parent) if locale_root().parent in path.parents else path
        catalog = read_catalog(path, lang)
        if catalog.num_plurals != 1 and lang == "vi":
            errors.append(f"{rel}: Plural-Forms must be 'nplurals=1; plural=0;' for Vietnamese")
        for message in catalog:
            if not message.id:
                continue
            label = f"{rel}: {key(message)[0]!r}" + (f" [context {message.context!r}]" if message.context else "")
            if message.fuzzy:
                errors.append(f"{label}: fuzzy")
            elif not is_translated(message):
                errors.append(f"{label}: untranslated")
            else:
                errors.extend(f"{label}: placeholders differ: {p}" for p in placeholder_mismatches(message))
    for k, message in sorted(uncovered_oscar_gaps(lang).items(), key=lambda item: (item[0][0], item[0][1] or "")):
        where = message.locations[0][0] if message.locations else "?"
        errors.append(
            f"oscar ({where}): {k[0]!r}"
            + (f" [context {k[1]!r}]" if k[1] else "")
            + ": not translated by Oscar nor by us"
        )
    pot_version = read_oscar_pot().version
    if pot_version != oscar_version():
        errors.append(
            f"{OSCAR_POT} is for django-oscar {pot_version} but {oscar_version()} is installed: "
            "run `check_translations --refresh-oscar-pot --sync-oscar`"
        )
    _merged, conflicts = merged_catalog(lang)
    warnings.extend(f"{lang}: {c}" for c in conflicts)
    warnings.extend(f"{lang}: {d}" for d in oscar_wording_differences(lang))
    mo = message_dir(lang) / COMPILED_MO
    with tempfile.TemporaryDirectory() as tmp:
        fresh = compile_mo(lang, Path(tmp) / COMPILED_MO)
        if not mo.exists() or mo.read_bytes() != fresh.read_bytes():
            errors.append(
                f"{mo.relative_to(locale_root().parent)} is missing or out of date: run `check_translations --compile`"
            )
    return errors, warnings


class Command(BaseCommand):
    requires_system_checks = []  # only reads/writes locale files; must work while URLs/models are broken
    help = (
        "Report untranslated/fuzzy entries of our catalogues and Oscar strings nobody translates "
        "(exit code 1 if any); --compile writes django.mo from the merged .po files with Babel."
    )

    def add_arguments(self, parser):
        parser.add_argument("--compile", action="store_true", help="Write locale/<lang>/LC_MESSAGES/django.mo first.")
        parser.add_argument(
            "--refresh-oscar-pot", action="store_true", help="Regenerate locale/oscar.pot (needs gettext)."
        )
        parser.add_argument(
            "--sync-oscar",
            action="store_true",
            help="Add empty entries for uncovered Oscar strings to oscar_overrides.po.",
        )
        parser.add_argument("-l", "--locale", action="append", help="Only this language (repeatable).")

    def handle(self, *args, **options):
        languages = options["locale"] or sorted(set(target_languages()) | set(catalogue_languages()))
        if options["refresh_oscar_pot"]:
            self.stdout.write(f"Wrote {refresh_oscar_pot()}")
        if options["sync_oscar"]:
            for lang in languages:
                self.stdout.write(f"{lang}: added {sync_oscar_overrides(lang)} empty entries to {OSCAR_OVERRIDES_PO}")
        if options["compile"]:
            for lang in languages:
                self.stdout.write(f"Wrote {compile_mo(lang)}")
        failed = False
        for lang in languages:
            errors, warnings = find_problems(lang)
            for line in warnings:
                self.stderr.write(f"warning: {line}")
            for line in errors:
                self.stderr.write(line)
            failed = failed or bool(errors)
            self.stdout.write(f"{lang}: {len(errors)} problem(s), {len(warnings)} warning(s)")
        if failed:
            sys.exit(1)
