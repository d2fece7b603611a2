"""Heading ids: every heading the generator writes has an explicit one, so no text can choose an id.

MkDocs' toc extension gives a heading without an explicit id one made from
its text; a title like `__config` would then take the id of an element of
Material's (`<script id="__config">`) and stop the page's scripts. Ids made
from slugs can't start with "_" (slugs are lowercase letters, digits and
single hyphens), and a page's title is always `#page_title`, which no slug can
be: listings give analyses their slugs as ids, so the fixed ids beside them
(`#page_title`, the home page's `#latest_analyses`) have an underscore.
tests/test_hostile.py checks the built pages.
"""

from __future__ import annotations

import re

import markdown
from hypothesis import given
from hypothesis import strategies as st
from projects import render_pages

from generator import text

HEADING = re.compile(r"^#{1,6} (.*)$", re.MULTILINE)
EXPLICIT_ID = re.compile(r" \{#([^\s}]+)[^}]*\}$")


def test_every_heading_the_generator_writes_has_an_explicit_id(project):
    (project / "content/analyses/broken.yaml").write_text("title: [unclosed\n", "utf-8")  # the preview's problem page
    # A slug can be any fixed id that is itself a slug: listings give each analysis its slug as id.
    analyses = project / "content/analyses"
    (analyses / "tailspin-fabrikam-stake.yaml").rename(analyses / "latest.yaml")
    pages, _ = render_pages(project, include_drafts=True)
    assert "analyses/broken.md" in pages
    for path, page in pages.items():
        _, front, body = page.split("---\n", 2)
        if "from content/pages/" in front:
            continue  # hand-written by maintainers
        ids = []
        for heading in HEADING.finditer(body):
            found = EXPLICIT_ID.search(heading.group(1))
            assert found, (path, heading.group(0))
            ids.append(found.group(1))
        assert ids[0] == "page_title", path
        assert len(ids) == len(set(ids)), (path, ids)


@given(st.text(alphabet=st.sampled_from("_#{}:.\\*`[]()= aZ9-\u00e9"), min_size=1, max_size=30))
def test_no_title_can_change_a_headings_id(title):
    if not title.strip():
        return
    html = markdown.markdown(f"# {text.to_markdown(title)} {{#page_title}}", extensions=["toc", "attr_list"])
    assert re.findall(r'\bid="([^"]*)"', html) == ["page_title"], html
