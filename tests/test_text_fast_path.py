"""The shortcut that spares most texts the Markdown parser gives exactly what the parser gives."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator import text

# Plain words, whitespace of every kind and each character some Markdown rule cares about.
ALPHABET = st.sampled_from(
    [
        *list("ab Z1.,;:!?#()-+{}<>&\"'~|="),
        "\t",
        "\n",
        "\r",
        "\xa0",
        "\u2028",
        "\x00",
        "\x1c",
        "\x85",
        "*",
        "_",
        "`",
        "[",
        "]",
        "\\",
        "é",
        "日",
    ]
)
# Texts made of those characters and of whole pieces of inline Markdown, so that every rule gets exercised.
TEXTS = st.lists(
    st.one_of(
        ALPHABET,
        st.sampled_from(
            ["_a_", "*b*", "**c**", "`d`", "[e](https://e.org)", "\\*", "[f](javascript:x)", " _g_ ", "__h__"]
        ),
    ),
    max_size=12,
).map("".join)


def parsed(source: str) -> list[tuple]:
    normalized = re.sub(r"\s+", " ", source).strip()
    tokens = text._parser().parseInline(normalized)[0].children or []
    return [(t.type, t.tag, t.nesting, t.content, t.markup, dict(t.attrs)) for t in tokens]


@settings(max_examples=500)
@given(TEXTS)
def test_texts_without_inline_syntax_read_as_the_parser_reads_them(source):
    for cached in (text.to_html, text.to_plain):
        cached.cache_clear()
    assert text.to_markdown(source) == text._render(source, text._escape_markdown)
    assert text.to_html(source) == text._render(source, text._escape_html)
    assert text.to_plain(source) == text._plain(source)
    literal = text._literal(source)
    if literal is not None:
        assert [(kind, content) for kind, _, _, content, *_ in parsed(source)] in ([], [("text", literal)])


@settings(max_examples=300)
@given(TEXTS)
def test_links_are_the_parsers(source):
    assert text.links(source) == [attrs["href"] for kind, *_, attrs in parsed(source) if kind == "link_open"]


@settings(max_examples=300)
@given(
    st.text(st.one_of(st.sampled_from(sorted(text._MD_ESCAPED | set(text._ENTITIES))), st.characters()), max_size=60)
)
def test_escape_markdown_escapes_every_character_that_needs_it(source):
    expected = "".join(text._ENTITIES.get(c) or ("\\" + c if c in text._MD_ESCAPED else c) for c in source)
    assert text._escape_markdown(source) == expected


@settings(max_examples=300)
@given(
    st.one_of(
        st.text(st.one_of(ALPHABET, st.characters()), max_size=40),
        st.text(st.characters(max_codepoint=127), max_size=40),
    )
)  # ASCII texts may be collapsed already
def test_whitespace_collapses_like_the_regular_expression(source):
    assert text._collapse_whitespace(source) == re.sub(r"\s+", " ", source).strip()


@settings(max_examples=300)
@given(TEXTS)
def test_word_count_is_the_words_of_the_plain_text(source):
    assert text.word_count(source) == len(text._plain(source).split())


# markdown-it's parser as it comes (but keeping every link, as text._parser() does), to check that
# text._parser() reads every text the same. Links get pieces of their own: nested brackets, code and
# emphasis in the link text, titles, angle brackets, images and autolinks (not enabled, so text).
STOCK = MarkdownIt("zero").enable(["emphasis", "backticks", "link", "escape"])
STOCK.validateLink = lambda url: True
LINKS = st.sampled_from(
    [
        "[a [b] c](https://n.org/x-y)",
        "[`c`](https://c.org)",
        '[*e* _f_](https://e.org "t")',
        "[x](<https://y.org/a b>)",
        "![i](https://i.org)",
        "<https://a.org>",
        "[x]",
        "](",
        "[y](",
        "&amp;",
        "a-b: c!",
        "**[l](mailto:a@b.org)**",
        "\\[z]",
    ]
)


def tokens(parser: MarkdownIt, source: str) -> list[tuple]:
    return [
        (t.type, t.tag, t.nesting, t.content, t.markup, dict(t.attrs))
        for t in parser.parseInline(source)[0].children or []
    ]


@settings(max_examples=1000)
@given(
    st.lists(st.one_of(ALPHABET, LINKS, st.sampled_from(["_a_", "*b*", "`d`", "\\*", "__h__"])), max_size=16).map(
        "".join
    )
)
def test_the_parser_reads_every_text_as_markdown_it_does(source):
    assert tokens(text._parser(), source) == tokens(STOCK, source)
