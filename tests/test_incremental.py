"""`generate` rewrites only what changed: nothing for a second run, and for a new summary only the files showing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from projects import ROOT

from bench.corpus import slug, write_content
from generator.__main__ import main
from generator.paths import COLLECTION, FINDER_DATA, analysis_data, feed_path, page_of
from generator.render import LATEST_ON_HOME
from generator.validate import load_content

ANALYSES = LATEST_ON_HOME + 4
"""Enough that some analyses are not on the home page."""


def generate(project: Path, capsys) -> str:
    assert main(["--root", str(project), "generate"]) == 0
    return capsys.readouterr().err


def snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """Every file under docs/ -> (inode, modification time): a rewrite (atomic replace) changes both."""
    docs = project / "docs"
    return {
        path.relative_to(docs).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in docs.rglob("*")
        if path.is_file()
    }


def changed(before: dict, after: dict) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def showing_the_summary(project: Path, edited: str) -> set[str]:
    """The files besides the analyses index and the home page that show an analysis's summary: its page, its
    partners' and topics' pages (entries), its open data, the analyses index's data, and every feed it is in."""
    content, _ = load_content(project)
    analysis = next(a for a in content.analyses if a.slug == edited)
    feeds = [feed_path(), *(feed_path("partners", key) for key in analysis.partners)]
    feeds += [feed_path("topics", key) for key in analysis.topics]
    return {
        f"analyses/{edited}.md",
        *(page_of("partners", key) for key in analysis.partners),
        *(page_of("topics", key) for key in analysis.topics),
        COLLECTION,
        FINDER_DATA,
        analysis_data(edited),
        *(f"{feed}.{extension}" for feed in feeds for extension in ("xml", "json")),
    }


def edit_summary(project: Path, index: int) -> str:
    path = project / "content" / "analyses" / f"{slug(index)}.yaml"
    text = path.read_text("utf-8")
    assert "summary: >-\n  " in text
    path.write_text(text.replace("summary: >-\n  ", "summary: >-\n  A sharper lede. ", 1), "utf-8")
    return slug(index)


@pytest.fixture
def project(tmp_path, capsys) -> Path:
    write_content(tmp_path, ANALYSES, seed=11)
    for config in ("mkdocs.yml", "mkdocs-offline.yml"):
        (tmp_path / config).write_text((ROOT / config).read_text("utf-8"), "utf-8")
    report = generate(tmp_path, capsys)
    assert f"docs/: {len(snapshot(tmp_path))} written, 0 removed, 0 unchanged" in report
    return tmp_path


def test_a_second_generate_rewrites_nothing(project, capsys):
    before = snapshot(project)
    report = generate(project, capsys)
    assert f"docs/: 0 written, 0 removed, {len(before)} unchanged" in report
    assert changed(before, snapshot(project)) == set()


def test_a_summary_off_the_home_page_rewrites_its_page_data_feeds_and_the_analyses_index(project, capsys):
    before = snapshot(project)
    edited = edit_summary(project, 1)  # the oldest: not among the latest on the home page
    report = generate(project, capsys)
    expected = showing_the_summary(project, edited) | {"analyses/index.md"}
    assert changed(before, snapshot(project)) == expected
    assert f"docs/: {len(expected)} written, 0 removed, {len(before) - len(expected)} unchanged" in report


def test_a_summary_on_the_home_page_also_rewrites_the_home_page(project, capsys):
    before = snapshot(project)
    edited = edit_summary(project, ANALYSES)  # the newest
    generate(project, capsys)
    assert changed(before, snapshot(project)) == showing_the_summary(project, edited) | {
        "analyses/index.md",
        "index.md",
    }


def test_mtimes_are_what_the_snapshot_sees(project, capsys):
    """The snapshot notices a file whose modification time alone changed, so the checks above can fail."""
    before = snapshot(project)
    target = project / "docs" / "analyses" / "index.md"
    os.utime(target, ns=(0, 0))
    assert changed(before, snapshot(project)) == {"analyses/index.md"}
