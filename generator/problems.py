"""The problem value and its formatters.

A problem is a small sortable value, 1-based like a compiler's message, so that
finding problems and showing them stay separate (as in yamllint).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    """Repository-relative path with forward slashes."""
    line: int | None
    """1-based; None for a problem with the whole file."""
    col: int | None
    message: str

    def plain(self) -> str:
        if self.line is None:
            return f"{self.path}: error: {self.message}"
        return f"{self.path}:{self.line}:{self.col}: error: {self.message}"

    def github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        where = f"file={_property(self.path)}"
        if self.line is not None:
            where += f",line={self.line},col={self.col}"
        return f"::error {where}::{_data(self.message)}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line or 0, self.col or 0, self.message)


def _data(text: str) -> str:
    # Escaping as GitHub's toolkit does (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


FORMATS = {"plain": Problem.plain, "github": Problem.github}


def format_problems(problems: Iterable[Problem], fmt: str = "plain") -> list[str]:
    formatter = FORMATS[fmt]
    return [formatter(p) for p in sorted(problems, key=Problem.sort_key)]
