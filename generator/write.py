"""Writes generated files: atomically, only when their bytes change, never outside the output folder."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import undo
from .atomic import TEMPORARY, write_atomic
from .undo import Undo


class UnsafePath(ValueError):
    """A generated path that would leave the output folder."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    replaced: dict[str, bytes | None] = field(default_factory=dict)
    """What each written or removed file held before (None: it didn't exist), for `restore`: when what the
    folder holds was given (`held`), kept in memory like it."""
    undo: Undo | None = None
    """Otherwise what `restore` puts back, kept on disk beside the folder until `commit` or `restore`."""


class Confinement:
    """Paths under one folder, refusing any that could resolve outside it.

    Each folder is resolved once, however many files it holds: a build
    writes a thousand pages into a handful of folders.
    """

    def __init__(self, root: Path):
        self.root = root
        self._resolved_root = root.resolve()
        self._folders_inside: dict[Path, bool] = {}

    def path(self, relative: str) -> Path:
        """`root / relative`, or UnsafePath."""
        parts = relative.split("/")
        if any(part in ("", ".", "..") for part in parts) or "\\" in relative or "\0" in relative:
            raise UnsafePath(f"refusing to write {relative!r}: not a plain relative path")
        target = self.root.joinpath(*parts)
        # With no '.' or '..' in it, the path leaves root only through a link: in a folder on the way, or the file.
        inside = self._folders_inside.get(target.parent)
        if inside is None:
            inside = self._folders_inside[target.parent] = target.parent.resolve().is_relative_to(self._resolved_root)
        if not inside or (target.is_symlink() and not target.resolve().is_relative_to(self._resolved_root)):
            raise UnsafePath(f"refusing to write {relative!r}: it resolves outside {self.root}")
        return target


def confined(root: Path, relative: str) -> Path:
    """`root / relative`, refusing anything that could resolve outside `root`."""
    return Confinement(root).path(relative)


def sync(
    root: Path,
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    held: Mapping[str, bytes] | None = None,
    *,
    undoable: bool = False,
) -> WriteReport:
    """Make the folder `root` hold exactly `files` (path relative to it -> bytes), and nothing else.

    `files` may be made one at a time as they are written (pairs of path and bytes): a large publication
    is never in memory whole, only the names of its files. Writes a file only when its bytes differ, so an
    unchanged page keeps its modification time (a dirty preview renders only what changed), and removes
    every other file and every folder left empty, and the temporary files of a run that was killed (not
    counted as removed, and never restored). A sync that fails (a path that would leave `root`, the same
    path twice, an error while the files are made) undoes what it wrote before raising. The folder is the
    generator's alone: an edition's tree.

    `held` is what the folder holds, when that is known: the live preview's
    tree, which only the preview's own syncs write, each with what the last
    one wrote. The folder is then compared with it, not read, and what the sync replaced is kept in memory.
    Otherwise it is kept on disk (generator/undo.py), and a killed run's is dealt with first: the folder is put
    back as it was before that run. `undoable`: the folder can be put back as it was (`restore`) until `commit`;
    otherwise the sync lets go of that once it has succeeded.
    """
    confinement = Confinement(root)
    report = WriteReport(undo=Undo(root, confinement.path) if held is None else None)
    try:
        kept = _write_changed(confinement, files, held, report)
        if report.undo is not None:
            _remove_all_but(root, kept, report.undo, report)
        elif held is not None:
            _remove_held_but(root, confinement, held, kept, report)
    except BaseException:
        restore(root, report)
        raise
    report.written.sort()
    report.removed.sort()
    if not undoable:
        commit(report)
    return report


def update(root: Path, files: Mapping[str, bytes], held: Mapping[str, bytes]) -> WriteReport:
    """Write `files` into the folder `root` where they differ from `held`, what it holds, and remove nothing:
    some files of a publication, the others written later by a `sync` (the live preview's first pass). A failed
    update undoes what it wrote, as `sync` does; what it replaced is kept in memory, as a preview's sync keeps it."""
    report = WriteReport()
    try:
        _write_changed(Confinement(root), files, held, report)
    except BaseException:
        restore(root, report)
        raise
    report.written.sort()
    return report


def _write_changed(
    confinement: Confinement,
    files: Mapping[str, bytes] | Iterable[tuple[str, bytes]],
    held: Mapping[str, bytes] | None,
    report: WriteReport,
) -> set[str]:
    """Write each file whose bytes differ from what the folder holds (`held`, or read when None), keeping what it
    replaces for `restore` (in the report's undo folder, or else in memory); the paths of `files`."""
    kept: set[str] = set()
    for relative, data in files.items() if isinstance(files, Mapping) else files:
        if relative in kept:
            raise ValueError(f"two files at {relative!r}")
        target = confinement.path(relative)
        kept.add(relative)
        if held is not None:
            previous = held.get(relative)
            unchanged = previous == data
        else:
            unchanged = _holds(target, data)
        if unchanged:
            report.unchanged += 1
            continue
        if report.undo is not None:
            report.undo.keep(relative, target)
        else:
            report.replaced[relative] = previous
        write_atomic(target, data)
        report.written.append(relative)
    return kept


def _remove_held_but(
    root: Path, confinement: Confinement, held: Mapping[str, bytes], kept: set[str], report: WriteReport
) -> None:
    """Remove every file of `held` that isn't one of `kept`, and its folders left empty."""
    for relative in sorted(held.keys() - kept):
        path = confinement.path(relative)
        path.unlink(missing_ok=True)
        report.replaced[relative] = held[relative]
        report.removed.append(relative)
        remove_emptied_folders(path, root)


def remove_emptied_folders(path: Path, top: Path) -> None:
    """Remove the folders of the removed file `path`, below `top`, that it left empty, deepest first; a folder
    that was never made (a page whose build was cut short) is passed over."""
    for folder in path.relative_to(top).parents[:-1]:  # never `top` itself, nor what is above it
        try:
            (top / folder).rmdir()
        except FileNotFoundError:
            continue
        except OSError:  # not empty: neither it nor those above it were left empty
            return


def _remove_all_but(root: Path, kept: set[str], undo: Undo, report: WriteReport) -> None:
    """Remove every file under `root` that isn't one of `kept` (into the undo folder), and every folder left empty."""
    for folder, subfolders, names in os.walk(root, topdown=False):
        here = Path(folder)
        for entry in names:
            path = here / entry
            relative = path.relative_to(root).as_posix()
            if TEMPORARY.fullmatch(entry) and relative not in kept:
                path.unlink()
            elif relative not in kept:
                undo.remove(relative, path)
                report.removed.append(relative)
        for entry in subfolders:
            path = here / entry
            if path.is_symlink():
                path.unlink()
            elif not any(path.iterdir()):
                path.rmdir()


_CHUNK = 1 << 20


def _holds(path: Path, data: bytes) -> bool:
    """Whether the file `path` holds exactly `data`, read a chunk at a time: never a second copy of a large file."""
    try:
        with path.open("rb") as stream:
            if os.fstat(stream.fileno()).st_size != len(data):
                return False
            view = memoryview(data)
            return all(stream.read(_CHUNK) == view[start : start + _CHUNK] for start in range(0, len(data), _CHUNK))
    except (FileNotFoundError, IsADirectoryError):
        return False


def restore(root: Path, report: WriteReport) -> None:
    """Undo a `sync`: the files it wrote or removed hold what they held before, and those it created are gone."""
    if report.undo is not None:
        report.undo.restore()
        return
    confinement = Confinement(root)
    for relative, previous in report.replaced.items():
        target = confinement.path(relative)
        if previous is None:
            target.unlink(missing_ok=True)
        else:
            write_atomic(target, previous)


def commit(report: WriteReport) -> None:
    """Let a `sync` stand: let go of what would undo it."""
    if report.undo is not None:
        report.undo.discard()


def recover(root: Path) -> None:
    """Put the folder `root` back as it was before the sync of a run that was killed, if one left that undone."""
    undo.recover(root, Confinement(root).path)
