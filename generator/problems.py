"""The problem value and its formatters.

A problem is a small sortable value, 1-based like a compiler's message, so that
finding problems and showing them stay separate (as in yamllint).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# What could end a line of output or act on a terminal: the C0 controls, DEL, the C1 controls,
# and the line and paragraph separators, which str.splitlines, editors and browsers take as line ends.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def one_line(text: str) -> str:
    """`text` with each character that could end or rewrite a line written as its escape (`\\n`, `\\x1b`, …).

    The escapes are those of Python and of YAML's double quotes, so an author can search for them.
    """
    return _UNPRINTABLE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED_ESCAPES.get(char)
    if named is not None:
        return named
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    """Repository-relative path with forward slashes; one line (see `message`)."""
    line: int | None
    """1-based; None for a problem with the whole file."""
    col: int | None
    message: str
    """One line of text, whatever text of the author's it quotes: made so here, once, for every format."""

    def __post_init__(self) -> None:
        # A value or file name with line breaks could otherwise print lines that look like problems of their own.
        object.__setattr__(self, "path", one_line(self.path))
        object.__setattr__(self, "message", one_line(self.message))

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
