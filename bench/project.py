"""A throwaway project folder: this repository's site configuration with a synthetic content/."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import write_content

REPO = Path(__file__).resolve().parent.parent


def make_project(folder: Path, analyses: int, seed: int = 7) -> list[Path]:
    """Copy the mkdocs*.yml files, overrides/, assets/ and the hand-written pages into `folder`, link generator/,
    write content/.

    The generator is linked, not copied, so that it is this repository's
    code. Returns the analysis files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for config in sorted(REPO.glob("mkdocs*.yml")):
        shutil.copy2(config, folder / config.name)
    for copied in ("overrides", "assets", "content/pages"):
        shutil.copytree(REPO / copied, folder / copied, dirs_exist_ok=True)
    (folder / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    return write_content(folder, analyses, seed)
