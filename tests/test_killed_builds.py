"""A build killed at any moment leaves a complete site/, the old one or the new one, never a mix or none, and
docs/ as it was or as the build made it, once the next run has put back what the killed one had not finished
(from its undo folder); the next build removes whatever the killed one left behind (staging folders, temporary
files, the undo folder).

Each run is killed with SIGKILL, which no code can catch: at chosen steps of its work
(tests/killed_build.py, which lists them: MkDocs built, Pagefind indexed, the swap, ...), and at seeded random
moments, MkDocs and Pagefind included.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from projects import ROOT, make_project

from generator import cache
from generator.atomic import TEMPORARY
from generator.paths import OFFLINE_TREE, WEB_TREE, undo_folder
from generator.write import recover

DRIVER = Path(__file__).with_name("killed_build.py")
ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1767225600",  # MkDocs dates the sitemap with it: two builds of the same content are equal
    cache.ENVIRONMENT: "",  # no cache: a run's steps are the same every time
}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    """What a build should not leave in the project: staging or previous sites, temporary files, undo folders."""
    found = [p.name for p in project.iterdir() if p.name.startswith(".site")]
    found += [p.name for p in (undo_folder(project / WEB_TREE), undo_folder(project / OFFLINE_TREE)) if p.exists()]
    return sorted(found + [p.relative_to(project).as_posix() for p in project.rglob("*.tmp")])


def generator(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )


def killed(project: Path, kill_before: int, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """Run the generator, killed before step `kill_before` (0: not killed); the steps it began."""
    steps = project.parent / f"steps-{kill_before}.txt"
    steps.unlink(missing_ok=True)
    result = subprocess.run(
        [sys.executable, str(DRIVER), str(kill_before), str(steps), "--root", str(project), *args],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    return result, steps.read_text("utf-8").splitlines() if steps.exists() else []


def change(project: Path) -> None:
    """A content change that rewrites pages and removes some: a site mixing two builds would show."""
    (project / "content/analyses/contoso-fabrikam-chip-supply.yaml").unlink()
    analysis = project / "content/analyses/northwind-contoso-safety-lab.yaml"
    analysis.write_text(analysis.read_text("utf-8").replace("joint safety lab", "joint evaluation lab"), "utf-8")


class States:
    """A project built from the fixture (its site/ is the old site), and what a build of the changed content makes."""

    def __init__(self, folder: Path):
        self.base = make_project(folder / "base")
        assert generator(self.base, "site").returncode == 0
        self.old, self.old_docs = snapshot(self.base / "site"), snapshot(self.base / "docs")
        reference = self.copy(folder / "reference")
        assert generator(reference, "site").returncode == 0
        self.new, self.new_docs = snapshot(reference / "site"), snapshot(reference / "docs")
        assert self.new != self.old and "index.html" in self.new
        _, self.steps = killed(self.copy(folder / "traced"), 0, "site")
        assert kinds(self.steps).count("built") == 1, self.steps
        assert kinds(self.steps).index("indexed") == kinds(self.steps).index("built") + 1, self.steps  # Pagefind

    def copy(self, destination: Path) -> Path:
        """The base project, built, with its content changed."""
        shutil.copytree(self.base, destination, symlinks=True)
        change(destination)
        return destination

    def check(self, project: Path, how: str) -> None:
        """site/ is the old or the new site, whole, and docs/ too once the next run has put back what the killed
        one left undone (besides write_atomic's temporary files, which MkDocs skips and the next sync removes);
        the next build makes the new ones and leaves nothing behind."""
        site = snapshot(project / "site")
        assert site in (self.old, self.new), f"killed {how}: site/ is neither the old site nor the new one"
        recover(project / "docs")  # what the next run's sync does first
        docs = {
            path: data for path, data in snapshot(project / "docs").items() if not TEMPORARY.fullmatch(Path(path).name)
        }
        assert docs in (self.old_docs, self.new_docs), f"killed {how}: docs/ is neither the old one nor the new one"
        result = generator(project, "site")
        assert result.returncode == 0, result.stderr
        assert snapshot(project / "site") == self.new
        assert snapshot(project / "docs") == self.new_docs
        assert leftovers(project) == [], f"killed {how}: the next build left these behind"


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> States:
    return States(tmp_path_factory.mktemp("killed"))


def kinds(steps: list[str]) -> list[str]:
    return [line.split()[1] for line in steps]


def chosen(steps: list[str], which: str) -> int:
    """The number of the step named by `which` in a build's steps."""
    kinds = [line.split()[1] for line in steps]
    built = kinds.index("built") + 1
    writes = [i + 1 for i, kind in enumerate(kinds[: built - 1]) if kind == "replace"]
    if which == "first write":
        return writes[0]
    if which == "last write":
        return writes[-1]
    if which.startswith("built"):
        return built + int(which.removeprefix("built") or 0)
    if which == "halfway after the build":
        return (built + len(steps)) // 2
    assert which == "last step"
    return len(steps)


@pytest.mark.parametrize(
    "which",
    ["first write", "last write", "built", "built+1", "built+2", "built+3", "halfway after the build", "last step"],
)
def test_a_build_killed_at_any_step_leaves_a_whole_site(states: States, tmp_path: Path, which: str) -> None:
    project = states.copy(tmp_path / "project")
    number = chosen(states.steps, which)
    result, steps = killed(project, number, "site")
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert kinds(steps) == kinds(states.steps[:number]), "the run took other steps than the traced one"
    states.check(project, f"before step {states.steps[number - 1]!r} ({which})")


def test_a_build_killed_at_random_moments_leaves_a_whole_site(states: States, tmp_path: Path) -> None:
    """The whole process group is killed, MkDocs with it, as a CI timeout or a closed terminal would."""
    start = time.monotonic()
    assert generator(states.copy(tmp_path / "timed"), "site").returncode == 0
    duration = time.monotonic() - start
    chance = random.Random(13)
    for attempt in range(5):
        project = states.copy(tmp_path / f"project-{attempt}")
        delay = chance.uniform(0, duration)
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(project), "site"],
            cwd=ROOT,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):  # it finished first
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        states.check(project, f"after {delay:.2f} s of a {duration:.2f} s build")


@pytest.mark.parametrize("which", ["first", "last"])
def test_an_offline_build_killed_while_writing_leaves_nothing_after_the_next(tmp_path: Path, which: str) -> None:
    """The offline edition's tree (dist/offline-docs/) and its zip are written through temporary files too."""
    project = make_project(tmp_path / "project")
    traced = tmp_path / "traced"
    shutil.copytree(project, traced, symlinks=True)
    _, steps = killed(traced, 0, "offline")
    writes = [int(line.split()[0]) for line in steps if line.split()[1] == "replace"]
    number = writes[0] if which == "first" else writes[-1]  # the last is the zip's
    result, _ = killed(project, number, "offline")
    assert result.returncode == -signal.SIGKILL
    assert leftovers(project), "the killed run left a temporary file"
    result = generator(project, "offline")
    assert result.returncode == 0, result.stderr
    assert leftovers(project) == []
    assert (project / "dist/partnership-watch-offline.zip").read_bytes() == (
        traced / "dist/partnership-watch-offline.zip"
    ).read_bytes()
