"""`make site` of an earlier commit beside this tree's, on the same synthetic corpus, in one run.

The commit is unpacked with `git archive` into a temporary folder (the
repository and its working tree are left as they are), and its own
`bench.project` makes its project: its configuration, its hand-written pages,
its generator, and the corpus its `bench.corpus` writes, which must be byte for
byte the one this tree's writes beside it (else the comparison stops). Both
run with this tree's `.venv`: an older lock may pin no hashes, and `make`
never installs without them, so the packages that both locks pin at different
versions are printed, to be judged (the engine's, MkDocs, Material,
Python-Markdown, Jinja2 and PyYAML, were the same at 6f872cb). The two `site`
commands alternate, so that a change in the machine's load falls on both, and
each keeps its least CPU time.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from bench.measure import REPO, Run, run
from bench.project import make_project

DEFAULT = "6f872cb"
"""The last commit where MkDocs made the publication through a hook (BENCHMARKS.md): issue #16's yardstick."""
ROUNDS = 2
"""How many times each `site` runs, alternating."""
_PIN = re.compile(r"^([A-Za-z0-9_.-]+)==([^\s;\\]+)", re.MULTILINE)
_MAKE_PROJECT = (
    "import sys; from pathlib import Path; from bench.project import make_project; "
    "make_project(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))"
)


@dataclass(frozen=True)
class Comparison:
    commit: str
    baseline: Run
    """The fastest by CPU of the baseline's `site` runs."""
    current: Run
    """The fastest by CPU of this tree's `site` runs."""
    lock_differences: list[str]
    """'package: baseline version -> this tree's version' for each package both locks pin differently."""

    @property
    def ratio(self) -> float:
        return self.current.cpu_seconds / self.baseline.cpu_seconds


def unpack(commit: str, folder: Path) -> str:
    """The tree of `commit` written into `folder`; returns the commit's short hash."""
    short = subprocess.run(
        ["git", "rev-parse", "--short", f"{commit}^{{commit}}"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", short], cwd=REPO, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return short


def _pins(lock: Path) -> dict[str, str]:
    return {
        name.lower().replace("_", "-"): version
        for name, version in _PIN.findall(lock.read_text("utf-8") if lock.is_file() else "")
    }


def lock_differences(baseline: Path) -> list[str]:
    """The packages this tree's site lock pins that the baseline's lock pins at another version."""
    ours, theirs = _pins(REPO / "requirements.lock"), _pins(baseline / "requirements.lock")
    return [
        f"{name} {theirs[name]} -> {version}"
        for name, version in sorted(ours.items())
        if name in theirs and theirs[name] != version
    ]


def _corpus(project: Path) -> str:
    """A digest of the content the corpus writer made (analyses, entities, taxonomy)."""
    digest = hashlib.sha256()
    content = project / "content"
    for path in [content / "entities.yaml", content / "taxonomy.yaml", *sorted(content.glob("analyses/*.yaml"))]:
        digest.update(path.relative_to(content).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def make_baseline_project(baseline: Path, project: Path, analyses: int, seed: int) -> None:
    """The baseline's project, made by the baseline's own code."""
    run("-c", _MAKE_PROJECT, str(project), str(analyses), str(seed), cwd=baseline)


def compare(commit: str, folder: Path, analyses: int, seed: int) -> Comparison:
    """`python -m generator site` of `commit` and of this tree, alternating, each on a fresh project of its own
    with the same corpus, made in `folder`."""
    tree, theirs, ours = folder / "tree", folder / "baseline", folder / "current"
    tree.mkdir(parents=True)
    short = unpack(commit, tree)
    make_baseline_project(tree, theirs, analyses, seed)
    make_project(ours, analyses, seed)
    if _corpus(theirs) != _corpus(ours):
        raise RuntimeError(f"{short}'s bench.corpus wrote another corpus: the builds can't be compared")
    # Each commit's own generator: the baseline's from its tree, this tree's from the repository.
    builds = {"baseline": (theirs, tree), "current": (ours, REPO)}
    for project, code in builds.values():  # as `make site` usually runs: checked files cached, docs/ written
        run("-m", "generator", "--root", str(project), "validate", cwd=code)
        run("-m", "generator", "--root", str(project), "generate", cwd=code)
    runs: dict[str, list[Run]] = {"baseline": [], "current": []}
    for _ in range(ROUNDS):
        for name, (project, code) in builds.items():
            runs[name].append(run("-m", "generator", "--root", str(project), "site", cwd=code))
    return Comparison(
        commit=short,
        baseline=min(runs["baseline"], key=lambda result: result.cpu_seconds),
        current=min(runs["current"], key=lambda result: result.cpu_seconds),
        lock_differences=lock_differences(tree),
    )
