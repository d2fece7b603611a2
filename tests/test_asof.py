"""The date a build is as of, and the state of a signal to watch on that date."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import asof
from generator.model import Outcome, Pos, Signal

POS = Pos("content/analyses/x.yaml", 1, 1)


def signal(by: str | None = None, outcome: Outcome | None = None) -> Signal:
    return Signal("Whether it happens.", by, outcome, POS)


def test_as_of_is_the_day_source_date_epoch_names(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083199")  # 30 November 2026, 23:59:59 UTC
    assert asof.as_of() == dt.date(2026, 11, 30)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796083200")
    assert asof.as_of() == dt.date(2026, 12, 1)


@pytest.mark.parametrize("value", [None, "", "  "])
def test_without_source_date_epoch_as_of_is_today_in_utc(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    else:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    before = dt.datetime.now(dt.UTC).date()
    assert before <= asof.as_of() <= dt.datetime.now(dt.UTC).date()


@pytest.mark.parametrize("value", ["yesterday", "-1", "1.5", "2026-12-01"])
def test_a_malformed_source_date_epoch_is_an_error(monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH must be a number of seconds"):
        asof.as_of()


@pytest.mark.parametrize(
    ("by", "last_day"),
    [
        ("2026-05-15", dt.date(2026, 5, 15)),
        ("2026-05", dt.date(2026, 5, 31)),
        ("2028-02", dt.date(2028, 2, 29)),
        ("2026-02", dt.date(2026, 2, 28)),
        ("2026", dt.date(2026, 12, 31)),
    ],
)
def test_a_by_lasts_to_the_end_of_the_period_it_names(by, last_day):
    assert asof.deadline(by) == last_day


def test_a_signal_is_overdue_the_day_after_its_by_ends():
    due = signal(by="2026-05")
    assert asof.signal_state(due, dt.date(2026, 5, 31)) == "open"
    assert asof.signal_state(due, dt.date(2026, 6, 1)) == "overdue"
    assert asof.signal_state(signal(by="2026"), dt.date(2026, 12, 31)) == "open"
    assert asof.signal_state(signal(by="2026"), dt.date(2027, 1, 1)) == "overdue"


def test_a_signal_without_a_by_stays_open():
    assert asof.signal_state(signal(), dt.date(9999, 12, 31)) == "open"


def test_an_outcome_resolves_a_signal_whatever_its_by():
    outcome = Outcome("did-not-happen", dt.date(2026, 7, 1), "It did not.", None, POS)
    assert asof.signal_state(signal(by="2026-05", outcome=outcome), dt.date(2027, 1, 1)) == "resolved"
    assert asof.signal_state(signal(outcome=outcome), dt.date(2026, 1, 1)) == "resolved"
    assert set(asof.STATES) == {"open", "overdue", "resolved"}
