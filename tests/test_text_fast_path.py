"""The shortcut that spares most texts the Markdown parser gives exactly what the parser gives."""

import re

from hypothesis import given, settings, strategies as st

from generator import text

# Plain words, whitespace of every kind and each character some Markdown rule cares about.
ALPHABET = st.sampled_from(list("ab Z1.,;:!?#()-+{}<>&\"'~|=") + ["\t", "\n", "\r", "\u00a0", "\u2028", "\0", "\x1c", "\x85",
                                                                    "*", "_", "`", "[", "]", "\\", "é", "日"])


def parsed(source: str) -> list[tuple]:
    normalized = re.sub(r"\s+", " ", source).strip()
    tokens = text._parser.parseInline(normalized)[0].children or []
    return [(t.type, t.tag, t.nesting, t.content, t.markup, dict(t.attrs)) for t in tokens]


@settings(max_examples=500)
@given(st.text(ALPHABET, max_size=40))
def test_tokens_are_the_parsers(source):
    text._tokens.cache_clear()
    got = [(t.type, t.tag, t.nesting, t.content, t.markup, dict(t.attrs)) for t in text._tokens(source)]
    assert got == parsed(source)


@settings(max_examples=300)
@given(st.text(ALPHABET, max_size=40))
def test_links_are_the_parsers(source):
    assert text.links(source) == [attrs["href"] for kind, *_, attrs in parsed(source) if kind == "link_open"]


@settings(max_examples=300)
@given(st.text(st.one_of(st.sampled_from(sorted(text._MD_ESCAPED | set(text._ENTITIES))), st.characters()), max_size=60))
def test_escape_markdown_escapes_every_character_that_needs_it(source):
    expected = "".join(text._ENTITIES.get(c) or ("\\" + c if c in text._MD_ESCAPED else c) for c in source)
    assert text._escape_markdown(source) == expected


@settings(max_examples=300)
@given(st.text(st.one_of(ALPHABET, st.characters()), max_size=40))
def test_whitespace_collapses_like_the_regular_expression(source):
    assert text._collapse_whitespace(source) == re.sub(r"\s+", " ", source).strip()
