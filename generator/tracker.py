"""What the publication said to watch, and how it turned out: the tracker, the track record and the corrections.

Each signal is taken once, from its analysis (not once per partner), in one
stable order: newest analysis first, then slug (the order the analyses come
in), then the signal's place in its outlook. Every ordering below is a stable
sort of that order, so ties never reorder from one build to the next.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .asof import OPEN, OVERDUE, RESOLVED, deadline, signal_state
from .model import OUTCOMES, Analysis, Correction, Signal

TALLIES = (*OUTCOMES, OVERDUE, OPEN)
"""What the track record counts, in the order it shows them: how resolved signals turned out, then the others."""


@dataclass(frozen=True)
class Watched:
    """A signal to watch, with its analysis and its state on the build's date."""

    analysis: Analysis
    number: int
    """Its place in its analysis's outlook, from 1."""
    signal: Signal
    state: str
    """'open', 'overdue' or 'resolved' (see asof.signal_state)."""
    due: dt.date | None
    """The last day of its `by`, when it has one."""

    @property
    def tally(self) -> str:
        """Where the track record counts it: its outcome's status, or its state."""
        return self.signal.outcome.status if self.signal.outcome else self.state


@dataclass(frozen=True)
class Tracker:
    overdue: tuple[Watched, ...]
    """Longest overdue first."""
    open: tuple[Watched, ...]
    """Soonest due first, undated last."""
    resolved: tuple[Watched, ...]
    """Newest outcome first."""

    @property
    def signals(self) -> tuple[Watched, ...]:
        return self.overdue + self.open + self.resolved


def watched(analyses: tuple[Analysis, ...], as_of: dt.date) -> tuple[Watched, ...]:
    """Every signal of `analyses` (given newest first, then by slug), once, in the order they name them."""
    return tuple(
        Watched(analysis, number, signal, signal_state(signal, as_of), deadline(signal.by) if signal.by else None)
        for analysis in analyses
        for number, signal in enumerate(analysis.outlook.watch, start=1)
    )


def _by_due_date(signal: Watched) -> tuple[bool, dt.date]:
    return (signal.due is None, signal.due or dt.date.min)


def _newest_outcome_first(signal: Watched) -> int:
    outcome = signal.signal.outcome
    return -outcome.date.toordinal() if outcome else 0


def tracker(analyses: tuple[Analysis, ...], as_of: dt.date) -> Tracker:
    every = watched(analyses, as_of)
    return Tracker(
        overdue=tuple(sorted((s for s in every if s.state == OVERDUE), key=_by_due_date)),
        open=tuple(sorted((s for s in every if s.state == OPEN), key=_by_due_date)),
        resolved=tuple(sorted((s for s in every if s.state == RESOLVED), key=_newest_outcome_first)),
    )


def tracker_of(signals: tuple[Watched, ...]) -> Tracker:
    """Signals already in a tracker's order (a page of What to watch), by state, each state in the order given."""
    return Tracker(
        overdue=tuple(s for s in signals if s.state == OVERDUE),
        open=tuple(s for s in signals if s.state == OPEN),
        resolved=tuple(s for s in signals if s.state == RESOLVED),
    )


@dataclass(frozen=True)
class Record:
    """The track record: how many signals turned out each way, overall and for each partner."""

    overall: Counter[str]
    """Tally (see TALLIES) -> signals."""
    partners: dict[str, Counter[str]]
    """Entity id -> its tallies, for the partners of analyses with signals, in `partner_order`."""
    resolved: tuple[Watched, ...]
    """Newest outcome first."""


def record(tracked: Tracker, partner_order: list[str]) -> Record:
    """Count each signal once overall, and once for every partner of its analysis."""
    overall: Counter[str] = Counter()
    partners: dict[str, Counter[str]] = {}
    for signal in tracked.signals:
        overall[signal.tally] += 1
        for partner in dict.fromkeys(signal.analysis.partners):
            partners.setdefault(partner, Counter())[signal.tally] += 1
    ordered = {key: partners[key] for key in partner_order if key in partners}
    return Record(overall, ordered, tracked.resolved)


def corrections(analyses: tuple[Analysis, ...]) -> tuple[tuple[Analysis, Correction], ...]:
    """Every correction of `analyses` (given newest first, then by slug), newest correction first."""
    every = [(analysis, correction) for analysis in analyses for correction in analysis.corrections]
    return tuple(sorted(every, key=lambda found: -found[1].date.toordinal()))
