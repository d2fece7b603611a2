"""Values a build makes that the next build can take as they are: for the live preview, which builds on every save.

A value is kept under a key that holds everything it is made from (frozen
dataclasses, strings, tuples), so a value found is exactly the value that
would be made: nothing needs invalidating. What every value of a build is made
from (the entities, the taxonomy, the edition…) can be given once, as the
build's context, rather than in every key: when it differs from the previous
build's, nothing is kept. Only what the last build used is kept, so memory
stays that of one build however many builds a preview runs.

Keys are compared whole, so they hold analyses as they are: an unchanged
analysis is the very same object from one build to the next (the checked files
are kept in memory, `generator/cache.py`), which compares at once, and it
hashes once (`model.Analysis.__hash__`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class Reuse(Generic[Value]):
    def __init__(self) -> None:
        self._kept: dict[Hashable, Value] = {}
        self._used: dict[Hashable, Value] = {}
        self._context: object = None

    def start(self, context: object = None) -> None:
        """Begin a build: what the previous one used may be taken, the rest is let go; all of it when `context`,
        what every value of this build is made from besides its key, differs from the previous build's."""
        if context != self._context:
            self._context, self._kept, self._used = context, {}, {}
        elif self._used:
            self._kept, self._used = self._used, {}

    def get(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """The value for `key`: from this build or the previous one, or made now."""
        value = self._used.get(key)
        if value is None:
            value = self._kept.get(key)
            if value is None:
                value = make()
            self._used[key] = value
        return value
