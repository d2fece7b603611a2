"""How long an analysis takes to read: every text a reader sees on its page, at 220 words a minute."""

from __future__ import annotations

import math
from functools import lru_cache

from . import text
from .model import Analysis

WORDS_PER_MINUTE = 220


def reader_texts(analysis: Analysis) -> list[str]:
    """The texts of an analysis in the order its page shows them."""
    texts = [analysis.title, analysis.summary, *(paragraph.text for paragraph in analysis.context)]
    for view in analysis.expert_views:
        texts += [view.view, view.source]
    for implication in analysis.implications:
        texts += implication.points
    texts.append(analysis.outlook.summary)
    for signal in analysis.outlook.watch:
        texts.append(signal.signal)
        if signal.outcome:
            texts.append(signal.outcome.note)
            if signal.outcome.source:
                texts += [signal.outcome.source.publisher, signal.outcome.source.title or ""]
    for source in analysis.sources:
        texts += [source.publisher, source.title or ""]
    texts += [correction.text for correction in analysis.corrections]
    return texts


@lru_cache(maxsize=4096)
def word_count(analysis: Analysis) -> int:
    """Counted once per build for the page, its JSON-LD and its open data, which all show it."""
    return sum(text.word_count(value) for value in reader_texts(analysis) if value)


def reading_minutes(analysis: Analysis) -> int:
    """Minutes, rounded up, and never less than one."""
    return max(1, math.ceil(word_count(analysis) / WORDS_PER_MINUTE))
