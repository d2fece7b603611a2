"""Renders the model into Markdown pages for MkDocs through Jinja2 templates.

Every value a template writes goes through `_finalize`: plain strings come out
as literal text (escaped for Python-Markdown), and only values already made
safe (`Markdown`: the `inline` filter for an author's inline Markdown, what
`Shown` makes, the helpers here) are written as they are. Jinja's
autoescaping is off: it escapes for HTML, and would turn `safe ~ text` into
safe Markdown with the text only HTML-escaped; without it, that join is a
plain string, written as literal text. A template that forgets a filter shows
text literally; it can't inject markup.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, TypeVar

import jinja2
import yaml
from jinja2.runtime import Context
from markupsafe import Markup

from . import asof, dates, feeds, finder, jsonld, network, paging, text, wording
from .indexes import Index, indexes, related_by_slug
from .model import Analysis, Content, Correction, Signal, Source
from .paths import (
    CORRECTIONS,
    FEED_KINDS,
    FINDER_DATA,
    FINDER_SCRIPT,
    HOME,
    INDEX_KINDS,
    WATCH,
    WATCH_CALENDAR,
    WATCH_RECORD,
    Edition,
    citing_anchor,
    correction_anchor,
    feed_path,
    index_of,
    page_below,
    page_of,
    source_anchor,
    wikidata_item,
)
from .reading import reading_minutes
from .reuse import Reuse
from .tracker import TALLIES, Watched, corrections, record, tracker, tracker_of
from .validate import ANALYSES_DIR, ENTITIES_FILE, TAXONOMY_FILE

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

TEMPLATES = Path(__file__).parent / "templates"
LATEST_ON_HOME = 10
STATE_LABELS = {asof.OPEN: "Open", asof.OVERDUE: "Overdue"}
"""What a signal without an outcome is called, by its state (asof.signal_state)."""
OUTCOME_LABELS = {"happened": "Happened", "partly": "Partly", "did-not-happen": "Did not happen"}
"""What a resolved signal is called, by its outcome's status (model.OUTCOMES)."""
SECTIONS = {"analyses": "Analyses", "partners": "Partners", "topics": "Topics", "stakeholders": "Stakeholders"}
"""The folders of pages that aren't in the navigation, with the title of the tab that lists them (mkdocs.yml)."""
DEFINED_IN = {"partners": ENTITIES_FILE, "topics": TAXONOMY_FILE, "stakeholders": TAXONOMY_FILE}
"""Where the entries of each index are defined: the source file of their pages."""


class Markdown(Markup):
    """Python-Markdown source that is safe to write as it is."""

    __slots__ = ()

    def __new__(cls, source: object = "") -> Markdown:
        # Made from strings and numbers only: Markup's look for an `__html__` method is a cost a build
        # pays for every text it writes.
        return str.__new__(cls, source)


def _finalize(value: object) -> str:
    if isinstance(value, Markup):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"a template tried to write {value!r}")
    if isinstance(value, int):
        return Markdown(value)
    if isinstance(value, str):
        return Markdown(text.escape_markdown(value))
    raise TypeError(f"a template tried to write a {type(value).__name__}")


def long_date(value: dt.date) -> Markdown:
    return Markdown(dates.long_date(value))


def partial_date(value: str) -> Markdown:
    return Markdown(dates.partial_date(value))


def time_tag(value: dt.date) -> Markdown:
    return Markdown(f'<time datetime="{value.isoformat()}">{long_date(value)}</time>')


def counted(number: int, noun: str) -> Markdown:
    """'1 signal', '2 signals', '1 analysis', '4 analyses' (wording.counted)."""
    return Markdown(wording.counted(number, noun))


TALLY_LABELS = {
    "happened": "Happened",
    "partly": "Partly happened",
    "did-not-happen": "Did not happen",
    "overdue": "Overdue",
    "open": "Still open",
}
"""How the track record names each tally (tracker.TALLIES) in its counts."""


def tallies(counts: Counter[str]) -> Markdown:
    """Every tally with its count, one item each, in the order of TALLIES."""
    return Markdown("\n".join(f"- {TALLY_LABELS[tally]}: {counted(counts[tally], 'signal')}" for tally in TALLIES))


def tally_line(counts: Counter[str]) -> Markdown:
    """'3 signals: 1 happened, 1 overdue and 1 still open': the tallies that aren't 0."""
    found = [f"{counts[tally]} {TALLY_LABELS[tally].lower()}" for tally in TALLIES if counts[tally]]
    return Markdown(f"{counted(counts.total(), 'signal')}: {join_words(found)}")


def url_attribute(value: str) -> Markdown:
    """A validated http(s) URL as a Markdown link destination, in angle brackets."""
    return Markdown("<" + value.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">")


_NAME = re.compile(r"^[a-z0-9_][a-z0-9_./-]*$")


@lru_cache(maxsize=65536)
def name(value: str) -> Markdown:
    """An id, slug or generated path, written as it is: each was checked before any page was built.

    Cached: listings write each slug on many pages.
    """
    if not _NAME.fullmatch(value) or ".." in value:
        raise ValueError(f"not a safe name: {value!r}")
    return Markdown(value)


def _inline_markdown(value: str) -> Markdown:
    return Markdown(text.to_markdown(value))


def join_words(items: list[str]) -> Markdown:
    """'A', 'A and B', 'A, B and C', from items already safe."""
    items = [str(item) for item in items]  # plain strings: Markup would escape what it's joined with
    if len(items) < 3:
        return Markdown(" and ".join(items))
    return Markdown(", ".join(items[:-1]) + " and " + items[-1])


@lru_cache(maxsize=4096)
def _joined_names(names: tuple[str, ...]) -> Markdown:
    """'A', 'A and B', 'A, B and C', from texts with their inline Markdown."""
    return join_words([text.to_markdown(name) for name in names])


@lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> str:
    """posixpath.relpath(target, folder) for a page and a folder under docs/ ("." for docs/ itself).

    Generated paths have no "." or ".." parts, so the common folders can be
    dropped by name: relpath, which asks for the working folder every time,
    would cost more than all the rest of a listing line.
    """
    up = [] if folder == "." else folder.split("/")
    down = target.split("/")
    while up and len(down) > 1 and up[0] == down[0]:
        del up[0], down[0]
    return "/".join([".."] * len(up) + down)


def forget() -> None:
    """Let go of the names and paths the caches above hold, once a build is done with them (generator/memory.py)."""
    for cached in (name, _joined_names, _relative):
        cached.cache_clear()


PAGEFIND_BODY = "data-pagefind-body"
"""Marks what Pagefind indexes of a listing of one partner, topic or stakeholder: its name and description, so
that a search for a name finds its page, and not the analyses' texts it repeats."""
PAGEFIND_IGNORE = "data-pagefind-ignore"
"""Marks an element of a page Pagefind indexes that repeats other analyses' text (related analyses, previous and
next): Pagefind leaves out that element, where Material leaves out the section a `data-search-exclude` heading
starts. Listings, all repeated text, Pagefind leaves out whole (`Renderer.meta`), but for the name and
description of a partner, topic or stakeholder (PAGEFIND_BODY)."""


class Phrases(ABC):
    """What a page says of a source or a signal, in one of the two forms pages are written in: Markdown
    (`Shown`, for listings' lines and list items) or HTML (`HtmlPhrases`, for the HTML blocks of an analysis
    page and of listings' entries). The phrases are written once, here; a form says how it writes an author's
    text, literal text and a link."""

    @abstractmethod
    def inline(self, value: str) -> Markdown:
        """An author's text with its inline Markdown."""

    @abstractmethod
    def literal(self, value: str) -> str:
        """Text written as it is, without inline Markdown (a URL shown as a link's label)."""

    @abstractmethod
    def link(self, label: str, url: str) -> str:
        """A link to a validated http(s) URL, `label` already in this form."""

    def source(self, source: Source) -> Markdown:
        """A source as Sources lists it: publisher, title (linked to its URL) or else the URL, and date."""
        shown = str(self.inline(source.publisher))  # a plain string: Markup would escape what is added to it
        if source.title:
            title = f"<cite>{self.inline(source.title)}</cite>"
            shown += f", {self.link(title, source.url)}" if source.url else f", {title}"
        elif source.url:
            shown += f", {self.link(self.literal(source.url), source.url)}"
        if source.date:
            shown += f", {partial_date(source.date)}"
        return Markdown(shown)

    def signal_state(self, signal: Signal, as_of: dt.date) -> Markdown:
        """What follows a signal to watch: its state as of `as_of` and its `by`, or how it turned out."""
        state = asof.signal_state(signal, as_of)
        outcome = signal.outcome
        if outcome is None:
            label = f' · <span class="pw-signal pw-signal--{state}">{STATE_LABELS[state]}</span>'
            if signal.by is None:
                return Markdown(label)
            due = "was due" if state == asof.OVERDUE else "due"
            return Markdown(f"{label} · {due} by {partial_date(signal.by)}")
        source = f" Source: {self.source(outcome.source)}" if outcome.source else ""
        return Markdown(
            f' · <span class="pw-signal pw-signal--{outcome.status}">{OUTCOME_LABELS[outcome.status]}</span>'
            f" · {time_tag(outcome.date)}: {self.inline(outcome.note)}{source}"
        )


class HtmlPhrases(Phrases):
    """The HTML of an analysis page's body and of a listing entry below its heading: blocks that
    Python-Markdown passes through as they are.

    Nothing is kept here: an analysis page shows its texts once, and `Shown`
    keeps what listings repeat. Its links are to other sites or to the page's
    own sections only: a link to another page of the publication stays
    Markdown, which the engine resolves (MkDocs writes a link in raw HTML as it
    is, Zensical resolves it against the Markdown file's folder).
    """

    def inline(self, value: str) -> Markdown:
        return Markdown(text.to_html(value))

    def literal(self, value: str) -> str:
        return text.escape_html(value)

    def link(self, label: str, url: str) -> str:
        return f'<a href="{text.escape_html(url)}">{label}</a>'

    def bullets(self, values: tuple[str, ...]) -> Markdown:
        """A list, one text per item."""
        return Markdown("<ul>\n" + "".join(f"<li>{self.inline(value)}</li>\n" for value in values) + "</ul>")

    def names(self, names: tuple[str, ...]) -> Markdown:
        """'A', 'A and B', 'A, B and C'."""
        return join_words([self.inline(name) for name in names])


class Shown(Phrases):
    """Markdown that several pages of a build show, made once per build.

    A large archive names each analysis (title, date, partners) on many listing
    pages and shows most of its texts on two or three pages: a dict lookup costs
    far less than making them again. The forms that listings repeat for every
    analysis (a list item, a section under a heading, a list of tags) are
    written here rather than in the templates, where the calls and values of a
    loop cost more than the lines they write. Methods that write links take the
    folder of the page last (see `_filter`).

    An entry under a heading (`entries`, `implications`) is Markdown only in its
    heading, whose link to the analysis the engine resolves: what follows it is
    HTML blocks (`HtmlPhrases`), which Python-Markdown passes through as they
    are, as on an analysis page. A list item can't hold an HTML block
    (Python-Markdown finds them only at the start of a line), so the items of
    What to watch, the track record and the corrections, which link to their
    analysis, are Markdown.

    Listings repeat text the analysis pages hold: `data-search-exclude` on a
    heading (or `searchable=false` for a whole page) keeps it out of Material's
    search index, which then carries each text once. Pagefind, which can't leave
    out a heading's section, leaves listings out whole (`Renderer.meta`).
    """

    def __init__(self, indexes: dict[str, Index], kept_inline: Reuse[Markdown] | None = None):
        self.indexes = indexes
        self._kept_inline = kept_inline if kept_inline is not None else Reuse()
        """Texts with their inline Markdown, from the last build (the live preview's): made from the text alone."""
        self._inline: dict[str, Markdown] = {}
        self._meta_lines: dict[str, Markdown] = {}
        self._meta_blocks: dict[str, str] = {}
        self._stance_blocks: dict[str, str] = {}
        self._summaries_and_stances: dict[str, str] = {}
        self._items: dict[tuple[str, str], str] = {}
        self._tags: dict[tuple[str, str, str], Markdown] = {}

    def inline(self, value: str) -> Markdown:
        """An author's text with its inline Markdown."""
        made = self._inline.get(value)
        if made is None:
            made = self._inline[value] = self._kept_inline.get(value, partial(_inline_markdown, value))
        return made

    def literal(self, value: str) -> str:
        return text.escape_markdown(value)

    def link(self, label: str, url: str) -> str:
        return f"[{label}]({url_attribute(url)})"

    def listing(self, analyses: tuple[Analysis, ...], folder: str) -> Markdown:
        """Analyses as a list of links, one item each, a blank line between them."""
        return Markdown("\n".join(self._item(analysis, folder) for analysis in analyses))

    def listing_out_of_search(self, analyses: tuple[Analysis, ...], folder: str) -> Markdown:
        """`listing`, each item marked for Pagefind to leave out: on an analysis page, which Pagefind indexes,
        other analyses' titles (its related analyses) are not its own words."""
        return Markdown(
            "\n".join(f"{self._item(analysis, folder)}    {{: {PAGEFIND_IGNORE} }}\n" for analysis in analyses)
        )

    def entries(self, analyses: tuple[Analysis, ...], heading: str, folder: str) -> Markdown:
        """Analyses as entries under headings of level `heading` ("##"): the title as a link, the meta line, the
        summary and the stances of the expert views, two blank lines between them.

        assets/finder.js writes the same entries from the finder's data when a filter is set.
        """
        return Markdown(
            "\n\n".join(
                self._section(
                    analysis,
                    folder,
                    heading,
                    f"{name(analysis.slug)} data-search-exclude",
                    self._summary_and_stances(analysis),
                )
                for analysis in analyses
            )
        )

    def implications(self, analyses: tuple[Analysis, ...], stakeholder: str, folder: str) -> Markdown:
        """Analyses as entries with what each means for `stakeholder` in place of the summary."""
        return Markdown(
            "\n".join(
                self._section(
                    analysis,
                    folder,
                    "##",
                    f"{name(analysis.slug)} data-search-exclude",
                    f"{self._points_for(analysis, stakeholder)}{self._stance_block(analysis)}",
                )
                for analysis in analyses
            )
        )

    def signal_items(self, signals: tuple[Watched, ...], as_of: dt.date, folder: str) -> Markdown:
        """Signals to watch, one item each: the signal with its state as of `as_of` or how it turned out, as its
        analysis shows it, then a line that links to the analysis's What to watch."""
        return Markdown("\n".join(self._signal_item(signal, as_of, folder) for signal in signals))

    def correction_items(self, found: list[tuple[Analysis, Correction]], folder: str) -> Markdown:
        """Corrections, one item each: the correction, its date and its analysis."""
        return Markdown(
            "\n".join(
                _item_with_meta(
                    [self.inline(correction.text)],
                    f"{time_tag(correction.date)} · {self._analysis_link(analysis, folder, '#corrections')}",
                )
                for analysis, correction in found
            )
        )

    def _signal_item(self, watched: Watched, as_of: dt.date, folder: str) -> str:
        shown = f"{self.inline(watched.signal.signal)}{self.signal_state(watched.signal, as_of)}"
        return _item_with_meta([shown], self._analysis_link(watched.analysis, folder, "#what-to-watch"))

    def _analysis_link(self, analysis: Analysis, folder: str, fragment: str) -> str:
        """A link to (`fragment` in) an analysis by its title, then its partners and whether it is a draft."""
        names = _joined_names(tuple(self._label("partners", id) for id in analysis.partners))
        draft = " · **Draft**" if analysis.is_draft else ""
        return f"[{self.inline(analysis.title)}]({_link_to(analysis, folder)}{fragment}) · {names}{draft}"

    def tags(self, keys: tuple[str, ...], kind: str, folder: str) -> Markdown:
        """Links to the pages of `keys` in the index `kind`, by label."""
        return Markdown(", ".join(self.tag(key, kind, folder) for key in keys))

    def tag(self, key: str, kind: str, folder: str) -> Markdown:
        """A link to the page of `key` in the index `kind`, by label."""
        made = self._tags.get((key, kind, folder))
        if made is None:
            link = _relative(page_of(kind, name(key)), folder)
            made = self._tags[key, kind, folder] = Markdown(f"[{self.inline(self._label(kind, key))}]({link})")
        return made

    def _meta_line(self, analysis: Analysis) -> Markdown:
        """What a list item says of an analysis after its title: date, partners, and whether it is a draft."""
        made = self._meta_lines.get(analysis.slug)
        if made is None:
            names = _joined_names(tuple(self._label("partners", id) for id in analysis.partners))
            draft = " · **Draft**" if analysis.is_draft else ""
            made = self._meta_lines[analysis.slug] = Markdown(f"{time_tag(analysis.published)} · {names}{draft}")
        return made

    def _meta_block(self, analysis: Analysis) -> str:
        """`_meta_line` as an HTML block, for an entry under a heading."""
        made = self._meta_blocks.get(analysis.slug)
        if made is None:
            names = HTML.names(tuple(self._label("partners", id) for id in analysis.partners))
            draft = " · <strong>Draft</strong>" if analysis.is_draft else ""
            made = self._meta_blocks[analysis.slug] = (
                f'<p class="pw-meta">{time_tag(analysis.published)} · {names}{draft}</p>'
            )
        return made

    def _summary_and_stances(self, analysis: Analysis) -> str:
        """An entry's summary and the stances of its expert views, as HTML blocks."""
        made = self._summaries_and_stances.get(analysis.slug)
        if made is None:
            made = self._summaries_and_stances[analysis.slug] = (
                f"<p>{HTML.inline(analysis.summary)}</p>{self._stance_block(analysis)}"
            )
        return made

    def _points_for(self, analysis: Analysis, stakeholder: str) -> Markdown:
        """What an analysis means for `stakeholder`, as an HTML block."""
        return next(HTML.bullets(i.points) for i in analysis.implications if i.stakeholder == stakeholder)

    def _stance_block(self, analysis: Analysis) -> str:
        """'Expert views: 2 supportive · 1 cautious', each stance in its badge, as an HTML block of its own to follow
        an entry's body; nothing if no view takes a stance. The words say the stance; the colour only repeats it."""
        made = self._stance_blocks.get(analysis.slug)
        if made is None:
            mix = analysis.stance_mix
            badges = " · ".join(
                f'<span class="pw-stance pw-stance--{name(stance)}">{number} {name(stance)}</span>'
                for stance, number in mix.items()
            )
            made = self._stance_blocks[analysis.slug] = (
                f'\n\n<p class="pw-stances">Expert views: {badges}</p>' if mix else ""
            )
        return made

    def _item(self, analysis: Analysis, folder: str) -> str:
        made = self._items.get((analysis.slug, folder))
        if made is None:
            made = self._items[analysis.slug, folder] = (
                f"- [{self.inline(analysis.title)}]({_link_to(analysis, folder)}) · {self._meta_line(analysis)}\n"
            )
        return made

    def _section(self, analysis: Analysis, folder: str, heading: str, attributes: str, body: str) -> str:
        """A heading that links to the analysis, then its meta line and `body` as HTML blocks (each at the start of
        a line, a blank line after it)."""
        return (
            f"{heading} [{self.inline(analysis.title)}]({_link_to(analysis, folder)})"
            f" {{#{attributes}}}\n\n{self._meta_block(analysis)}\n\n{body}\n"
        )

    def _label(self, kind: str, key: str) -> str:
        return self.indexes[kind].terms[key][0]


def _period(part: paging.Part[Any]) -> str:
    """'2025', 'March 2025'."""
    return str(part.year) if part.month is None else f"{dates.MONTHS[part.month - 1]} {part.year}"


@jinja2.pass_context
def _parts_list(context: Context, parts: tuple[paging.Part[Any], ...], noun: str) -> Markdown:
    """Links to the years (or months) of a paged listing, newest first, each with its count: '2025 · 112 analyses'."""
    folder = context["page_folder"]
    return Markdown(
        "\n".join(
            f"- [{_period(part)}]({_relative(name(part.path), folder)}) · {counted(len(part.entries), noun)}"
            for part in parts
        )
    )


@jinja2.pass_context
def _pager(context: Context, part: paging.Part[Any], parent: str, parent_title: str) -> Markdown:
    """A year's (or month's) neighbours and the page above it: 'Newer: 2026 · Older: 2024 · All: Contoso'."""
    folder = context["page_folder"]
    links = []
    if part.newer is not None:
        links.append(f"Newer: [{_period(part.newer)}]({_relative(name(part.newer.path), folder)})")
    if part.older is not None:
        links.append(f"Older: [{_period(part.older)}]({_relative(name(part.older.path), folder)})")
    links.append(f"Up: [{parent_title}]({_relative(name(parent), folder)})")
    return Markdown(" · ".join(links))


def _link_to(analysis: Analysis, folder: str) -> str:
    return _relative(page_of("analyses", name(analysis.slug)), folder)


def _item_with_meta(paragraphs: list[str], meta: str) -> str:
    """A list item of paragraphs (the first on the bullet's line) and a last, grey line of metadata."""
    rest = "".join(f"\n\n    {paragraph}" for paragraph in paragraphs[1:])
    return f"- {paragraphs[0]}{rest}\n\n    {meta}\n    {{: .pw-meta }}\n"


def _filter(method: Callable[..., Markdown], for_the_page: bool = False) -> Callable[..., Markdown]:
    """A filter that calls `method` of the build's `Shown`; `for_the_page` adds the folder of the page being rendered.

    (Filters rather than methods called from the templates: a filter is called directly by the compiled
    template, a method through Jinja's `Context.call`, and the templates call these tens of thousands of times.)
    """
    if for_the_page:

        @jinja2.pass_context
        def apply(context: Context, value: Any, *args: Any) -> Markdown:
            return method(context["shown"], value, *args, context["page_folder"])
    else:

        @jinja2.pass_context
        def apply(context: Context, value: Any) -> Markdown:
            return method(context["shown"], value)

    return apply


def front_matter(generated_from: str, meta: dict[str, Any]) -> Markdown:
    """A page's YAML front matter: a note naming where the page is made from, then `meta`.

    Everything a page's templates show beyond its Markdown is here (see
    `Renderer.meta`), so that an engine needs nothing but the page. PyYAML
    writes it: any text, control characters and line separators included,
    stays inside its quoted value. The note is a YAML comment: before the H1,
    HTML would stop MkDocs taking the title from it.
    """
    values = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)
    return Markdown(
        f"---\n# Generated by python -m generator from {name(generated_from)}. Edit the source, not this file.\n"
        f"{values}---\n"
    )


@jinja2.pass_context
def _front_matter(
    context: Context, description: str, searchable: bool = True, toc_depth: int | None = None
) -> Markdown:
    """The front matter of the page being rendered, with its description, whether search leaves it out, and how
    deep its table of contents goes.

    `toc_depth` is the deepest heading level the table of contents lists (the
    theme's `partials/toc.html` reads it): a listing's contents name its
    groups, not each of its analyses, as Material's blog plugin does for its
    views (`blog_toc`). With a thousand analyses, a table of contents listing
    each of them would be drawn twice on every listing page (sidebar and
    mobile menu) and weigh as much as the page.
    """
    meta: dict[str, Any] = {"description": description}
    if not searchable:
        meta["search"] = {"exclude": True}
    if toc_depth is not None:
        meta["toc_depth"] = toc_depth
    meta.update(context["page_meta"])
    return front_matter(context["generated_from"], meta)


@jinja2.pass_context
def _link(context: Context, kind: str, key: str) -> Markdown:
    """The path of the page of `key` in `kind` (see `page_of`) as seen from the page being rendered."""
    return Markdown(_relative(page_of(kind, key), context["page_folder"]))


HTML = HtmlPhrases()


@jinja2.pass_context
def _html_signal_state(context: Context, signal: Signal) -> Markdown:
    """What follows a signal to watch on the analysis page being rendered: its state as of the build, or its
    outcome."""
    return HTML.signal_state(signal, context["as_of"])


def _html_text(value: str) -> Markdown:
    """Plain text (`text.to_plain`) as the text of an element or a quoted attribute in an HTML block, which
    Python-Markdown passes through as it is."""
    return Markdown(text.escape_html(value))


def _correction_id(number: int) -> Markdown:
    """The id of an analysis's `number`th correction, oldest first."""
    return name(correction_anchor(number))


def _wikidata(item: str) -> Markdown:
    """The link destination of a Wikidata item's page."""
    return url_attribute(wikidata_item(item))


class Citations:
    """The numbered references of one analysis page, and where each source is cited.

    A source's number is its place under Sources, so that it is the same
    wherever it is cited; each citing paragraph or view has an id that its
    sources link back to. Only fixed words, numbers and these ids are written
    into markup: nothing here comes from content.
    """

    def __init__(self, analysis: Analysis):
        self._numbers = {source.id: number for number, source in enumerate(analysis.sources, 1) if source.id}
        self._cited_in: dict[int, list[tuple[str, str, str]]] = {}
        """Source number -> (anchor, short name, accessible name) of each place citing it, in page order."""
        for number, paragraph in enumerate(analysis.context, 1):
            self._cite(paragraph.cite, "context", number, f"Context ¶{number}", f"Context, paragraph {number}")
        for number, view in enumerate(analysis.expert_views, 1):
            self._cite(view.cite, "view", number, f"Expert view {number}", f"Expert views, view {number}")

    def _cite(self, cite: tuple[str, ...], section: str, number: int, short: str, label: str) -> None:
        for source in cite:
            self._cited_in.setdefault(self._numbers[source], []).append((citing_anchor(section, number), short, label))

    def references(self, cite: tuple[str, ...]) -> Markdown:
        """Superscript links (HTML) to the sources `cite` names, by number, in the order of Sources."""
        if not cite:
            return Markdown("")
        links = "".join(
            f'<a aria-label="Source {number}" href="#{source_anchor(number)}">[{number}]</a>'
            for number in sorted(self._numbers[source] for source in cite)
        )
        return Markdown(f'<sup class="pw-refs">{links}</sup>')

    def citing_id(self, section: str, number: int) -> Markdown:
        """The id of the `number`th paragraph (`section` "context") or view ("view")."""
        return name(citing_anchor(section, number))

    def source_id(self, number: int) -> Markdown:
        """The id of the `number`th source."""
        return name(source_anchor(number))

    def cited_in(self, number: int) -> Markdown:
        """Links back (HTML) from the `number`th source to every place that cites it."""
        places = self._cited_in.get(number)
        if not places:
            return Markdown("")
        links = ", ".join(
            f'<a aria-label="Cited in {label}" href="#{anchor}">↩ {short}</a>' for anchor, short, label in places
        )
        return Markdown(f' · <span class="pw-cited-in">{links}</span>')


@jinja2.pass_context
def _link_file(context: Context, path: str) -> Markdown:
    """The path of a generated page or file (see paths.py) as seen from the page being rendered."""
    return Markdown(_relative(name(path), context["page_folder"]))


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # `_finalize` escapes, for Markdown (see above).
        autoescape=False,
        extensions=["jinja2.ext.do"],
        # Markdown's `{#anchor}` would open a Jinja comment.
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # The templates are part of the generator's code: a build never sees them change.
        auto_reload=False,
    )
    env.filters.update(
        inline=_filter(Shown.inline),
        # An analysis page's body is HTML blocks (HtmlPhrases).
        html=HTML.inline,
        html_list=HTML.bullets,
        html_names=HTML.names,
        html_source=HTML.source,
        html_signal_state=_html_signal_state,
        listing=_filter(Shown.listing, for_the_page=True),
        entries=_filter(Shown.entries, for_the_page=True),
        listing_out_of_search=_filter(Shown.listing_out_of_search, for_the_page=True),
        implications=_filter(Shown.implications, for_the_page=True),
        signal_items=_filter(Shown.signal_items, for_the_page=True),
        correction_items=_filter(Shown.correction_items, for_the_page=True),
        tallies=tallies,
        tally_line=tally_line,
        parts=_parts_list,
        pager=_pager,
        period=lambda part: Markdown(_period(part)),
        counted=counted,
        tags=_filter(Shown.tags, for_the_page=True),
        tag=_filter(Shown.tag, for_the_page=True),
        plain=text.to_plain,
        html_text=_html_text,
        time=time_tag,
        url=url_attribute,
        wikidata=_wikidata,
        reading_minutes=reading_minutes,
        name=name,
    )
    env.globals["link"] = _link
    env.globals["correction_id"] = _correction_id
    env.globals["link_file"] = _link_file
    env.globals.update(watch=WATCH, watch_record=WATCH_RECORD)
    env.globals["front_matter"] = _front_matter
    env.globals["pagefind_ignore"] = Markdown(PAGEFIND_IGNORE)
    env.globals["pagefind_body"] = Markdown(PAGEFIND_BODY)
    return env


_env = _environment()


@dataclass
class Kept:
    """What rendering keeps from one build to the next, in the live preview (see generator/reuse.py)."""

    pages: Reuse[str] = field(default_factory=Reuse)
    """Each page's Markdown (`Renderer._page`)."""
    related: Reuse[dict[str, tuple[str, ...]]] = field(default_factory=Reuse)
    """Each analysis's related analyses, by slug (`Renderer._related`)."""
    inline: Reuse[Markdown] = field(default_factory=Reuse)
    """Texts with their inline Markdown (`Shown.inline`)."""


class Renderer:
    """The pages of one edition: Markdown with everything the theme shows of a page in its front matter."""

    def __init__(
        self,
        content: Content,
        edition: Edition,
        home_intro: str,
        include_drafts: bool = False,
        as_of: dt.date | None = None,
        kept: Kept | None = None,
    ):
        self.content = content
        self.as_of = as_of if as_of is not None else asof.as_of()
        """The day the pages are as of: what is overdue depends on it."""
        self.edition = edition
        self.home_intro = home_intro
        self.analyses = content.analyses if include_drafts else content.published
        keeps_pages = kept is not None
        kept = kept if kept is not None else Kept()
        # What every page is made from besides what `pages` names for each: the names, labels and descriptions
        # of entities, topics and stakeholders (in listings, JSON-LD and feed titles), the edition, the day.
        kept.pages.start((edition, self.as_of, content.entities, content.taxonomy, home_intro, include_drafts))
        kept.related.start()
        kept.inline.start()
        # Only a preview, which builds again, keeps its pages: a build that writes each page and lets it go
        # would otherwise hold all of them (at 10,000 analyses, most of the publication's 1 GB).
        self._kept_pages = kept.pages if keeps_pages else None
        self.indexes = indexes(content, self.analyses)
        self.related = self._related(kept.related)
        self.shown = Shown(self.indexes, kept.inline)
        self.network = network.graph(self.indexes["partners"], self.analyses)

    def _related(self, kept: Reuse[dict[str, tuple[str, ...]]]) -> dict[str, tuple[Analysis, ...]]:
        """Each analysis's related analyses (`related_by_slug`), found again only when what they are chosen by
        changes: the order of the analyses and their partners, topics and related analyses."""
        chosen_by = tuple(
            (analysis.slug, analysis.partners, analysis.topics, analysis.related) for analysis in self.analyses
        )
        slugs = kept.get(
            chosen_by,
            lambda: {
                slug: tuple(other.slug for other in found) for slug, found in related_by_slug(self.analyses).items()
            },
        )
        by_slug = {analysis.slug: analysis for analysis in self.analyses}
        return {slug: tuple(by_slug[other] for other in found) for slug, found in slugs.items()}

    def searched(self) -> Iterator[str]:
        """The generated pages that search indexes something of (see `meta`): the analyses' pages, which are
        `search_body`, and each partner's, topic's and stakeholder's page, by its name and description
        (PAGEFIND_BODY); not their year pages, nor any other listing. Hand-written pages are searched too:
        the publication adds them."""
        yield from (page_of("analyses", analysis.slug) for analysis in self.analyses)
        for kind in INDEX_KINDS:
            yield from (page_of(kind, key) for key in self.indexes[kind].terms)

    def meta(
        self,
        page_path: str,
        source: str,
        analysis: Analysis | None = None,
        shows: Sequence[Analysis] | None = None,
        below: str | None = None,
    ) -> dict[str, Any]:
        """What the theme shows of a page besides its Markdown: its source, feeds, dates and JSON-LD.

        A listing is a page that `shows` analyses (none yet, if the sequence is empty): it repeats their
        text, which search finds on their own pages. Every other page (an analysis, a hand-written page)
        is `search_body`: the theme marks its reading content for Pagefind, which then indexes nothing
        else (`data-pagefind-body`, overrides/main.html) but the name and description at the top of a
        partner's, topic's or stakeholder's listing (PAGEFIND_BODY).

        A page's `modified` date is its analysis's last update or, on a listing, that of the newest
        analysis it `shows`: the sitemap dates pages by it (overrides/sitemap.xml). A year's or month's page of
        a paged listing names the listing's page it is `below`: it offers that page's feeds.
        """
        meta: dict[str, Any] = {}
        if shows is None:
            meta["search_body"] = True
        source_url = self.edition.source(source)
        if source_url and not source.endswith("/"):  # one file to correct; a listing is made from a folder's
            meta["source"] = source_url
        if self.edition.on_the_web:
            meta["feeds"] = [
                {"type": feed.type, "title": feed.title, "href": feed.path}
                for feed in feeds.alternates(below or page_path, self.content, self.edition)
            ]
        if below is None and (crumbs := self._section_crumbs(page_path)):
            meta["breadcrumb"] = self._crumbs(crumbs, page_path)
        if analysis is not None:
            meta["page_toc"] = True  # on a phone, Material's table of contents hangs from a tab it has none of
            meta["published"] = analysis.published.isoformat()
            meta["modified"] = analysis.last_modified.isoformat()
            if self.edition.on_the_web:
                meta["jsonld"] = jsonld.analysis_jsonld(analysis, self.content, self.edition)
        elif shows:
            meta["modified"] = max(shown.last_modified for shown in shows).isoformat()
        if page_path == index_of("analyses"):
            # A path in the tree: the theme makes it the page's. The script loads the data (FINDER_DATA) itself,
            # only once a filter is set.
            meta["scripts"] = [FINDER_SCRIPT]
        return meta

    @staticmethod
    def _section_crumbs(page_path: str) -> list[tuple[str, str]]:
        """Where a page that no tab of the navigation names is: Home, then its section (title, page path)."""
        section, _, rest = page_path.partition("/")
        if section in SECTIONS and rest != "index.md":
            return [("Home", HOME), (SECTIONS[section], index_of(section))]
        return []

    def _crumbs(self, crumbs: list[tuple[str, str]], page_path: str) -> list[dict[str, str]]:
        """A breadcrumb as the theme reads it: each (title, page path) as a title and a link from `page_path`."""
        return [{"title": title, "href": self.edition.link(path, page_path)} for title, path in crumbs]

    def _render(
        self,
        template: str,
        page_path: str,
        source: str,
        analysis: Analysis | None = None,
        shows: Sequence[Analysis] | None = None,
        meta: dict[str, Any] | None = None,
        **values: Any,
    ) -> str:
        return _env.get_template(template).render(
            page_folder=posixpath.dirname(page_path) or ".",
            generated_from=source,
            page_meta=meta if meta is not None else self.meta(page_path, source, analysis, shows),
            entities=self.content.entities,
            taxonomy=self.content.taxonomy,
            shown=self.shown,
            as_of=self.as_of,
            analysis=analysis,
            **values,
        )

    def _page(self, path: str, made_from: tuple[object, ...], render: Callable[[], str]) -> str:
        """The page at `path`, rendered unless the last build rendered it from the same `made_from`: everything
        it shows besides what every page is made from (see `__init__`). Listings that show every analysis are
        made from all of them; an analysis page from itself and the analyses it links to by title."""
        if self._kept_pages is None:
            return render()
        return self._kept_pages.get((path, made_from), render)

    def pages(self, only: Container[str] | None = None) -> Iterator[tuple[str, str]]:
        """Every generated page, made as it is asked for: (path in the edition's tree, Markdown); with `only`, the
        pages at those paths alone, none of the others rendered (the live preview's first pass: the pages
        browsers are showing)."""
        for path, made_from, render in self._planned():
            if only is None or path in only:
                yield path, self._page(path, made_from, render)

    def _planned(self) -> Iterator[tuple[str, tuple[object, ...], Callable[[], str]]]:
        """Every generated page as `_page` takes it: its path, what it is made from, and what renders it."""
        analyses = f"{ANALYSES_DIR}/"
        every = self.analyses
        finder_limits = paging.limits("entries")
        yield (
            HOME,
            (every,),
            lambda: self._render(
                "home.md.j2",
                HOME,
                "content/",
                shows=every,
                feed=self._feed(),
                tagline=self.edition.description,
                intro=Markdown(self.home_intro),
                latest=every[:LATEST_ON_HOME],
            ),
        )
        yield (
            index_of("analyses"),
            (every,),
            lambda: self._render(
                "analyses.md.j2",
                index_of("analyses"),
                analyses,
                shows=every,
                analyses=every,
                latest=paging.shown(every, finder_limits),
                choices=finder.choices(every, self.indexes),
                finder_data=FINDER_DATA,
            ),
        )
        archive = Paged(
            paging.view(index_of("archive"), every, _published, paging.limits("lines")),
            "Archive",
            "Analyses published in",
            "analysis",
            "listing",
            analyses,
        )
        yield (
            index_of("archive"),
            (every,),
            lambda: self._render(
                "archive.md.j2",
                index_of("archive"),
                analyses,
                shows=every,
                analyses=every,
                view=archive.view,
                years=_by_year(every, _published),
            ),
        )
        yield from self._parts(archive, _itself, (every,))
        tracked = tracker(every, self.as_of)
        watched = Paged(
            paging.view(WATCH, tracked.signals, _analysis_published, paging.limits("signals")),
            "What to watch",
            "Signals of analyses published in",
            "signal",
            "signals",
            analyses,
            searchable=False,
        )
        yield (
            WATCH,
            (every,),
            lambda: self._render(
                "watch.md.j2",
                WATCH,
                analyses,
                shows=every,
                tracker=tracked,
                view=watched.view,
                latest=watched.view.limits.latest,
                calendar=WATCH_CALENDAR if self.edition.on_the_web else "",
            ),
        )
        yield from self._parts(watched, _analysis_of, (every,))
        counted_record = record(tracked, list(self.indexes["partners"].terms))
        resolved = Paged(
            paging.view(WATCH_RECORD, counted_record.resolved, _resolved, paging.limits("signals")),
            "Track record",
            "Signals resolved in",
            "signal",
            "resolved",
            analyses,
        )
        yield (
            WATCH_RECORD,
            (every,),
            lambda: self._render(
                "record.md.j2", WATCH_RECORD, analyses, shows=every, record=counted_record, view=resolved.view
            ),
        )
        yield from self._parts(resolved, _analysis_of, (every,))
        corrected = Paged(
            paging.view(CORRECTIONS, corrections(every), _corrected, paging.limits("corrections")),
            "Corrections",
            "Corrections made in",
            "correction",
            "corrections",
            analyses,
        )
        yield (
            CORRECTIONS,
            (every,),
            lambda: self._render(
                "corrections.md.j2",
                CORRECTIONS,
                analyses,
                shows=every,
                view=corrected.view,
                years=_by_year(corrected.view.entries, _corrected),
            ),
        )
        yield from self._parts(corrected, _corrected_analysis, (every,))
        for position, analysis in enumerate(every):  # newest first
            path = page_of("analyses", analysis.slug)
            related = self.related[analysis.slug]
            older = every[position + 1] if position + 1 < len(every) else None
            newer = every[position - 1] if position else None
            yield (
                path,
                (analysis.path, analysis, related, older, newer),
                partial(
                    self._render,
                    "analysis.md.j2",
                    path,
                    analysis.path,
                    analysis=analysis,
                    related=related,
                    citations=Citations(analysis),
                    older=older,
                    newer=newer,
                ),
            )
        # A partner's picture shows its ties and their counts, which follow every analysis's partners.
        ties = tuple(analysis.partners for analysis in every)
        for kind in INDEX_KINDS:
            index = self.indexes[kind]
            listing = index_of(kind)
            yield (
                listing,
                (every,),
                partial(
                    self._render,
                    "index.md.j2",
                    listing,
                    DEFINED_IN[kind],
                    shows=every,
                    index=index,
                    picture=self._picture(kind, listing),
                ),
            )
            for key in index.terms:
                path = page_of(kind, key)
                paged = self._paged_entry(kind, key, path)
                yield (
                    path,
                    (index.analyses[key], ties if kind == "partners" else None),
                    partial(self._term_page, kind, key, path, paged),
                )
                yield from self._parts(paged, _itself, (index.analyses[key],))

    def _term_page(self, kind: str, key: str, path: str, paged: Paged) -> str:
        index = self.indexes[kind]
        return self._render(
            f"{kind}.md.j2",
            path,
            DEFINED_IN[kind],
            shows=index.analyses[key],
            feed=self._feed(kind, key) if kind in FEED_KINDS else None,
            index=index,
            key=key,
            analyses=index.analyses[key],
            view=paged.view,
            picture=self._picture(kind, path, key),
        )

    def _paged_entry(self, kind: str, key: str, path: str) -> Paged:
        """The analyses of a partner, topic or stakeholder, as a paged listing."""
        label = self.indexes[kind].terms[key][0]
        what, body = {
            "partners": (f"Analyses of {label} published in", "entries"),
            "topics": (f"Analyses on {label} published in", "entries"),
            "stakeholders": (f"Analyses with implications for {label} published in", "implications"),
        }[kind]
        view = paging.view(path, self.indexes[kind].analyses[key], _published, paging.limits(body))
        return Paged(view, label, what, "analysis", body, DEFINED_IN[kind], key=key)

    def _parts(
        self, paged: Paged, analysis_of: Callable[[Any], Analysis], made_from: tuple[object, ...]
    ) -> Iterator[tuple[str, tuple[object, ...], Callable[[], str]]]:
        """The year and month pages of a paged listing (none when it fits on its own page), each made from what
        its listing is `made_from` (`_page`)."""
        listing = paged.view.path
        above = self._section_crumbs(listing) or ([("Home", HOME)] if listing != HOME else [])
        for part in paged.view.parts():
            year = page_below(listing, part.year)
            crumbs = [*above, (text.to_plain(paged.label), listing)]
            if part.month is not None:
                crumbs.append((str(part.year), year))
            yield part.path, made_from, partial(self._part, paged, part, analysis_of, crumbs, year)

    def _part(
        self,
        paged: Paged,
        part: paging.Part[Any],
        analysis_of: Callable[[Any], Analysis],
        crumbs: list[tuple[str, str]],
        year: str,
    ) -> str:
        listing = paged.view.path
        shows = [analysis_of(entry) for entry in part.entries]
        meta = self.meta(part.path, paged.source, shows=shows, below=listing)
        meta["breadcrumb"] = self._crumbs(crumbs, part.path)
        return self._render(
            "year.md.j2",
            part.path,
            paged.source,
            meta=meta,
            paged=paged,
            part=part,
            parent=listing if part.month is None else year,
            parent_title=self.shown.inline(paged.label) if part.month is None else Markdown(part.year),
            signals=tracker_of(part.entries) if paged.body == "signals" else None,
        )

    def _feed(self, kind: str | None = None, key: str | None = None) -> str | None:
        """The path of the publication's feed, or of a partner's or topic's, without its extension, for a page to
        offer; None in an edition without feeds."""
        return feed_path(kind, key) if self.edition.on_the_web else None

    def _picture(self, kind: str, page_path: str, key: str | None = None) -> network.Picture | None:
        """The partnership network on the partners' listing, a partner's neighbourhood on its page."""
        if kind != "partners":
            return None
        if key is None:
            picture = network.overview(self.network, self.edition, page_path)
        else:
            picture = network.neighbourhood(self.network, key, self.edition, page_path)
        # An HTML block that ElementTree wrote, escaping every text and attribute: written as it is.
        return None if picture is None else replace(picture, figure=Markdown(picture.figure))


@dataclass(frozen=True)
class Paged:
    """A listing that may be paged (generator/paging.py), with what its year and month pages say of it."""

    view: paging.View[Any]
    label: str
    """The listing's title, as an author wrote it (a partner's name) or fixed ("Archive")."""
    what: str
    """What its entries are, before a year or month, as inline Markdown with the label as its author wrote it:
    'Analyses of Contoso published in'."""
    noun: str
    """What one entry is called, for counts: 'analysis', 'signal', 'correction'."""
    body: str
    """How a page writes its entries (year.md.j2): 'listing', 'entries', 'implications', 'signals',
    'resolved' or 'corrections'."""
    source: str
    """What its pages are made from (their front matter's note, and "Suggest a correction")."""
    searchable: bool = True
    """Whether search indexes its pages besides their entries, as it does its entry page."""
    key: str = ""
    """The stakeholder whose implications it lists."""


def _itself(analysis: Analysis) -> Analysis:
    return analysis


def _published(analysis: Analysis) -> dt.date:
    return analysis.published


def _analysis_of(signal: Watched) -> Analysis:
    return signal.analysis


def _analysis_published(signal: Watched) -> dt.date:
    """What to watch is paged by the year its signals were named in: their analysis's, which never changes, so a
    signal stays on its page when it falls due, becomes overdue or is resolved."""
    return signal.analysis.published


def _resolved(signal: Watched) -> dt.date:
    outcome = signal.signal.outcome
    assert outcome is not None, "the track record lists resolved signals only"
    return outcome.date


def _corrected(found: tuple[Analysis, Correction]) -> dt.date:
    return found[1].date


def _corrected_analysis(found: tuple[Analysis, Correction]) -> Analysis:
    return found[0]


Dated = TypeVar("Dated")


def _by_year(items: Iterable[Dated], date_of: Callable[[Dated], dt.date]) -> list[tuple[int, list[Dated]]]:
    """`items` (given newest first) grouped by year, newest year first, each group in the order given."""
    years: dict[int, list[Dated]] = {}
    for item in items:
        years.setdefault(date_of(item).year, []).append(item)
    return sorted(years.items(), key=lambda year: -year[0])
