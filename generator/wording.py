"""How the publication words a count: one helper for every plural it writes."""

from __future__ import annotations

IRREGULAR_PLURALS = {"analysis": "analyses"}


def counted(number: int, noun: str) -> str:
    """'1 analysis', '4 analyses', '0 signals', '1,200 analyses'."""
    return f"{number:,} {noun if number == 1 else IRREGULAR_PLURALS.get(noun, noun + 's')}"
