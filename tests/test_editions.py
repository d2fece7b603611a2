"""Passages of hand-written pages true of the web edition only: kept there, dropped offline, markers checked."""

from __future__ import annotations

import pytest

from generator.editions import END, START, MarkerError, for_edition

PAGE = f"Intro.\n\n{START}\n## Feeds\n\nFollow the feeds.\n{END}\n\n## Versions\n"


def test_the_web_edition_keeps_the_passage_without_its_markers():
    assert for_edition(PAGE, True, "docs/p.md") == "Intro.\n\n## Feeds\n\nFollow the feeds.\n\n## Versions\n"


def test_the_offline_edition_drops_the_passage_and_its_markers():
    assert for_edition(PAGE, False, "docs/p.md") == "Intro.\n\n\n## Versions\n"


def test_markers_may_be_indented_and_a_page_without_them_is_left_as_it_is():
    assert for_edition(f"a\n  {START}\nb\n{END}  \nc\n", False, "docs/p.md") == "a\nc\n"
    assert for_edition("<!-- a comment -->\n", False, "docs/p.md") == "<!-- a comment -->\n"


@pytest.mark.parametrize(
    ("markdown", "message"),
    [
        (f"a\n{START}\nb\n", f"docs/p.md:2: '{START}' is never closed by '{END}'"),
        (f"a\n{END}\n", f"docs/p.md:2: '{END}' without '{START}' before it"),
        (f"{START}\n{START}\n{END}\n", f"docs/p.md:2: '{START}' inside the passage opened on line 1"),
        (f"See {START}\nb\n", "docs/p.md:1: a web-edition marker must be alone on its line"),
    ],
)
@pytest.mark.parametrize("on_the_web", [True, False])
def test_markers_that_do_not_pair_up_are_reported_with_their_line(markdown, message, on_the_web):
    with pytest.raises(MarkerError) as raised:
        for_edition(markdown, on_the_web, "docs/p.md")
    assert str(raised.value) == message
