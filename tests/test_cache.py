"""The cache of checked files: an unchanged file is not read again, and nothing else changes."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import pytest
from projects import FIXTURES

from generator import cache, validate
from generator.validate import check_content, load_content

CHIPS = "content/analyses/contoso-fabrikam-chip-supply.yaml"
ANALYSES = len(list((FIXTURES / "basic" / "content" / "analyses").glob("*.yaml")))
"""How many analysis files the fixture has."""


@pytest.fixture
def parses(monkeypatch) -> list[str]:
    """The analysis files parsed (not taken from the cache), in order."""
    parsed: list[str] = []
    real_parse = validate.parse

    def counting_parse(data: bytes, display: str):
        if display.startswith("content/analyses/"):
            parsed.append(display)
        return real_parse(data, display)

    monkeypatch.setattr(validate, "parse", counting_parse)
    return parsed


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.ENVIRONMENT, str(folder))
    return folder


def test_a_second_load_parses_nothing_and_gives_the_same_model(project, own_cache, parses):
    first, problems = load_content(project)
    assert problems == []
    assert len(parses) == ANALYSES
    parses.clear()
    second, problems = load_content(project)
    assert problems == []
    assert parses == []
    assert second == first
    assert [a.pos for a in second.analyses] == [a.pos for a in first.analyses]
    assert second.analyses[0].sources[0].pos == first.analyses[0].sources[0].pos


def test_the_cached_model_equals_the_model_read_without_a_cache(project, own_cache, monkeypatch):
    load_content(project)
    cached, _ = load_content(project)
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    uncached, _ = load_content(project)
    assert cached == uncached
    assert repr(cached) == repr(uncached)  # positions too, which equality leaves out


def test_an_edited_file_alone_is_read_again(project, own_cache, parses):
    load_content(project)
    parses.clear()
    path = project / CHIPS
    path.write_text(path.read_text("utf-8").replace("title: ", "title: Revised ", 1), "utf-8")
    content, problems = load_content(project)
    assert problems == []
    assert parses == [CHIPS]
    assert next(a for a in content.analyses if a.path == CHIPS).title.startswith("Revised ")


def test_a_file_with_problems_is_never_cached_and_reported_every_time(project, own_cache, parses):
    path = project / CHIPS
    path.write_text(path.read_text("utf-8").replace("partners:", "partnres:", 1), "utf-8")
    for _ in range(2):
        _, problems = load_content(project)
        assert [p.plain() for p in problems] == [
            f"{CHIPS}:1:1: error: missing required field 'partners'",
            f"{CHIPS}:8:1: error: unknown field 'partnres' (did you mean 'partners'?)",
        ]
    assert parses.count(CHIPS) == 2 and len(parses) == ANALYSES + 1


def test_references_of_a_cached_file_are_checked_again(project, own_cache, parses):
    load_content(project)
    entities = project / "content" / "entities.yaml"
    entities.write_text(entities.read_text("utf-8").replace("fabrikam:", "fabrikan:", 1), "utf-8")
    parses.clear()
    _, problems = load_content(project)
    assert parses == []
    assert f"{CHIPS}:8:21: error: unknown partner 'fabrikam' (did you mean 'fabrikan'?)" in [
        p.plain() for p in problems
    ]


def test_a_symbolic_link_is_refused_even_when_its_bytes_were_cached(project, own_cache, tmp_path):
    load_content(project)
    path = project / CHIPS
    elsewhere = tmp_path / "outside.yaml"
    elsewhere.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(elsewhere)
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == [
        f"{CHIPS}: error: file is a symbolic link; content files must be regular files"
    ]


def stores(own_cache: Path) -> list[Path]:
    (folder,) = own_cache.iterdir()
    return sorted(folder.iterdir())


def test_the_cache_lives_outside_the_project_and_is_rewritten_only_when_something_changed(project, own_cache):
    load_content(project)
    stored = stores(own_cache)
    assert [path.name for path in stored] == ["facts.json", "models.json"]
    assert not stored[0].is_relative_to(project)
    before = [path.stat().st_mtime_ns for path in stored]
    load_content(project)
    assert [path.stat().st_mtime_ns for path in stored] == before
    (project / CHIPS).unlink()
    load_content(project)
    for path in stored:
        assert CHIPS not in json.loads(path.read_text("utf-8"))["files"]


def test_checking_never_reads_the_models(project, own_cache, parses):
    checked, problems = check_content(project)
    assert problems == [] and (checked.analyses, checked.entities) == (ANALYSES, 5)
    _facts, models = stores(own_cache)
    models.unlink()
    parses.clear()
    checked, problems = check_content(project)
    assert problems == [] and checked.analyses == ANALYSES
    assert parses == [] and not models.exists()
    content, problems = load_content(project)
    assert len(content.analyses) == ANALYSES and len(parses) == ANALYSES and models.exists()


@pytest.mark.parametrize(
    "damage",
    [
        b"not json at all",
        b'{"generator": "another version", "files": {}}',
        b"[]",
        b"{}",
    ],
)
def test_a_damaged_or_foreign_cache_counts_as_empty(project, own_cache, parses, damage):
    load_content(project)
    for stored in stores(own_cache):
        stored.write_bytes(damage)
    parses.clear()
    content, problems = load_content(project)
    assert problems == [] and len(content.analyses) == ANALYSES
    assert len(parses) == ANALYSES


@pytest.mark.parametrize(
    "store, damage",
    [
        ("models.json", {"@": "NotAModelType", "title": "Injected"}),
        ("models.json", {"@": "Pos", "path": "Injected", "line": 1, "col": 1}),
        ("models.json", {"@": "Analysis", "title": "Injected"}),
        ("facts.json", "Injected"),
        ("facts.json", ["Injected"]),
    ],
)
def test_an_entry_that_does_not_decode_counts_as_empty(project, own_cache, parses, store, damage):
    load_content(project)
    stored = next(path for path in stores(own_cache) if path.name == store)
    document = json.loads(stored.read_text("utf-8"))
    if store == "models.json":
        document["files"][CHIPS][1] = damage
    else:
        document["files"][CHIPS][2] = damage
    stored.write_text(json.dumps(document), "utf-8")
    parses.clear()
    content, problems = load_content(project)
    assert problems == []
    assert "Injected" not in repr(content)
    assert parses == [CHIPS] or len(parses) == ANALYSES


def test_an_empty_setting_turns_the_cache_off(project, monkeypatch, tmp_path, parses):
    monkeypatch.setenv(cache.ENVIRONMENT, "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    load_content(project)
    load_content(project)
    assert len(parses) == 2 * ANALYSES
    assert not (tmp_path / "home").exists()


def test_without_a_setting_the_cache_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENVIRONMENT, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.folder() == tmp_path / "xdg" / "partnership-watch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.folder() == tmp_path / "home" / ".cache" / "partnership-watch"


def imported_modules(name: str) -> set[str]:
    """The modules of the generator package that its module `name` imports, anywhere in its code."""
    found: set[str] = set()
    for node in ast.walk(ast.parse((cache.PACKAGE / f"{name}.py").read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[1] for alias in node.names if alias.name.startswith("generator."))
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0:  # absolute: only the package's own imports count
                if module != "generator" and not module.startswith("generator."):
                    continue
                module = module.removeprefix("generator").lstrip(".")
            if module:  # from .model import X, from generator.model import X
                found.add(module.split(".")[0])
            else:  # from . import schema, text: the names that are modules
                found.update(alias.name for alias in node.names if (cache.PACKAGE / f"{alias.name}.py").is_file())
    return found


def validation_imports() -> set[str]:
    """Validation and the cache, and every module of the package they import, directly or through another."""
    closure: set[str] = set()
    pending = ["__init__", "validate", "cache"]  # importing any module of the package runs its __init__
    while pending:
        name = pending.pop()
        closure.add(name)
        pending.extend(imported_modules(name) - closure)
    return closure


def test_the_version_covers_exactly_the_modules_validation_runs() -> None:
    imported = validation_imports()
    assert {"validate", "schema", "source", "model", "text", "problems", "cache"} <= imported
    assert imported - set(cache.CHECKING_MODULES) == set(), "validation imports them: add them to CHECKING_MODULES"
    assert set(cache.CHECKING_MODULES) - imported == set(), "validation no longer imports them: take them out"


def test_the_version_changes_with_the_checking_code_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = tmp_path / "generator"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    hashed = {path.name for path in cache._versioned_files() if path.parent == package}
    assert {"validate.py", "schema.py", "source.py", "model.py"} <= hashed
    assert not {"render.py", "feeds.py", "opendata.py", "publication.py"} & hashed
    for module, checks in [
        ("render", False),
        ("feeds", False),
        ("opendata", False),
        ("publication", False),
        ("validate", True),
        ("schema", True),
        ("source", True),
        ("model", True),
        ("text", True),
    ]:
        before = cache._generator_version()
        with (package / f"{module}.py").open("a", encoding="utf-8") as file:
            file.write("\n# edited\n")
        assert (cache._generator_version() != before) is checks, module


def test_a_kept_cache_gives_an_unchanged_analysis_as_the_same_object_and_reads_only_what_changed(project, own_cache):
    load_content(project)  # the stores are on disk, as a preview finds them
    kept = cache.CheckedFiles.of(project, write_later=True)
    first, _ = load_content(project, checked_files=kept)
    stored = stores(own_cache)
    written = [path.stat().st_mtime_ns for path in stored]
    path = project / CHIPS
    path.write_text(path.read_text("utf-8").replace("title: ", "title: Revised ", 1), "utf-8")
    second, problems = load_content(project, checked_files=kept)
    assert problems == []
    for before, after in zip(first.analyses, second.analyses, strict=True):
        assert (after is before) == (after.path != CHIPS)
    assert next(a for a in second.analyses if a.path == CHIPS).title.startswith("Revised ")
    # A preview's runs leave the stores as they were until it writes them, when it stops.
    assert [path.stat().st_mtime_ns for path in stored] == written
    kept.write()
    assert [path.stat().st_mtime_ns for path in stored] != written
    third, _ = load_content(project)  # a later run, from the stores
    assert third == second


def test_a_kept_cache_forgets_a_file_that_is_gone(project, own_cache):
    kept = cache.CheckedFiles.of(project, write_later=True)
    load_content(project, checked_files=kept)
    (project / CHIPS).unlink()
    content, _ = load_content(project, checked_files=kept)
    assert CHIPS not in {a.path for a in content.analyses}
    kept.write()
    for path in stores(own_cache):
        assert CHIPS not in json.loads(path.read_text("utf-8"))["files"]
