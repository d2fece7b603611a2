"""The date a build is "as of", and what it makes of a signal to watch: open, overdue or resolved.

A signal whose `by` has passed without an outcome is overdue; whether it has
passed depends on the day of the build, which `SOURCE_DATE_EPOCH` sets where a
build must be reproducible (https://reproducible-builds.org/specs/source-date-epoch/).
Every page that shows a signal's state asks here, so that they all agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os

from .model import Signal

ENVIRONMENT = "SOURCE_DATE_EPOCH"
OPEN, OVERDUE, RESOLVED = "open", "overdue", "resolved"
STATES = (OPEN, OVERDUE, RESOLVED)


def as_of() -> dt.date:
    """The build's date: the day (UTC) of `SOURCE_DATE_EPOCH` when it is set, else today (UTC).

    A malformed value is an error, as the specification asks, rather than a
    build quietly dated today.
    """
    value = os.environ.get(ENVIRONMENT, "").strip()
    if not value:
        return dt.datetime.now(dt.UTC).date()
    if not value.isdigit():
        raise ValueError(f"{ENVIRONMENT} must be a number of seconds since 1970-01-01, not {value!r}")
    return dt.datetime.fromtimestamp(int(value), dt.UTC).date()


def deadline(by: str) -> dt.date:
    """The last day a `by` of `YYYY`, `YYYY-MM` or `YYYY-MM-DD` allows: a signal due "by May 2026" is due
    until 31 May, one due "by 2026" until 31 December (validation has checked the date exists)."""
    parts = [int(part) for part in by.split("-")]
    if len(parts) == 3:
        return dt.date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return dt.date(parts[0], 12, 31)


def signal_state(signal: Signal, as_of: dt.date) -> str:
    """Resolved once it has an outcome; overdue when its `by` ended before `as_of`; else open."""
    if signal.outcome is not None:
        return RESOLVED
    if signal.by is not None and deadline(signal.by) < as_of:
        return OVERDUE
    return OPEN
