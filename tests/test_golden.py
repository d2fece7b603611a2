"""Golden test: the generated Markdown of the fixture project, byte for byte.

After an intended change to templates or rendering, update the stored pages
with `make golden` and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from projects import render_pages

GOLDEN = Path(__file__).parent / "golden" / "basic"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
BUILD_DATE = "1796083200"
"""1 December 2026, 00:00 UTC: which signals are overdue depends on the day of the build."""


@pytest.fixture(autouse=True)
def build_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE)


def test_generated_markdown_matches_golden(project):
    pages, problems = render_pages(project)
    assert problems == []
    if UPDATE:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, markdown in pages.items():
            (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / path).write_text(markdown, encoding="utf-8")
    stored = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(stored), "pages added or removed: run `make golden` and review"
    for path in sorted(pages):
        assert pages[path] == stored[path], (
            f"{path} differs from tests/golden/basic/{path}: run `make golden` and review"
        )


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
