"""The locks: requirements.lock holds only what builds the site, requirements-dev.lock the tools that check the code,
both pinned with every file's hash, from pyproject.toml's ranges, and agreeing where they meet; the Makefile installs
them with --require-hashes, and `make site` only the first.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

sys.path.insert(0, str(ROOT / "tools"))
import lock  # a script, imported from its folder as make runs it

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
SITE, DEV = ROOT / lock.SITE_LOCK, ROOT / lock.DEV_LOCK
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


def pins(path: Path) -> dict[str, tuple[str, list[str]]]:
    """Each package the lock pins: normalized name -> (version, hashes)."""
    text = re.sub(r"\\\n", " ", path.read_text("utf-8"))
    found: dict[str, tuple[str, list[str]]] = {}
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-c "):
            continue
        requirement, *options = line.split()
        name, equals, version = requirement.partition("==")
        assert equals and re.fullmatch(r"[A-Za-z0-9_.-]+", name), f"{path.name}: {line!r} is no exact pin"
        assert all(HASH.fullmatch(option) for option in options), f"{path.name}: {line!r}"
        found[canonicalize_name(name)] = (version, options)
    return found


def listed(group: str) -> list[str]:
    """pyproject.toml's ranges: the site's dependencies, or those of every extra (the tools that check the code)."""
    project = PYPROJECT["project"]
    if group == "site":
        return list(project["dependencies"])
    return [text for extra in project["optional-dependencies"].values() for text in extra]


def requirements(group: str) -> list[Requirement]:
    return [Requirement(text) for text in listed(group)]


def closure(wanted: list[Requirement]) -> set[str]:
    """The installed distributions `wanted` needs, and theirs, as this machine's pip would choose them."""
    needed: set[str] = set()
    queue = list(wanted)
    while queue:
        requirement = queue.pop()
        name = canonicalize_name(requirement.name)
        if name in needed:
            continue
        needed.add(name)
        for text in importlib.metadata.distribution(name).requires or []:
            dependency = Requirement(text)
            if dependency.marker is None or dependency.marker.evaluate({"extra": ""}):
                queue.append(dependency)
    return needed


@pytest.mark.parametrize("path", [SITE, DEV], ids=lambda path: path.name)
def test_every_pin_is_exact_with_the_hashes_of_its_files(path: Path) -> None:
    pinned = pins(path)
    assert pinned
    for name, (_, hashes) in pinned.items():
        assert hashes, f"{path.name}: {name} has no --hash"
    assert "make lock" in path.read_text("utf-8")


def test_the_site_lock_holds_what_builds_the_site_and_nothing_else() -> None:
    site = pins(SITE)
    assert set(site) == closure(requirements("site"))
    tools = {canonicalize_name(requirement.name) for requirement in requirements("dev")}
    assert {"pytest", "playwright", "zizmor", "hypothesis", "ruff", "mypy", "pyinstrument"} <= tools
    assert not tools & set(site), "a tool that checks the code is in the site's lock"


def test_the_dev_lock_holds_the_tools_and_agrees_with_the_site_lock() -> None:
    site, dev = pins(SITE), pins(DEV)
    assert set(dev) == closure(requirements("dev"))
    for name in set(site) & set(dev):
        assert site[name][0] == dev[name][0], (
            f"{name}: {site[name][0]} in the site's lock, {dev[name][0]} in the dev lock"
        )
    assert re.search(r"^\s*#\s+-c requirements\.lock$", DEV.read_text("utf-8"), re.MULTILINE)


@pytest.mark.parametrize("group", ["site", "dev"])
def test_each_pin_is_in_its_range_in_pyproject(group: str) -> None:
    pinned = pins(SITE if group == "site" else DEV)
    for requirement in requirements(group):
        version, _ = pinned[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version, prereleases=True), f"{requirement}: {version}"


def test_this_environment_is_installed_from_the_locks() -> None:
    for name, (version, _) in {**pins(SITE), **pins(DEV)}.items():
        assert importlib.metadata.version(name) == version, f"{name}: run make install-dev"


def test_the_lock_tool_takes_its_ranges_from_pyproject() -> None:
    inputs = lock.inputs(PYPROJECT)
    assert inputs[lock.SITE_LOCK].splitlines() == listed("site")
    assert inputs[lock.DEV_LOCK].splitlines() == [f"-c {lock.SITE_LOCK}", *listed("dev")]


def dry_run(*targets: str) -> str:
    """What `make TARGETS` would run from a fresh clone (make -n -B: nothing is run, everything is out of date)."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *targets], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def installs(commands: str) -> list[str]:
    return [line for line in commands.splitlines() if re.search(r"\bpip install\b", line)]


@pytest.mark.parametrize("target", ["install", "site", "offline", "validate", "generate", "schema", "serve", "new"])
def test_building_the_site_installs_only_its_lock(target: str) -> None:
    found = installs(dry_run(target))
    assert len(found) == 1 and found[0].endswith(f"-r {lock.SITE_LOCK}"), found


@pytest.mark.parametrize("target", ["install-dev", "lint", "check", "test", "bench", "profile", "golden"])
def test_checking_the_code_installs_both_locks(target: str) -> None:
    found = installs(dry_run(target))
    assert [line.split()[-1] for line in found if "requirements-zensical" not in line] == [
        lock.SITE_LOCK,
        lock.DEV_LOCK,
    ]


def test_every_install_of_a_lock_requires_hashes() -> None:
    found = installs(dry_run("install-dev", "test", "zensical"))
    assert len(found) == 3
    for line in found:
        assert "--require-hashes" in line.split(), line
