"""Checked content files remembered between runs, so that an unchanged file costs a hash and a lookup.

`validate`, `generate`, `site` and every rebuild of the live preview read all
of content/. A file whose bytes were checked before, by the same generator
code, gives the same model and the same references to other files, so the
cache keeps those, keyed by the file's SHA-256. Only files without problems
are kept: a file with problems is read again and its problems reported every
time. References across files are always checked again, since another file
may have changed.

The cache is JSON (never pickle), in a folder outside the working tree:
`$PARTNERSHIP_WATCH_CACHE` if it is set (empty turns the cache off), else
`$XDG_CACHE_HOME/partnership-watch`, else `~/.cache/partnership-watch`. Not
in the tree, because a pull request can add any file there, and a cache it
brought would be believed without a check. One file per project folder.
Anything unreadable in it (a damaged file, another generator's) counts as an
empty cache.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import model

ENVIRONMENT = "PARTNERSHIP_WATCH_CACHE"
_TYPES = {cls.__name__: cls for cls in (
    model.Pos, model.Reference, model.Entity, model.Term, model.Taxonomy, model.Source, model.ExpertView,
    model.Implication, model.Outlook, model.Analysis)}
_TYPE = "@"
"""The key that names a value's type in the JSON; no content id can be it, since ids are slugs."""


def folder() -> Path | None:
    """Where caches live, or None when the cache is turned off."""
    configured = os.environ.get(ENVIRONMENT)
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "partnership-watch"


def _generator_version() -> str:
    """A digest of the code whose output the cache keeps: a changed rule must not serve an old answer."""
    import markdown_it
    import yaml

    digest = hashlib.sha256(f"{yaml.__version__} {markdown_it.__version__}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    if type(value).__name__ in _TYPES:
        encoded = dict(value.__dict__)
        encoded[_TYPE] = type(value).__name__
        return encoded
    if isinstance(value, dt.date):
        return {_TYPE: "date", "iso": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not part of the model")


def _decode(encoded: dict[str, Any]) -> Any:
    kind = encoded.pop(_TYPE, None)
    if kind is None:
        return encoded
    if kind == "date":
        return dt.date.fromisoformat(encoded["iso"])
    # The model holds tuples, never lists: JSON has only lists.
    return _TYPES[kind](**{name: tuple(value) if type(value) is list else value for name, value in encoded.items()})


class CheckedFiles:
    """The cache of one project: content path -> (SHA-256 of its bytes, its checked value, its references)."""

    def __init__(self, path: Path | None, version: str, entries: dict[str, list]):
        self.path, self.version = path, version
        self._entries = entries
        self._used: dict[str, list] = {}

    @classmethod
    def of(cls, root: Path) -> "CheckedFiles":
        where = folder()
        version = _generator_version()
        if where is None:
            return cls(None, version, {})
        path = where / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]}.json"
        try:
            stored = json.loads(path.read_bytes(), object_hook=_decode)
            entries = stored["files"] if stored["generator"] == version else {}
        except (OSError, ValueError, KeyError, TypeError):
            entries = {}
        return cls(path, version, entries if isinstance(entries, dict) else {})

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def get(self, display: str, digest: str) -> tuple[Any, list[model.Reference]] | None:
        """The value and references stored for this file, if its bytes are the ones that were checked."""
        entry = self._entries.get(display)
        if not isinstance(entry, list) or len(entry) != 3 or entry[0] != digest:
            return None
        self._used[display] = entry
        return entry[1], list(entry[2])

    def put(self, display: str, digest: str, value: Any, references: list[model.Reference]) -> None:
        self._used[display] = [digest, value, references]

    def save(self) -> None:
        """Keep what this run read; files that are gone are forgotten. Failing to write only costs speed."""
        if self.path is None or self._used == self._entries:
            return
        document = json.dumps({"generator": self.version, "files": self._used}, default=_encode, ensure_ascii=False,
                              separators=(",", ":"))
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(document)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
