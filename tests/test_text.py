"""Text fields: inline Markdown renders, everything else is literal."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import text

# The Markdown extensions the site uses (mkdocs.yml), so that these tests see what MkDocs does.
EXTENSIONS = ["toc", "attr_list", "admonition"]


def python_markdown(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, tuple(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> Elements:
    parser = Elements()
    parser.feed(fragment)
    parser.close()
    return parser


@pytest.mark.parametrize(
    "source, expected_html",
    [
        ("*emphasis* and **strong**", "<em>emphasis</em> and <strong>strong</strong>"),
        ("`code <b>`", "<code>code &lt;b&gt;</code>"),
        ("[a link](https://example.org/a_b)", '<a href="https://example.org/a_b">a link</a>'),
        ("[mail](mailto:desk@example.org)", '<a href="mailto:desk@example.org">mail</a>'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("&amp; stays &amp;", "&amp;amp; stays &amp;amp;"),
        ("[x](javascript:alert(1))", "x"),
        ('[x](https://e.example/"onmouseover=alert(1))', '<a href="https://e.example/%22onmouseover=alert(1)">x</a>'),
        ('[x](https://e.example "a title")', '<a href="https://e.example">x</a>'),
        ("![img](https://e.example/i.png)", '!<a href="https://e.example/i.png">img</a>'),
        ("<https://autolink.example>", "&lt;https://autolink.example&gt;"),
    ],
)
def test_to_html(source, expected_html):
    assert text.to_html(source) == expected_html


@pytest.mark.parametrize(
    "source, visible",
    [
        ("# not a heading", "# not a heading"),
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("> not a quote", "> not a quote"),
        ("| a | b |", "| a | b |"),
        ("!!! note", "!!! note"),
        ("{: .class #id }", "{: .class #id }"),
        ("{{ variable }} {% tag %}", "{{ variable }} {% tag %}"),
        ("<b>raw</b> &amp; &lt;", "<b>raw</b> &amp; &lt;"),
        ("--- and ***", "--- and ***"),
        ("a\\b \\* c", "a\\b * c"),
        ("line one\n\n    indented code?", "line one indented code?"),
        ('<div markdown="1">*x*</div>', '<div markdown="1">x</div>'),
        ("[text][ref]\n\n[ref]: https://example.org", "[text][ref] [ref]: https://example.org"),
    ],
)
def test_python_markdown_shows_block_syntax_literally(source, visible):
    rendered = python_markdown(text.to_markdown(source))
    parsed = parse(rendered)
    assert "".join(parsed.text) == visible
    assert {tag for tag, _ in parsed.tags} <= {"p", "em", "strong", "code", "a"}


def test_inline_markdown_survives_python_markdown():
    rendered = python_markdown(text.to_markdown("*a* **b** `c` [d](https://e.example/f_g)"))
    assert rendered == '<p><em>a</em> <strong>b</strong> <code>c</code> <a href="https://e.example/f_g">d</a></p>'


def test_heading_source_is_literal_too():
    rendered = python_markdown("# " + text.to_markdown("Title # with {: #x } <i>"))
    assert parse(rendered).tags == [("h1", (("id", "title-with-x-i"),))]
    assert "".join(parse(rendered).text) == "Title # with {: #x } <i>"


def test_plain_is_what_the_reader_sees():
    assert text.to_plain("*Contoso* & `Fabrikam` [site](https://x.example)") == "Contoso & Fabrikam site"


def test_links_lists_every_destination_even_rejected_ones():
    assert text.links("[a](https://a.example) [b](data:text/html,x)") == ["https://a.example", "data:text/html,x"]


@pytest.mark.parametrize(
    "href, allowed",
    [
        ("https://a.example", True),
        ("http://a.example/x?y#z", True),
        ("mailto:a@b.example", True),
        ("HTTPS://A.EXAMPLE", True),
        ("javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("/relative", False),
        ("https:", False),
        ("https:/x", False),
        ("vbscript:x", False),
        ("ftp://x", False),
    ],
)
def test_link_allowed(href, allowed):
    assert text.link_allowed(href) is allowed


# Text without the inline Markdown markers: whatever else it holds must come out exactly as typed.
plain_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="*_`[]\\"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())


@settings(max_examples=300, deadline=None)
@given(plain_text)
def test_any_text_reads_exactly_as_written_and_adds_no_element(source):
    expected = " ".join(source.split())
    for rendered in (python_markdown(text.to_markdown(source)), "<p>" + text.to_html(source) + "</p>"):
        parsed = parse(rendered)
        assert [tag for tag, _ in parsed.tags] == ["p"]
        assert html.unescape("".join(parsed.text)) == expected or "".join(parsed.text) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=200))
def test_any_text_with_markdown_adds_only_inline_elements(source):
    parsed = parse(python_markdown(text.to_markdown(source)))
    for tag, attrs in parsed.tags:
        assert tag in {"p", "em", "strong", "code", "a"}
        for name, value in attrs:
            assert name == "href" and text.link_allowed(value)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200))
def test_any_text_in_an_html_block_stays_inside_its_element(source):  # validation refuses control characters
    """An analysis page writes its texts as HTML blocks, which Python-Markdown passes through as they are: the
    text shows as the reader sees it, adds only inline elements, and the block ends where the generator ends it."""
    rendered = python_markdown(f'<p class="pw-lede">{text.to_html(source)}</p>\n\n<p id="after">After.</p>\n')
    parsed = parse(rendered)
    assert parsed.tags[0] == ("p", (("class", "pw-lede"),)) and parsed.tags[-1] == ("p", (("id", "after"),))
    for tag, attrs in parsed.tags[1:-1]:
        assert tag in {"em", "strong", "code", "a"}
        for name, value in attrs:
            assert name == "href" and text.link_allowed(value)
    assert "".join(parsed.text) == text.to_plain(source) + "\n\nAfter."


def test_escape_html_is_literal_text():
    assert text.escape_html('  <b> & "q"\n\'s ') == "&lt;b&gt; &amp; &quot;q&quot; &#x27;s"
