"""Writes one file whole or not at all, and removes what a killed write left.

A module of its own, apart from `write`: the cache writes its files with it, so its code is part of what the
cache's version covers (`cache.CHECKING_MODULES`), and `write`'s sync, its undo folder and `paths` are not.
"""

from __future__ import annotations

import glob
import os
import re
import tempfile
from pathlib import Path

TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
"""The name of a temporary file of `write_atomic`: `.<name>.<8 random characters>.tmp`."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all: into a temporary file beside it, then renamed over it.

    A process killed before the rename leaves the temporary file: `sync` removes those in its
    tree, and `remove_temporaries` those of one path.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_temporaries(path: Path) -> None:
    """Remove the temporary files that writing `path` left when its process was killed before the rename."""
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        if TEMPORARY.fullmatch(leftover.name):
            leftover.unlink(missing_ok=True)
