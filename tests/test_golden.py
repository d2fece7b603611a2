"""Golden test: the generated Markdown of the fixture project, byte for byte.

After an intended change to templates or rendering, update the stored pages
with `make golden` and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from projects import make_project, render_pages

from generator.paging import PAGE_LIMITS_VARIABLE

GOLDEN = Path(__file__).parent / "golden" / "basic"
GOLDEN_PAGED = Path(__file__).parent / "golden" / "paged"
PAGED_LISTINGS = ("archive/", "partners/contoso")
"""The listings recorded paged: the archive (a year split into months) and a partner (years with entries)."""
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
BUILD_DATE = "1796083200"
"""1 December 2026, 00:00 UTC: which signals are overdue depends on the day of the build."""


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE)


def test_generated_markdown_matches_golden(project):
    pages, problems = render_pages(project)
    assert problems == []
    _match_golden(pages, GOLDEN)


def test_paged_listings_match_golden(tmp_path, monkeypatch):
    """The basic fixture with one analysis of 2025 more, every listing's limits set to 1 (generator/paging.py)."""
    monkeypatch.setenv(PAGE_LIMITS_VARIABLE, "1,1")
    pages, problems = render_pages(make_project(tmp_path / "project", adding="listings"))
    assert problems == [] and pages is not None
    _match_golden({path: markdown for path, markdown in pages.items() if path.startswith(PAGED_LISTINGS)}, GOLDEN_PAGED)


def _match_golden(pages: dict[str, str], golden: Path) -> None:
    """`pages` equal the Markdown recorded under `golden`, or, with UPDATE_GOLDEN set, are recorded there."""
    if UPDATE:
        for old in golden.rglob("*.md"):
            old.unlink()
        for path, markdown in pages.items():
            (golden / path).parent.mkdir(parents=True, exist_ok=True)
            (golden / path).write_text(markdown, encoding="utf-8")
    stored = {p.relative_to(golden).as_posix(): p.read_text("utf-8") for p in golden.rglob("*.md")}
    assert sorted(pages) == sorted(stored), "pages added or removed: run `make golden` and review"
    for path in sorted(pages):
        assert pages[path] == stored[path], f"{path} differs from tests/golden/{golden.name}/{path}: run `make golden`"


def test_generation_is_deterministic(project):
    first, _ = render_pages(project)
    second, _ = render_pages(project)
    assert first == second


def test_drafts_only_when_asked(project):
    public, _ = render_pages(project)
    preview, _ = render_pages(project, include_drafts=True)
    assert "analyses/tailspin-fabrikam-stake.md" not in public
    assert not any("Draftonlyword" in page or "tailspin-fabrikam-stake" in page for page in public.values())
    assert "analyses/tailspin-fabrikam-stake.md" in preview
    assert "<strong>Draft:</strong>" in preview["analyses/tailspin-fabrikam-stake.md"]
