"""Text fields: the inline Markdown an author may use, and nothing else.

Authors may write *emphasis*, **strong**, `code` and [links](https://example.org).
This module parses exactly that subset with markdown-it (raw HTML, entities,
autolinks and every block rule switched off) and writes it back out in forms
that cannot be read as anything more:

- `to_markdown`: source for Python-Markdown (listings, headings), where every
  character of the author's text is escaped and the few allowed elements are
  written as inline HTML tags that we produce ourselves;
- `to_html`: an HTML fragment (feeds, open data, and the HTML blocks of an
  analysis page, which Python-Markdown passes through as they are);
- `to_plain`: the text a reader sees, for titles, descriptions and metadata.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

ALLOWED_SCHEMES = ("http", "https", "mailto")
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters XML 1.0 can't carry at all (for the feeds and the network's SVG); validation refuses them in
text, so this is the last line of defence, not the rule."""
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
# Python-Markdown's backslash escapes (markdown.Markdown.ESCAPED_CHARS); the
# characters that HTML gives meaning to become entities instead.
_MD_ESCAPED = set("\\`*_{}[]()#+-.!")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# Escaping replaces one character at a time, each over the whole text: the
# backslash first and "&" first among the entities, so that no replacement is
# escaped again. (Several times faster than str.translate or a per-character join.)
_REPLACEMENTS = (
    ("\\", "\\\\"),
    *((char, "\\" + char) for char in sorted(_MD_ESCAPED - {"\\"})),
    *sorted(_ENTITIES.items(), key=lambda pair: pair[0] != "&"),
)
# The characters that start one of the enabled rules (escape, backticks,
# emphasis, link) or that markdown-it's normalizer rewrites (NUL): a text
# without them parses to itself as one text token, so most texts skip the
# parser (see `_literal`).
_INLINE_SYNTAX = ("\\", "`", "*", "_", "[", "\0")


@cache
def _parser() -> MarkdownIt:
    """The inline parser, made when a text first needs it (`validate` with its cache warm never does)."""
    from markdown_it import MarkdownIt

    class KeepingLinks(MarkdownIt):
        def validateLink(self, url: str) -> bool:
            # Every destination is kept so that validation can name the ones it rejects;
            # rendering drops the link (keeping its text) for a target that isn't allowed.
            return True

    return KeepingLinks("zero").enable(["emphasis", "backticks", "link", "escape"])


def link_allowed(href: str) -> bool:
    match = _SCHEME.match(href)
    if not match or match.group(1).lower() not in ALLOWED_SCHEMES:
        return False
    if match.group(1).lower() in ("http", "https"):
        return href[match.end() :].startswith("//") and len(href) > match.end() + 2
    return True


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[Token, ...]:
    return tuple(_parser().parseInline(_collapse_whitespace(text))[0].children or ())


@lru_cache(maxsize=8192)
def _literal(text: str) -> str | None:
    """What the reader sees, for a text without any inline Markdown (most texts); None for the others.

    Cached: a page's reading time counts the words of the texts that the page then writes.
    """
    collapsed = _collapse_whitespace(text)
    for char in _INLINE_SYNTAX:  # a few substring searches cost less than one regular expression
        if char in collapsed:
            return None
    return collapsed


def links(text: str) -> list[str]:
    """Every link destination in a text, in order."""
    if "[" not in text:  # every link starts with one
        return []
    return [_href(token) for token in _tokens(text) if token.type == "link_open"]


def _href(link: Token) -> str:
    return str(link.attrs["href"])  # always text; markdown-it's types allow numbers in any attribute


def _escape_markdown(text: str) -> str:
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


def _escape_html(text: str) -> str:
    return html.escape(text, quote=True)


_TAGS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>", "strong_close": "</strong>"}


def _render(text: str, escape: Callable[[str], str]) -> str:
    out: list[str] = []
    skipped_links = 0
    for token in _tokens(text):
        kind = token.type
        if kind in ("text", "text_special"):
            out.append(escape(token.content))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in _TAGS:
            out.append(_TAGS[kind])
        elif kind == "code_inline":
            out.append("<code>" + escape(token.content) + "</code>")
        elif kind == "link_open":
            href = _href(token)
            if link_allowed(href):
                out.append(f'<a href="{_escape_html(href)}">')
            else:
                skipped_links += 1
        elif kind == "link_close":
            if skipped_links:
                skipped_links -= 1
            else:
                out.append("</a>")
        else:  # pragma: no cover - the parser enables no other rule
            raise ValueError(f"unexpected inline token {kind}")
    return "".join(out)


def to_markdown(text: str) -> str:
    """Python-Markdown source that renders as the author's inline Markdown and nothing more.

    Not cached here: a build keeps what it writes (render.Shown), so a cache
    here would only hold each text a second time.
    """
    literal = _literal(text)
    return _render(text, _escape_markdown) if literal is None else _escape_markdown(literal)


@lru_cache(maxsize=8192)
def to_html(text: str) -> str:
    literal = _literal(text)
    return _render(text, _escape_html) if literal is None else _escape_html(literal)


@lru_cache(maxsize=8192)
def to_plain(text: str) -> str:
    """What a reader sees: the text without its inline Markdown."""
    literal = _literal(text)
    return _plain(text) if literal is None else literal


def forget() -> None:
    """Let go of the texts the caches above hold, once a build is done with them (generator/memory.py)."""
    for cached in (_tokens, _literal, to_html, to_plain):
        cached.cache_clear()


def word_count(text: str) -> int:
    """How many words a reader sees in a text."""
    literal = _literal(text)
    if literal is None:
        return len(to_plain(text).split())
    return literal.count(" ") + 1 if literal else 0  # the words, with one space between each two


def _plain(text: str) -> str:
    return "".join(
        " " if token.type in ("softbreak", "hardbreak") else token.content
        for token in _tokens(text)
        if token.type in ("text", "text_special", "softbreak", "hardbreak", "code_inline")
    )


def escape_markdown(text: str) -> str:
    """Literal text (no Markdown at all) as Python-Markdown source."""
    return _escape_markdown(_collapse_whitespace(text))


def escape_html(text: str) -> str:
    """Literal text (no Markdown at all) as HTML, escaped as `to_html` escapes text (attribute values too)."""
    return _escape_html(_collapse_whitespace(text))


# What str.split takes for whitespace in an ASCII text, other than single spaces between words.
_ASCII_SPACING = ("  ", *(char for char in map(chr, range(128)) if char.isspace() and char != " "))


def _collapse_whitespace(text: str) -> str:
    """Runs of whitespace (what str.isspace calls whitespace) as one space, none at either end."""
    # Most texts (YAML folds lines) are collapsed already; a few substring searches cost less than splitting them.
    if text.isascii() and text[:1] != " " and text[-1:] != " ":
        for spacing in _ASCII_SPACING:
            if spacing in text:
                break
        else:
            return text
    return " ".join(text.split())
