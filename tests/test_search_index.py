"""The search index carries each analysis's text once, on its own page: listings repeat it, so they stay out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import text
from generator.validate import load_content


@pytest.fixture(scope="module")
def index(built_site: Path) -> list[dict]:
    return json.loads((built_site / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]


@pytest.fixture(scope="module")
def published(built_site: Path):
    content, problems = load_content(built_site)
    assert problems == []
    return content.published


def test_titles_and_summaries_are_found_only_on_their_own_page(index, published):
    assert len(published) >= 2
    for analysis in published:
        for value in (analysis.title, analysis.summary):
            words = text.to_plain(value)[:40]
            found = {doc["location"].split("#")[0] for doc in index if words in doc["title"] + doc["text"]}
            assert found == {f"analyses/{analysis.slug}/"}, (value, found)


def test_listing_pages_are_still_found_by_their_own_words(index):
    locations = {doc["location"] for doc in index}
    assert {"partners/contoso/", "topics/semiconductors/", "stakeholders/investors/", "archive/"} <= locations
    assert "watch/record/" in locations  # its counts are its own words
    assert not any(
        location.startswith(("watch/#", "watch/record/#resolved")) or location == "watch/" for location in locations
    )


def test_excluded_sections_keep_their_anchors(built_site: Path, published):
    page = (built_site / "site" / "analyses" / published[0].slug / "index.html").read_text("utf-8")
    assert 'id="related"' in page and 'id="sources"' in page
