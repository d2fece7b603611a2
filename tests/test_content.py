"""The publication's own content: valid, complete, and built under the contract it was written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.validate import load_content

ROOT = Path(__file__).resolve().parent.parent
SHARED_MODEL = ROOT.parent / "shared" / "content-model.md"


def test_content_is_valid():
    content, problems = load_content(ROOT)
    assert [p.plain() for p in problems] == []
    assert content.published, "the publication has at least one published analysis"


def test_seed_analysis_is_complete():
    content, _ = load_content(ROOT)
    analysis = next(a for a in content.analyses if a.slug == "microsoft-openai-next-phase")
    assert set(analysis.partners) == {"microsoft", "openai"}
    assert len(analysis.context) >= 3
    assert {view.stance for view in analysis.expert_views} - {None}
    assert {"businesses", "investors", "policymakers"} <= {i.stakeholder for i in analysis.implications}
    assert analysis.outlook.watch
    assert analysis.sources[0].publisher == "OpenAI" and analysis.sources[0].date == "2026-04"


def test_no_test_fixtures_in_content():
    content, _ = load_content(ROOT)
    assert not {"contoso", "fabrikam"} & set(content.entities)


@pytest.mark.skipif(not SHARED_MODEL.is_file(), reason="shared/content-model.md is not beside this clone")
def test_content_model_copy_matches_the_contract():
    assert (ROOT / "CONTENT-MODEL.md").read_text("utf-8") == SHARED_MODEL.read_text("utf-8")
