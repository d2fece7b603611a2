"""Shared fixtures: fictional projects built from tests/fixtures, never from content/."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from projects import FIXTURES, ROOT, make_project, run_generator  # noqa: F401 (FIXTURES, ROOT: for tests that import them from here)

from generator import cache

# Property tests check behaviour, not speed: on a shared machine an example may take longer than Hypothesis's
# default 200 ms deadline for reasons that have nothing to do with the code.
settings.register_profile("behaviour", deadline=None)
settings.load_profile("behaviour")


@pytest.fixture(scope="session", autouse=True)
def checked_files_cache(tmp_path_factory) -> Iterator[Path]:
    """The generator's cache of checked files goes to a temporary folder, for every command the tests run."""
    folder = tmp_path_factory.mktemp("cache")
    previous = os.environ.get(cache.ENVIRONMENT)
    os.environ[cache.ENVIRONMENT] = str(folder)
    yield folder
    if previous is None:
        del os.environ[cache.ENVIRONMENT]
    else:
        os.environ[cache.ENVIRONMENT] = previous


AS_OF = dt.date(2026, 12, 1)
"""The day every build the tests make is "as of" (which signals are overdue), as the golden pages are: the
fixture's signals don't change state with the calendar."""


@pytest.fixture(scope="session", autouse=True)
def pinned_build_date() -> Iterator[dt.date]:
    """SOURCE_DATE_EPOCH, the build's date, set to AS_OF for every build the tests run, in this process or not."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(dt.datetime.combine(AS_OF, dt.time(), dt.UTC).timestamp()))
    yield AS_OF
    if previous is None:
        del os.environ["SOURCE_DATE_EPOCH"]
    else:
        os.environ["SOURCE_DATE_EPOCH"] = previous


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The basic fixture built once with `python -m generator site`; returns the project folder."""
    built = make_project(tmp_path_factory.mktemp("built") / "project")
    result = run_generator(built, "site")
    assert result.returncode == 0, result.stderr
    return built


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """The basic fixture's offline edition, made once with `python -m generator offline`."""
    made = make_project(tmp_path_factory.mktemp("offline") / "project")
    result = run_generator(made, "offline")
    assert result.returncode == 0, result.stderr
    return made / "dist" / "partnership-watch-offline.zip"


@pytest.fixture(scope="session")
def site(built_site) -> Path:
    """The site/ folder of the basic fixture's build."""
    return built_site / "site"


@pytest.fixture(scope="session")
def content(built_site):
    """The basic fixture's content, as the build read it."""
    from generator.validate import load_content

    loaded, problems = load_content(built_site)
    assert problems == []
    return loaded


@pytest.fixture(scope="session")
def hostile_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The sites built from tests/hostile/payloads.yaml in every text field, and from plain words instead."""
    from hostile_project import BENIGN, PAYLOADS, make_hostile_project

    hostile = make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    benign = make_hostile_project(tmp_path_factory.mktemp("benign") / "project", [BENIGN] * len(PAYLOADS))
    for built in (hostile, benign):
        result = run_generator(built, "site")
        assert result.returncode == 0, result.stdout + result.stderr
    return hostile / "site", benign / "site"


SLOW = ("browser/", "test_preview.py", "test_cli.py", "test_killed_builds.py", "test_bench.py", "test_zensical.py")
"""Tests that start a browser, a server or whole builds: `make check` leaves them to `make test`."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        relative = item.path.relative_to(Path(__file__).parent).as_posix()
        if relative.startswith(SLOW):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(params=["libyaml", "pure-python"])
def either_parser(request, monkeypatch):
    """The loader with libyaml, then with PyYAML's own parser: what it reports must not depend on which
    (the two word their errors differently)."""
    import yaml

    from generator import source

    if request.param == "pure-python":
        monkeypatch.setattr(source, "_Loader", yaml.SafeLoader)
    elif not yaml.__with_libyaml__:
        pytest.skip("PyYAML is built without libyaml")


@pytest.fixture
def generator_modules_kept():
    """The generator's modules as they were before the test, put back after it: a preview run in this process
    (`make profile`'s, tests/test_preview.py's) imports them afresh (preview._fresh_generator), and the tests that
    follow must find the modules they imported, whose attributes they patch, in sys.modules and on the package."""
    package = sys.modules["generator"]
    kept = {name: module for name, module in sys.modules.items() if name.startswith("generator.")}
    yield
    for name in [name for name in sys.modules if name.startswith("generator.")]:
        del sys.modules[name]
    for name, module in kept.items():
        sys.modules[name] = module
        if name.count(".") == 1:
            setattr(package, name.removeprefix("generator."), module)
