"""Checked analysis files remembered between runs, so that an unchanged analysis costs a hash and a lookup.

`validate`, `generate`, `site` and every rebuild of the live preview read all
of content/. An analysis file whose bytes were checked before, by the same
generator code, gives the same model and the same references to other files,
so the cache keeps those, keyed by the file's SHA-256. Only files without
problems are kept: a file with problems is read again and its problems
reported every time. References across files are always checked again, since
another file may have changed; the entities and the taxonomy, two small files
that every reference is checked against, are always read.

The cache is JSON (never pickle), in a folder outside the working tree:
`$PARTNERSHIP_WATCH_CACHE` if it is set (empty turns the cache off), else
`$XDG_CACHE_HOME/partnership-watch`, else `~/.cache/partnership-watch`; one
folder in it per project. Not in the tree, because a pull request can add any
file there, and a cache it brought would be believed without a check.
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
    model.Pos, model.Reference, model.Source, model.ExpertView, model.Implication, model.Outlook, model.Analysis)}
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


class _Store:
    """One JSON file of entries by content path, each entry starting with the SHA-256 of the file it is about."""

    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self._stored: dict[str, list] | None = None
        self._kept: dict[str, list] = {}
        self._changed = False

    def _entries(self) -> dict[str, list]:
        """What the file holds, read when first needed."""
        if self._stored is None:
            self._stored = {}
            try:
                document = json.loads(self.path.read_bytes(), object_hook=_decode) if self.path else {}
                if document["generator"] == self.version and isinstance(document["files"], dict):
                    self._stored = document["files"]
            except (OSError, ValueError, KeyError, TypeError):
                pass
        return self._stored

    def get(self, display: str, digest: str) -> list | None:
        entry = self._entries().get(display)
        if type(entry) is not list or not entry or entry[0] != digest:
            return None
        self._kept[display] = entry
        return entry

    def put(self, display: str, entry: list) -> None:
        self._kept[display] = entry
        self._changed = True

    def save(self, read: set[str]) -> None:
        """Keep the entries of the files this run read, if that changes what is stored.

        A store that was never opened and got nothing new is left as it is:
        reading it only to forget the files that are gone would cost more
        than the stale entries, which no digest will match.
        """
        if self.path is None or (self._stored is None and not self._changed):
            return
        stored = self._entries()
        entries = {display: entry for display, entry in (stored | self._kept).items() if display in read}
        if entries == stored:
            return
        document = json.dumps({"generator": self.version, "files": entries}, default=_encode, ensure_ascii=False,
                              separators=(",", ":"))
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".tmp-")
        except OSError:
            return  # a cache that can't be written only costs speed
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(document)
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)


class CheckedFiles:
    """The cache of one project's analyses, in two stores so that `validate` never reads the models.

    The facts (path -> digest, whether it is a draft, the references it makes)
    are all that checking the whole project needs; the models (path ->
    digest, the analysis) are read only by what renders pages.
    """

    def __init__(self, folder: Path | None, version: str):
        self._facts = _Store(folder / "facts.json" if folder else None, version)
        self._models = _Store(folder / "models.json" if folder else None, version)
        self._read: set[str] = set()

    @classmethod
    def of(cls, root: Path) -> "CheckedFiles":
        where = folder()
        project = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]
        return cls(where / project if where else None, _generator_version())

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def facts(self, display: str, digest: str) -> tuple[bool, list[model.Reference]] | None:
        """Whether the file is a draft and the references it makes, if its bytes are the ones that were checked."""
        self._read.add(display)
        entry = self._facts.get(display, digest)
        if entry is None or len(entry) != 3 or type(entry[1]) is not bool or type(entry[2]) is not list:
            return None
        if not all(type(reference) is model.Reference for reference in entry[2]):
            return None
        return entry[1], entry[2]

    def analysis(self, display: str, digest: str) -> model.Analysis | None:
        """The analysis the file was checked into, if its bytes are the ones that were checked."""
        entry = self._models.get(display, digest)
        if entry is None or len(entry) != 2 or type(entry[1]) is not model.Analysis:
            return None
        return entry[1]

    def put(self, display: str, digest: str, analysis: model.Analysis, references: list[model.Reference]) -> None:
        """Remember an analysis file that was checked and has no problems."""
        self._read.add(display)
        self._facts.put(display, [digest, analysis.is_draft, references])
        self._models.put(display, [digest, analysis])

    def save(self) -> None:
        """Keep what this run read; files that are gone are forgotten. Failing to write only costs speed."""
        self._facts.save(self._read)
        self._models.save(self._read)
