"""A throwaway project folder: this repository's site configuration with a synthetic content/."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.corpus import write_content
from generator.pipeline import is_generated

REPO = Path(__file__).resolve().parent.parent


def make_project(folder: Path, analyses: int, seed: int = 7) -> list[Path]:
    """Copy the mkdocs*.yml files, overrides/ and the hand-written docs/ into `folder`, link generator/, write content/.

    The generator is linked, not copied, so the MkDocs hook runs this
    repository's code. Returns the analysis files.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for config in sorted(REPO.glob("mkdocs*.yml")):
        shutil.copy2(config, folder / config.name)
    shutil.copytree(REPO / "overrides", folder / "overrides", dirs_exist_ok=True)
    docs = REPO / "docs"
    for path in sorted(docs.rglob("*")):
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and not is_generated(relative):
            target = folder / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    (folder / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    return write_content(folder, analyses, seed)
