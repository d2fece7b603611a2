"""Rendering: what a template writes is literal text unless it was made Markdown on purpose."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from generator import render

HOSTILE = "**bold** [link](javascript:alert(1)) <script>x</script> & #"


def write(source: str, **values) -> str:
    """A template from source, rendered like a page in analyses/ of a build."""
    return render._env.from_string(source).render(page_folder="analyses", **values)


def test_a_plain_string_is_written_as_literal_text():
    assert write("{{ text }}", text=HOSTILE) == render.text.escape_markdown(HOSTILE)


def test_text_joined_to_markdown_in_a_template_is_still_literal_text():
    # Jinja's HTML autoescaping would have marked the join safe with the text only HTML-escaped.
    written = write("{{ safe ~ text }}", safe=render.Markdown("**Known**: "), text=HOSTILE)
    assert written == render.text.escape_markdown("**Known**: " + HOSTILE)
    assert "**" not in written and "<script>" not in written and "](" not in written


def test_markdown_made_on_purpose_is_written_as_it_is():
    assert write("{{ safe }}", safe=render.Markdown("**Known**")) == "**Known**"


@pytest.mark.parametrize("value", [None, True, 1.5, ["a"]])
def test_a_value_that_is_not_text_is_refused(value):
    with pytest.raises(TypeError):
        write("{{ value }}", value=value)


def test_relative_links_are_posixpaths_relpath():
    folders = [".", "analyses", "partners", "a", "a/b", "a/b/c"]
    targets = ["index.md", "analyses/x.md", "archive/index.md", "a/x.md", "a/b/x.md", "a/b/c/x.md", "a/c/x.md"]
    for target, folder in itertools.product(targets, folders):
        assert render._relative(target, folder) == posixpath.relpath(target, folder), (target, folder)


@pytest.mark.parametrize("value", ["evil\n", "a/b\n", "", "../x", "A"])
def test_name_refuses_anything_but_a_whole_safe_name(value):
    with pytest.raises(ValueError, match="not a safe name"):
        render.name(value)
