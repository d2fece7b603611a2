"""The publication's own content: valid, complete, and built under the contract it was written for."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.model import STANCES
from generator.validate import load_content

ROOT = Path(__file__).resolve().parent.parent
SHARED_MODEL = ROOT.parent / "shared" / "content-model.md"


def test_content_is_valid():
    content, problems = load_content(ROOT)
    assert [p.plain() for p in problems] == []
    assert content.published, "the publication has at least one published analysis"


SEED = "microsoft-openai-next-phase"
MAIN_STAKEHOLDERS = {"businesses", "investors", "policymakers"}
"""Those the seed analysis must speak to; it may speak to others too."""


def test_seed_analysis_is_complete() -> None:
    """The seed analysis has every part a reader expects, whatever its words say."""
    content, problems = load_content(ROOT)
    assert problems == []
    analysis = next(a for a in content.published if a.slug == SEED)
    assert set(analysis.partners) == {"microsoft", "openai"}
    assert analysis.title.strip() and analysis.summary.strip()
    assert len(analysis.context) >= 3 and all(paragraph.text.strip() for paragraph in analysis.context)
    assert len(analysis.expert_views) >= 2
    for view in analysis.expert_views:
        assert view.source.strip() and view.view.strip()
        assert view.stance in STANCES, f"{view.source}: no stance"
    points = {i.stakeholder: i.points for i in analysis.implications}
    assert set(points) >= MAIN_STAKEHOLDERS
    for stakeholder in MAIN_STAKEHOLDERS:
        assert points[stakeholder] and all(point.strip() for point in points[stakeholder]), stakeholder
    assert analysis.outlook.summary.strip()
    assert analysis.outlook.watch and all(signal.signal.strip() for signal in analysis.outlook.watch)
    assert any(source.publisher.strip() and source.date for source in analysis.sources)


def test_no_test_fixtures_in_content():
    content, _ = load_content(ROOT)
    assert not {"contoso", "fabrikam"} & set(content.entities)


@pytest.mark.skipif(not SHARED_MODEL.is_file(), reason="shared/content-model.md is not beside this clone")
def test_content_model_copy_matches_the_contract():
    assert (ROOT / "CONTENT-MODEL.md").read_text("utf-8") == SHARED_MODEL.read_text("utf-8")
