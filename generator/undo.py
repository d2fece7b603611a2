"""What a sync of a tree read from disk replaced, removed and created, kept on disk until the build stands.

A rebuild after a template change replaces nearly every file (about 1 GB at 10,000 analyses), and `site` keeps
what undoes it while MkDocs and Pagefind run: as bytes in memory, that took `make site` over its bound. So it is
kept in a folder beside the tree (`paths.undo_folder`): each file about to be replaced is hard-linked there
(`BEFORE`), each file removed is moved there, and each file created is listed there (`CREATED`) before it is
written. On the same file system, a link or a rename copies nothing.

`CREATED` is there from the moment the folder is made until the sync stands (`discard`) or is undone
(`restore`): it is removed first, then the rest. So the folder a killed run left behind undoes that run while it
holds `CREATED`, and the next sync first puts the tree back as it was (`recover`), then writes it anew; without
`CREATED`, the run was done with it, and the folder is only removed.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from .paths import undo_folder

BEFORE = "before"
"""The folder, in the undo folder, of the files as they were, at their path in the tree."""
CREATED = "created"
"""The files the sync created, one path a line (as JSON: a path may hold any character but `/` and NUL)."""

Place = Callable[[str], Path]
"""Where a path relative to the tree is, refusing one that would leave it (`write.Confinement.path`)."""


class Undo:
    """Puts a tree back as it was before a sync, from its undo folder."""

    def __init__(self, tree: Path, place: Place):
        """A new undo folder for `tree`, once a killed run's is dealt with (`recover`)."""
        self.folder, self._place = undo_folder(tree), place
        recover(tree, place)
        self.folder.mkdir(parents=True)
        self._created = (self.folder / CREATED).open("x", encoding="utf-8")

    def _before(self, relative: str) -> Path:
        kept = self.folder.joinpath(BEFORE, *relative.split("/"))
        kept.parent.mkdir(parents=True, exist_ok=True)
        return kept

    def keep(self, relative: str, path: Path) -> None:
        """Keep what is at `path` (`relative` in the tree) before a file is renamed there: the file there, or that
        there was none (listed first, so that a killed run's list has it)."""
        if os.path.lexists(path):
            os.link(path, self._before(relative), follow_symlinks=False)
        else:
            self._created.write(json.dumps(relative) + "\n")
            self._created.flush()

    def remove(self, relative: str, path: Path) -> None:
        """Move the file at `path` (`relative` in the tree) out of the tree, into the undo folder."""
        os.replace(path, self._before(relative))

    def restore(self) -> None:
        """Put the tree back as it was, then remove the undo folder."""
        self._created.close()
        _put_back(self.folder, self._place)
        self.discard()

    def discard(self) -> None:
        """Remove the undo folder: the sync stands."""
        self._created.close()
        _remove(self.folder)


def recover(tree: Path, place: Place) -> None:
    """Deal with the undo folder a killed run left beside `tree`, if any: put the tree back as it was before that
    run's sync if the folder still undoes it, and remove the folder."""
    folder = undo_folder(tree)
    if (folder / CREATED).is_file() and not folder.is_symlink():
        _put_back(folder, place)
    _remove(folder)


def _put_back(folder: Path, place: Place) -> None:
    """Move the files kept in `folder` back into the tree, and remove those the sync created.

    Each step can be done again: a run killed while it put back leaves the rest for the next.
    """
    before = folder / BEFORE
    for here, _, names in os.walk(before):
        for name in names:
            kept = Path(here, name)
            target = place(kept.relative_to(before).as_posix())
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(kept, target)
    with (folder / CREATED).open(encoding="utf-8") as created:
        for line in created:
            try:
                relative = json.loads(line)
            except ValueError:  # a line cut short by a kill: listed before its file was written, so never written
                continue
            place(relative).unlink(missing_ok=True)


def _remove(folder: Path) -> None:
    """Remove the undo folder: `CREATED` first, since a folder without it undoes nothing."""
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.is_dir():
        (folder / CREATED).unlink(missing_ok=True)
        shutil.rmtree(folder)
