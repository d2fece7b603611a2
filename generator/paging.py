"""Listings that grow with the archive, kept under a page's weight: the newest on the entry page, then a page
per year, and a page per month in a year too full for one.

One rule for every such listing (the archive; each partner's, topic's and stakeholder's page; What to watch;
the track record's resolved signals; the corrections), as Material's blog plugin has one `View`: a listing
whose entries all fit on one page (`Limits.most`) is that one page, as it always was, and no page is made below
it. One that doesn't shows its newest `Limits.latest` on its entry page, then links to every year with its
count; each year is a page listing all of that year's entries (`/archive/2025/`, `/partners/<id>/2025/`), and a
year with more than `most` entries lists its months instead, each a page (`/archive/2025/03/`). Every entry is
on exactly one year or month page, so "every analysis", "every implication" and "every signal" hold across
them. The pages are made from dates that never change (when an analysis was published, when a signal was
resolved, when a correction was made), not from positions: a newer entry never moves an older one to another
page, so a link to a year page keeps showing what it showed. `paths.page_below` names the pages.

How many entries a page holds comes from what an entry weighs in the built HTML, measured on `make bench`'s
synthetic corpus (bench/corpus.py: its texts have the lengths of the seed analysis) at 1,000 analyses and
checked at 10,000, as (page bytes - an empty listing's bytes) / entries:

- an entry with its summary (partners, topics, the analyses index): about 1.0 to 1.1 kB;
- an entry with what it means for a stakeholder (two or three points): about 1.2 kB;
- a signal to watch with its state and a line naming its analysis: about 0.45 to 0.55 kB;
- a correction with its date and its analysis: written as a signal is (the corpus has none), counted as one;
- an archive line (title, date, partners): about 0.3 kB.

A page has `PAGE_BUDGET` bytes, of which `FRAME` go to what every page carries (Material's header, tabs,
navigation and footer, about 21 kB for an empty listing, and on an entry page the lines of up to a century of
years); each kind of entry counts one and a half times what it measured, room for texts at their longest (a
summary may be 600 characters, where the corpus's are 400). Not twice: at 10,000 analyses a stakeholder's year
holds about 91 implications, which fit one page at about 130 kB, where twice would split nearly every such year
into 12 month pages (12,963 more pages to build, 56% of the HTML pages, for no reader's benefit). `make bench` prints
the largest pages and says loudly when one is over the budget, since no limit can bound a text's length
everywhere (a stakeholder's points have no count limit, and a month can in principle hold more than `most`).

`PAGE_LIMITS_VARIABLE` sets both numbers for every listing (`1,2`): so that the tests' small fixtures reach
the limits, and so that a contributor can see the paged listings on a small content folder.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .paths import page_below

PAGE_BUDGET = 250_000
"""The most bytes of HTML a page may weigh (issue #16)."""
FRAME = 50_000
"""What a page spends besides its entries: the theme's frame, and an entry page's list of years."""
LATEST = 50
"""How many of its newest entries a paged listing shows on its entry page."""
MARGIN = 1.5
"""How many times its measured weight an entry is counted: room for longer texts than the corpus's."""

ENTRY_BYTES = {
    "entries": 1_100,
    "implications": 1_250,
    "signals": 550,
    "corrections": 550,
    "lines": 300,
}
"""What one entry of each kind weighs in a built page, in bytes (measured as the module's docstring says)."""

PAGE_LIMITS_VARIABLE = "PARTNERSHIP_WATCH_PAGE_LIMITS"


@dataclass(frozen=True)
class Limits:
    latest: int
    """The entries a paged listing's entry page shows, newest first."""
    most: int
    """The most entries one page lists: a listing with more is paged, a year with more split into months."""


def limits(kind: str) -> Limits:
    """The limits of a listing of `kind` entries (a key of ENTRY_BYTES), or those PAGE_LIMITS_VARIABLE sets."""
    chosen = os.environ.get(PAGE_LIMITS_VARIABLE, "").strip()
    if chosen:
        numbers = chosen.split(",")
        if len(numbers) != 2 or not all(number.strip().isdigit() and int(number) > 0 for number in numbers):
            raise SystemExit(f"{PAGE_LIMITS_VARIABLE} is {chosen!r}: it must be two whole numbers, such as 1,2")
        latest, most = (int(number) for number in numbers)
        return Limits(latest, most)
    most = int((PAGE_BUDGET - FRAME) // (MARGIN * ENTRY_BYTES[kind]))
    return Limits(min(LATEST, most), most)


Entry = TypeVar("Entry")


def shown(entries: Sequence[Entry], chosen: Limits) -> tuple[Entry, ...]:
    """What a listing's own page lists: every entry when they all fit, else the first (newest) `chosen.latest`."""
    return tuple(entries) if len(entries) <= chosen.most else tuple(entries[: chosen.latest])


@dataclass(frozen=True)
class Part(Generic[Entry]):
    """A page below a paged listing: a year, or a month of a year."""

    path: str
    """Its path in the edition's tree (paths.page_below)."""
    year: int
    month: int | None
    """None for a year's page."""
    entries: tuple[Entry, ...]
    """Every entry of its year or month, in the listing's order."""
    months: tuple[Part[Entry], ...] = ()
    """A year too full for one page: its months, newest first, each a page; the year's page lists them."""
    newer: Part[Entry] | None = field(default=None, compare=False, repr=False)
    older: Part[Entry] | None = field(default=None, compare=False, repr=False)
    """Its neighbours: the next and previous years (or months of the same year) that have entries."""


@dataclass(frozen=True)
class View(Generic[Entry]):
    """A listing and, when it is paged, the pages below it."""

    path: str
    """Its entry page: the listing's own URL, which stays its address."""
    entries: tuple[Entry, ...]
    """Every entry, in the listing's order."""
    limits: Limits
    years: tuple[Part[Entry], ...]
    """Newest first; empty when every entry fits on the entry page."""

    @property
    def paged(self) -> bool:
        return bool(self.years)

    @property
    def shown(self) -> tuple[Entry, ...]:
        """What the entry page lists (see `shown`)."""
        return shown(self.entries, self.limits)

    def parts(self) -> list[Part[Entry]]:
        """Every page below the entry page: each year, then its months."""
        return [page for year in self.years for page in (year, *year.months)]


def view(path: str, entries: Sequence[Entry], date_of: Callable[[Entry], dt.date], chosen: Limits) -> View[Entry]:
    """The listing at `path` of `entries` (in the order it shows them), paged by the year (and month) of
    `date_of` when they don't all fit on one page.

    Each year's and month's entries keep the order they were given in: a listing sorted newest first gives
    pages sorted newest first, What to watch its states' own orders.
    """
    entries = tuple(entries)
    if len(entries) <= chosen.most:
        return View(path, entries, chosen, ())
    years = []
    for year, in_year in _grouped(entries, lambda entry: date_of(entry).year):
        months: tuple[Part[Entry], ...] = ()
        if len(in_year) > chosen.most:
            months = _linked(
                [
                    Part(page_below(path, year, month), year, month, in_month)
                    for month, in_month in _grouped(in_year, lambda entry: date_of(entry).month)
                ]
            )
        years.append(Part(page_below(path, year), year, None, in_year, months))
    return View(path, entries, chosen, _linked(years))


def _grouped(entries: tuple[Entry, ...], key: Callable[[Entry], int]) -> list[tuple[int, tuple[Entry, ...]]]:
    """`entries` by `key`, the largest key first, each group in the order given."""
    groups: dict[int, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(key(entry), []).append(entry)
    return [(number, tuple(groups[number])) for number in sorted(groups, reverse=True)]


def _linked(parts: list[Part[Entry]]) -> tuple[Part[Entry], ...]:
    """`parts` (newest first), each told its neighbours."""
    for position, part in enumerate(parts):
        # Frozen, so that no template can change a page; set once here, before anyone sees them.
        object.__setattr__(part, "newer", parts[position - 1] if position else None)
        object.__setattr__(part, "older", parts[position + 1] if position + 1 < len(parts) else None)
    return tuple(parts)
