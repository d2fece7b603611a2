"""watch.ics: the signals to watch that have a date and no outcome yet, as an iCalendar feed (RFC 5545).

One all-day event per signal, on the last day its `by` names (asof.deadline:
the day itself, the end of its month or the end of its year), linking to the
analysis's What to watch. A calendar that subscribes to the feed gets a
signal's event moved when its date changes and removed once its outcome is
recorded, so each event keeps one UID from build to build:
`<slug>-<12 hex digits of the SHA-256 of the signal's text>@<site host>`.
The text rather than the signal's place in its outlook: an update that adds
or reorders signals keeps every other event where it was (a signal whose
text is edited becomes a new event, as it says something else).

Written with the `icalendar` library, which escapes and folds the text. The
bytes depend only on the content and the site's address: an event's DTSTAMP
is its analysis's last modified day, never the time of the build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urlsplit

import icalendar

from . import dates, text
from .asof import deadline
from .model import Analysis, Signal
from .paths import WATCH, Edition, page_of

# What an iCalendar text value can't carry: control characters other than tab (RFC 5545, 3.1).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
# Subscribed calendars are asked to look for changes once a day (RFC 7986 REFRESH-INTERVAL, and Outlook's own).
REFRESH = dt.timedelta(days=1)


def _plain(value: str) -> str:
    return _CONTROL.sub(" ", text.to_plain(value))


def _by_words(by: str) -> str:
    """'by 15 July 2026', 'by the end of July 2026', 'by the end of 2026': a month or a year lasts to its end."""
    return f"by {'' if by.count('-') == 2 else 'the end of '}{dates.partial_date(by)}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), dt.UTC)


def uid(analysis: Analysis, signal: Signal, host: str, repeated: int = 0) -> str:
    """The event's UID; `repeated` counts the analysis's earlier signals with the same text (the second is `-2`)."""
    digest = hashlib.sha256(signal.signal.encode()).hexdigest()[:12]
    return f"{analysis.slug}-{digest}{f'-{repeated + 1}' if repeated else ''}@{host}"


def _dated(analyses: tuple[Analysis, ...]) -> Iterator[tuple[dt.date, Analysis, Signal, int]]:
    """The signals with a date and no outcome: (due day, analysis, signal, earlier signals of its analysis with
    the same text)."""
    for analysis in analyses:
        seen: Counter[str] = Counter()
        for signal in analysis.outlook.watch:
            repeated = seen[signal.signal]
            seen[signal.signal] += 1
            if signal.by and not signal.outcome:
                yield deadline(signal.by), analysis, signal, repeated


def calendar(analyses: tuple[Analysis, ...], site: Edition) -> bytes:
    """The feed of the signals of `analyses` (given newest first) with a `by` date and no outcome, soonest first."""
    host = urlsplit(site.url).hostname or "localhost"
    title = _CONTROL.sub(" ", f"{site.name}: what to watch")
    feed = icalendar.Calendar()
    feed.add("prodid", f"-//{_CONTROL.sub(' ', site.name)}//What to watch//EN")
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("method", "PUBLISH")
    feed.add("name", title)
    feed.add("x-wr-calname", title)
    feed.add("description", "The signals our analyses said to watch, each on the day it should be known by.")
    feed.add("url", site.page(WATCH))
    feed.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", icalendar.vDuration(REFRESH))
    # In the order of their analyses (newest first, then slug) and of their outlooks, then by date: sorted
    # stably, so that ties never reorder.
    dated = sorted(_dated(analyses), key=lambda found: found[0])
    for due, analysis, signal, repeated in dated:
        url = site.page(page_of("analyses", analysis.slug)) + "#what-to-watch"
        event = icalendar.Event()
        event.add("uid", uid(analysis, signal, host, repeated))
        event.add("dtstamp", _midnight(analysis.last_modified))
        event.add("last-modified", _midnight(analysis.last_modified))
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
        event.add("summary", _plain(signal.signal))
        event.add(
            "description",
            f"To watch {_by_words(signal.by or '')}, from the analysis “{_plain(analysis.title)}”: {url}",
        )
        event.add("url", url)
        feed.add_component(event)
    return bytes(feed.to_ical())
