"""The words of the hand-written pages, by edition: what only the web edition shows, and what both show.

Tests compare them with the words a built page shows, so that they check which
passages each edition keeps without depending on what the passages say.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from projects import ROOT

from generator.editions import END, START

WEB_ONLY_PAGES = ("about", "open-data")
"""The hand-written pages (content/pages/<page>.md) that have passages for the web edition only."""


def words(text: str) -> set[str]:
    """The words of four letters or more, in lower case: enough to tell passages apart."""
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def _shown(markdown: str) -> str:
    """Markdown without what a reader doesn't see as text: front matter, comments, link targets."""
    markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.DOTALL)
    markdown = re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)
    return re.sub(r"\]\([^)]*\)", "]", markdown)


def edition_words(page: str) -> tuple[set[str], set[str]]:
    """(words only the web edition shows, words both editions show) of content/pages/<page>.md.

    The passages are found here rather than with `generator.editions`, whose work the tests check.
    """
    passages: list[str] = []
    rest: list[str] = []
    inside = False
    for line in (ROOT / "content" / "pages" / f"{page}.md").read_text("utf-8").splitlines():
        if line.strip() in (START, END):
            inside = line.strip() == START
        else:
            (passages if inside else rest).append(line)
    both = words(_shown("\n".join(rest)))
    web_only = words(_shown("\n".join(passages))) - both
    assert web_only, f"content/pages/{page}.md has no passage for the web edition only"
    return web_only, both


class _Article(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def article_words(html: str) -> set[str]:
    """The words of a built page's article: its content, without the site's navigation."""
    article = _Article()
    article.feed(html)
    return words(" ".join(article.text))
