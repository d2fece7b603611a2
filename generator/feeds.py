"""Atom and JSON Feed 1.1 feeds of the published analyses: the whole publication, each partner, each topic.

A feed's bytes depend only on the content and the site's address: its
`updated` date is its newest entry's, never the time of the build.
"""

from __future__ import annotations

import datetime as dt
import html
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from . import dates, text
from .indexes import indexes
from .model import Analysis, Content, Source
from .opendata import compact_json, json_array, json_object_with
from .paths import FEED_KINDS, HOME, Edition, feed_path, index_of, page_of
from .reuse import Reuse

ATOM = "http://www.w3.org/2005/Atom"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
ATOM_TYPE = "application/atom+xml"
ENTRIES = 50
"""The newest analyses a feed holds: readers poll feeds often, and the archive and the open data hold the rest."""
JSON_FEED_TYPE = "application/feed+json"
# A feed's date when it has no entry yet: any fixed date keeps the bytes stable.
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Feed:
    path: str
    """Where the feed is published, without its extension: 'feed', 'partners/<id>/feed'."""
    title: str
    page: str
    """The page under docs/ that the feed follows."""
    analyses: tuple[Analysis, ...]
    """Newest first, at most ENTRIES."""


@dataclass(frozen=True)
class Alternate:
    """A feed as a page advertises it in `<link rel="alternate feed">` (see overrides/main.html for why not
    `alternate` alone), linked relative to the page, so that it is right wherever the site is read.
    """

    type: str
    title: str
    path: str
    """The feed file's path in the site."""


def feeds(content: Content, analyses: tuple[Analysis, ...], site: Edition) -> list[Feed]:
    """Every feed of a build: the publication's, then one per partner and per topic in use."""
    found = [Feed(feed_path(), site.name, HOME, analyses[:ENTRIES])]
    built = indexes(content, analyses)
    for kind in FEED_KINDS:
        index = built[kind]
        for key, (label, _) in index.terms.items():
            found.append(
                Feed(
                    feed_path(kind, key),
                    f"{site.name}: {text.to_plain(label)}",
                    page_of(kind, key),
                    index.analyses[key][:ENTRIES],
                )
            )
    return found


def feed_files(
    content: Content, analyses: tuple[Analysis, ...], site: Edition, reuse: Reuse[str] | None = None
) -> dict[str, bytes]:
    """Path of each feed file -> its bytes.

    An analysis is in several feeds (the publication's, its partners', its
    topics'): its entry is written once and placed in each. With `reuse` (the
    live preview keeps one between builds), an entry that would come out the
    same is not written again.
    """
    reuse = reuse if reuse is not None else Reuse()
    reuse.start()
    entries = _Entries(content, site, reuse)
    files: dict[str, bytes] = {}
    for feed in feeds(content, analyses, site):
        files[feed.path + ".xml"] = atom(feed, content, site, entries.atom)
        files[feed.path + ".json"] = json_feed(feed, content, site, entries.json)
    return files


class _Entries:
    """The entries of one build, each found in `reuse` or made once, however many feeds hold it: its key, which
    holds the analysis and the entities and terms it names, is hashed once a build rather than once a feed."""

    def __init__(self, content: Content, site: Edition, reuse: Reuse[str]):
        self.content, self.site, self.reuse = content, site, reuse
        self._made: dict[tuple[str, str], str] = {}
        """(format, slug) -> entry: slugs are unique in a build."""

    def _entry(self, kind: str, analysis: Analysis, make: Callable[[Analysis, Content, Edition], str]) -> str:
        made = self._made.get((kind, analysis.slug))
        if made is None:
            inputs = _entry_inputs(kind, analysis, self.content, self.site)
            made = self._made[kind, analysis.slug] = self.reuse.get(
                inputs, partial(make, analysis, self.content, self.site)
            )
        return made

    def atom(self, analysis: Analysis) -> str:
        return self._entry("atom", analysis, _atom_entry)

    def json(self, analysis: Analysis) -> str:
        return self._entry("json", analysis, _json_item)


def alternates(page: str, content: Content, site: Edition) -> list[Alternate]:
    """The feeds a page advertises: the publication's, and its own on a partner or topic page."""
    found = [(feed_path(), site.name)]
    kind, _, name = page.partition("/")
    key = name.removesuffix(".md")
    if kind == "partners" and key in content.entities and page == page_of(kind, key):
        found.append((feed_path(kind, key), f"{site.name}: {text.to_plain(content.entities[key].name)}"))
    elif kind == "topics" and key in content.taxonomy.topics and page == page_of(kind, key):
        found.append((feed_path(kind, key), f"{site.name}: {text.to_plain(content.taxonomy.topics[key].label)}"))
    return [
        alternate
        for path, title in found
        for alternate in (
            Alternate(ATOM_TYPE, f"{title} (Atom)", path + ".xml"),
            Alternate(JSON_FEED_TYPE, f"{title} (JSON Feed)", path + ".json"),
        )
    ]


def _timestamp(value: dt.date) -> str:
    """RFC 3339, as both Atom and JSON Feed want it: the start of the day in UTC."""
    return f"{value.isoformat()}T00:00:00Z"


def _updated(feed: Feed) -> dt.date:
    return max((a.last_modified for a in feed.analyses), default=EPOCH)


def _categories(analysis: Analysis, content: Content, site: Edition) -> list[tuple[str, str, str]]:
    """(term, scheme, label) for each partner and topic."""
    return [
        *(
            (key, site.page(index_of("partners")), text.to_plain(content.entities[key].name))
            for key in analysis.partners
        ),
        *(
            (key, site.page(index_of("topics")), text.to_plain(content.taxonomy.topics[key].label))
            for key in analysis.topics
        ),
    ]


def _xml(value: str) -> str:
    return text.NOT_XML.sub("", value)


def _element(parent: ET.Element, tag: str, value: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {name: _xml(v) for name, v in attributes.items()})
    if value is not None:
        element.text = _xml(value)
    return element


def _entry_inputs(kind: str, analysis: Analysis, content: Content, site: Edition) -> tuple[object, ...]:
    """Everything an entry of `kind` reads: with these equal, the entry is the same."""
    return (
        kind,
        analysis,
        site,
        tuple(content.entities[key] for key in analysis.partners),
        tuple(content.taxonomy.topics[key] for key in analysis.topics),
        tuple(content.taxonomy.stakeholders[i.stakeholder] for i in analysis.implications),  # in its content
    )


def _summary_html(analysis: Analysis) -> str:
    """The summary, then each correction, oldest first: a feed's reader learns of a correction as the page's
    reader does (the entry's updated date moves with it, since a correction is dated no later than `updated`)."""
    summary = text.to_html(analysis.summary)
    if not analysis.corrections:
        return summary
    corrected = "".join(
        f"<p>Corrected on {dates.long_date(c.date)}: {text.to_html(c.text)}</p>"
        for c in analysis.corrections_oldest_first
    )
    return f"<p>{summary}</p>{corrected}"


def _content_html(analysis: Analysis, content: Content) -> str:
    """The whole analysis, as its page reads it, for readers who read in their feed reader: every text as
    the open data's safe HTML (text.to_html), the labels and dates escaped the same way."""

    def paragraph(value: str) -> str:
        return f"<p>{text.to_html(value)}</p>"

    def bullets(values: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{value}</li>" for value in values) + "</ul>"

    parts = [paragraph(analysis.summary), "<h2>Context</h2>", *(paragraph(p.text) for p in analysis.context)]
    parts.append("<h2>Expert views</h2>")
    for view in analysis.expert_views:
        stance = f" ({view.stance.capitalize()})" if view.stance else ""
        parts.append(f"<p><strong>{text.to_html(view.source)}</strong>{stance}: {text.to_html(view.view)}</p>")
    parts.append("<h2>Implications</h2>")
    for implication in analysis.implications:
        label = text.to_html(content.taxonomy.stakeholders[implication.stakeholder].label)
        parts += [f"<h3>For {label}</h3>", bullets([text.to_html(point) for point in implication.points])]
    parts += ["<h2>Outlook</h2>", paragraph(analysis.outlook.summary)]
    if analysis.outlook.watch:
        parts += ["<h3>What to watch</h3>", bullets([text.to_html(s.signal) for s in analysis.outlook.watch])]
    parts += ["<h2>Sources</h2>", bullets([_source_html(source) for source in analysis.sources])]
    if analysis.corrections:
        corrections = [f"{dates.long_date(c.date)}: {text.to_html(c.text)}" for c in analysis.corrections_oldest_first]
        parts += ["<h2>Corrections</h2>", bullets(corrections)]
    return "".join(parts)


def _source_html(source: Source) -> str:
    """A source as its page lists it: publisher, title (linked when it has a URL), date."""
    title = text.to_html(source.title) if source.title else ""
    if title and source.url:
        title = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>'
    return ", ".join(
        part
        for part in (text.to_html(source.publisher), title, dates.partial_date(source.date) if source.date else "")
        if part
    )


def _atom_entry(analysis: Analysis, content: Content, site: Edition) -> str:
    """An `<entry>` as it reads in a feed, indented one level."""
    url = site.page(page_of("analyses", analysis.slug))
    entry = ET.Element("entry")
    _element(entry, "id", url)
    _element(entry, "title", text.to_plain(analysis.title), type="text")
    _element(entry, "link", rel="alternate", type="text/html", href=url)
    _element(entry, "published", _timestamp(analysis.published))
    _element(entry, "updated", _timestamp(analysis.last_modified))
    for byline in analysis.authors:
        _element(_element(entry, "author"), "name", text.to_plain(byline))
    for term, scheme, label in _categories(analysis, content, site):
        _element(entry, "category", term=term, scheme=scheme, label=label)
    _element(entry, "summary", _summary_html(analysis), type="html")
    _element(entry, "content", _content_html(analysis, content), type="html")
    ET.indent(entry, level=1)
    return ET.tostring(entry, encoding="unicode")


def atom(feed: Feed, content: Content, site: Edition, entry: Callable[[Analysis], str] | None = None) -> bytes:
    """The Atom feed; `entry` gives each analysis's entry (by default, made now)."""
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": site.language})
    _element(root, "id", site.file(feed.path + ".xml"))
    _element(root, "title", feed.title)
    _element(root, "subtitle", site.description)
    _element(root, "link", rel="alternate", type="text/html", href=site.page(feed.page))
    _element(root, "link", rel="self", type=ATOM_TYPE, href=site.file(feed.path + ".xml"))
    _element(root, "updated", _timestamp(_updated(feed)))
    author = _element(root, "author")  # for entries without a byline
    _element(author, "name", site.name)
    _element(author, "uri", site.url)
    ET.indent(root)
    # Each entry is written once and placed in every feed that holds it, as text, like the JSON Feed's items
    # (see opendata.json_object_with): the feed is serialized without its entries, which go before its end tag.
    head = ET.tostring(root, encoding="unicode").removesuffix("</feed>")
    entry = entry or partial(_atom_entry, content=content, site=site)
    entries = "".join(f"  {entry(analysis)}\n" for analysis in feed.analyses)
    return f"<?xml version='1.0' encoding='utf-8'?>\n{head}{entries}</feed>\n".encode()


def _json_item(analysis: Analysis, content: Content, site: Edition) -> str:
    url = site.page(page_of("analyses", analysis.slug))
    item: dict[str, Any] = {
        "id": url,
        "url": url,
        "title": text.to_plain(analysis.title),
        "summary": text.to_plain(analysis.summary),
        "content_html": _content_html(analysis, content),
        "date_published": _timestamp(analysis.published),
        "date_modified": _timestamp(analysis.last_modified),
        "tags": [label for _, _, label in _categories(analysis, content, site)],
    }
    if analysis.authors:
        item["authors"] = [{"name": text.to_plain(byline)} for byline in analysis.authors]
    return compact_json(item)


def json_feed(feed: Feed, content: Content, site: Edition, entry: Callable[[Analysis], str] | None = None) -> bytes:
    """The JSON Feed; `entry` gives each analysis's item (by default, made now)."""
    document = {
        "version": JSON_FEED_VERSION,
        "title": feed.title,
        "home_page_url": site.page(feed.page),
        "feed_url": site.file(feed.path + ".json"),
        "description": site.description,
        "language": site.language,
        "authors": [{"name": site.name, "url": site.url}],
    }
    items = json_array(map(entry or partial(_json_item, content=content, site=site), feed.analyses))
    return f"{json_object_with(document, items=items)}\n".encode()
