"""The word lists staff edit (synonyms_vi.txt, kinds_vi.txt): read once, read again when changed."""

from pathlib import Path

_cache: dict = {}


def read_staff_file(path: Path, parse):
    """`parse(lines)` of the file, "#" comments taken off; parsed again only when its mtime changes,
    so an edit reaches a running process without a restart."""
    mtime = path.stat().st_mtime
    cached = _cache.get((path, parse))
    if cached and cached[0] == mtime:
        return cached[1]
    lines = [line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines()]
    value = parse(lines)
    _cache[(path, parse)] = (mtime, value)
    return value
