"""Writes generated files: atomically, only when their bytes change, never outside the output folder."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path


class UnsafePath(ValueError):
    """A generated path that would leave the output folder."""


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


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


def write_atomic(path: Path, data: bytes) -> None:
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


def sync(root: Path, files: dict[str, str], owned_dirs: tuple[str, ...], owned_files: tuple[str, ...]) -> WriteReport:
    """Make the generated part of `root` equal to `files`.

    Writes a file only when its bytes differ, so an unchanged page keeps its
    modification time, and removes files in the folders the generator owns
    that it no longer generates. Everything else under `root` is left alone.
    """
    report = WriteReport()
    confinement = Confinement(root)
    targets = {relative: confinement.path(relative) for relative in files}  # check every path before writing any
    for relative in sorted(files):
        data = files[relative].encode("utf-8")
        target = targets[relative]
        try:
            if target.read_bytes() == data:
                report.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        write_atomic(target, data)
        report.written.append(relative)
    for folder in owned_dirs:
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*"), reverse=True):
            relative = path.relative_to(root).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif relative not in files:
                path.unlink()
                report.removed.append(relative)
        if not any(base.iterdir()):
            base.rmdir()
    for relative in owned_files:
        if relative not in files and (root / relative).exists():
            (root / relative).unlink()
            report.removed.append(relative)
    return report
