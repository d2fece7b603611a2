"""Plain hints for the YAML syntax slips authors make most.

libyaml says what its parser expected ("mapping values are not allowed in this
context"), at the place where it gave up, which is sometimes past the slip.
`hint` reads the error together with the lines it points at and returns what to
change, and where, only when it is sure of both; otherwise the loader keeps
libyaml's own words. A hint replaces libyaml's message rather than adding to it:
libyaml's C parser and PyYAML's pure-Python one word their messages differently,
and the rules below look at what the text shows at the marks, so both parsers
give the same hint.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

import yaml


class Hint(NamedTuple):
    """What to change, at a 1-based position."""

    line: int
    col: int
    message: str


class _Slip(NamedTuple):
    """A libyaml error with the lines of the text it is about; 0-based, as libyaml counts."""

    problem: str
    context: str
    line: int
    col: int
    context_mark: tuple[int, int] | None
    lines: list[str]

    @property
    def text(self) -> str:
        """The line the problem mark is on."""
        return self.lines[self.line] if self.line < len(self.lines) else ""

    @property
    def char(self) -> str:
        """The character at the problem mark, or '' at the end of a line."""
        return self.text[self.col : self.col + 1]


# The line breaks YAML 1.1 counts (libyaml and PyYAML alike), for marks to find their lines.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

# The start of a block line: indentation and list dashes, then a plain key and its colon.
_LINE = re.compile(
    r"(?P<lead> *(?:-[ \t]+)*)"
    r"(?:(?P<key>[^\s\-?:,\[\]{}#&*!|>'\"%@`][^#]*?)[ \t]*(?P<colon>:)(?:[ \t]+|$))?"
)
# A key with no space after its colon, which makes the whole line one piece of text.
_NO_SPACE = re.compile(r" *(?:-[ \t]+)*(?P<key>[A-Za-z_][\w-]*):(?![\s/:]|$)")
# Characters that give a value a meaning other than plain text when they start it.
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"


class _Line(NamedTuple):
    indent: int
    """Leading spaces."""
    dashed: bool
    """The line starts a list item."""
    key: str | None
    key_start: int
    """Index where the key starts; -1 without a key."""
    colon: int
    """Index of the key's colon; -1 without a key."""
    value: int
    """Index where the value starts (after the key, or after the dashes)."""


def _anatomy(line: str) -> _Line:
    match = _LINE.match(line)
    assert match is not None  # every part of the pattern is optional
    lead = match["lead"]
    return _Line(
        indent=len(line) - len(line.lstrip(" ")),
        dashed="-" in lead,
        key=match["key"],
        key_start=match.start("key"),
        colon=match.start("colon"),
        value=match.end(),
    )


def _value_text(line: str, start: int) -> str:
    """The value from `start` to the end of the line, without a trailing comment."""
    comment = re.search(r"[ \t]#", line[start:])
    return line[start : start + comment.start() if comment else None].rstrip(" \t")


def _quoted(text: str) -> str:
    """`text` as a YAML double-quoted value."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _requoted(lines: list[str], index: int, start: int) -> str | None:
    """Line `index` with its value from `start` in double quotes, without indentation or comment.

    None when that can't be shown on one line of a message, or when the value may
    go on to the next line, which the quotes would then have to hold too.
    """
    line = lines[index]
    value = _value_text(line, start)
    if not value or not value.isprintable() or _continues(lines, index):
        return None
    return " ".join(filter(None, [line[:start].strip(), _quoted(value)]))


def _continues(lines: list[str], index: int) -> bool:
    """Whether the next line is indented more than line `index`'s key (or '- '), so may continue its value."""
    line = _anatomy(lines[index])
    column = line.key_start if line.key is not None else lines[index].rfind("-", 0, line.value)
    following = next((text for text in lines[index + 1 :] if text.strip()), "")
    if not following or following.lstrip().startswith("#"):
        return False
    return len(following) - len(following.lstrip(" ")) > column


def _must_be_quoted(what: str, lines: list[str], index: int, start: int | None) -> str:
    """The hint for text that must be quoted, with line `index` quoted from `start` when that is certain."""
    example = _requoted(lines, index, start) if start is not None else None
    return f"text {what} must be in quotes" + (f": {example}" if example else "")


def _previous(lines: list[str], index: int, *, comments: bool = True) -> int | None:
    """The nearest line before `index` that is not blank (nor, with `comments=False`, only a comment)."""
    for before in range(index - 1, -1, -1):
        content = lines[before].strip()
        if content and (comments or not content.startswith("#")):
            return before
    return None


# The rules: each takes a libyaml error and returns a hint, or None when it is not about that slip.


def _tab(slip: _Slip) -> Hint | None:
    """A tab in indentation.

    libyaml: "found character that cannot start any token", "found a tab character
    that violates indentation", "found a tab character where an indentation space is
    expected"; PyYAML: "found character '\\t' that cannot start any token".
    """
    if slip.char == "\t" and not slip.text[: slip.col].strip(" \t-"):
        return Hint(slip.line + 1, slip.col + 1, "a tab indents this line; YAML indents with spaces")
    return None


def _colon_in_value(slip: _Slip) -> Hint | None:
    """': ' in an unquoted value, as in title: Microsoft: the next phase.

    libyaml: "mapping values are not allowed in this context"; PyYAML: "... here".
    """
    if not slip.problem.startswith("mapping values are not allowed") or slip.char != ":":
        return None
    line = _anatomy(slip.text)
    if line.key is None or slip.col < line.value:
        return None
    # In a list item, the text may be meant as the whole item or as a field's value: don't guess.
    plain = not line.dashed and slip.text[line.value] not in _INDICATORS
    return Hint(
        slip.line + 1,
        slip.col + 1,
        _must_be_quoted("with ': ' in it", slip.lines, slip.line, line.value if plain else None),
    )


def _key_read_as_text(slip: _Slip) -> Hint | None:
    """A line's own key colon where YAML is still reading a value that began on a line above.

    libyaml: "mapping values are not allowed in this context"; PyYAML: "... here". The
    line above is the slip when its key has no space after the colon (title:Microsoft);
    this line is, when it is text with ': ' in it, or a key indented under a value.
    """
    if not slip.problem.startswith("mapping values are not allowed") or slip.char != ":":
        return None
    line = _anatomy(slip.text)
    above = _previous(slip.lines, slip.line)
    if line.key is None or slip.col != line.colon or above is None:
        return None
    squeezed = _NO_SPACE.match(slip.lines[above])
    if squeezed is not None:
        return Hint(above + 1, squeezed.end("key") + 1, f"'{squeezed['key']}:' needs a space after the colon")
    if any(space in line.key for space in " \t"):
        return Hint(slip.line + 1, slip.col + 1, _must_be_quoted("with ': ' in it", slip.lines, slip.line, None))
    parent = _anatomy(slip.lines[above])
    value = _value_text(slip.lines[above], parent.value)
    if parent.key is None or not value or value[0] in _INDICATORS or line.indent <= parent.key_start:
        return None
    return Hint(
        slip.line + 1,
        line.indent + 1,
        f"this line is read as more of the text after '{parent.key}:' on line {above + 1}, "
        f"because it is indented more than '{parent.key}'",
    )


def _unclosed_quote(slip: _Slip) -> Hint | None:
    """A quoted value that never ends: YAML reads on to the end of the file, and stops there.

    libyaml and PyYAML: "found unexpected end of stream" (or "... document separator"
    at a '---') while scanning a quoted scalar.
    """
    if slip.context != "while scanning a quoted scalar" or slip.context_mark is None:
        return None
    if not slip.problem.startswith(("found unexpected end of stream", "found unexpected document")):
        return None
    line, col = slip.context_mark
    quote = slip.lines[line][col]
    return Hint(
        line + 1,
        col + 1,
        f"this {quote} starts a quoted value that runs on to the end of the file; end the value with {quote}",
    )


def _escape(slip: _Slip) -> Hint | None:
    """A backslash in double quotes that doesn't start a valid escape, as in "C:\\Users".

    libyaml: "found unknown escape character", "did not find expected hexdecimal number";
    PyYAML: "found unknown escape character 'q'", "expected escape sequence of 8 hexadecimal
    numbers, but found 's'". The mark is at or a few characters past the backslash.
    """
    if slip.context not in ("while parsing a quoted scalar", "while scanning a double-quoted scalar"):
        return None
    if not slip.problem.startswith(("found unknown escape", "did not find expected hex", "expected escape")):
        return None
    backslash = slip.text.rfind("\\", 0, slip.col + 1)
    if backslash < 0:
        return None
    return Hint(
        slip.line + 1,
        backslash + 1,
        "in double quotes a backslash starts an escape; write a backslash as \\\\ or put the value in single quotes",
    )


_UNEXPECTED = ("did not find expected key", "did not find expected '-' indicator", "expected <block end>, but found")
_IN_BLOCK = ("while parsing a block mapping", "while parsing a block collection")


def _unexpected_in_block(slip: _Slip) -> bool:
    """The parser found something where a block mapping wanted a key or a list a '- ' item.

    libyaml: "did not find expected key" or "... '-' indicator"; PyYAML: "expected <block end>, but found ...".
    """
    return slip.problem.startswith(_UNEXPECTED) and slip.context in _IN_BLOCK


def _closing_quote(line: str, start: int) -> int | None:
    """Where the quoted value that opens at `start` closes on the line, if it does."""
    quote, index = line[start], start + 1
    escape = "\\" if quote == '"' else "''"  # a backslash and the character after it, or a doubled '
    while index < len(line):
        if line.startswith(escape, index):
            index += 2
        elif line[index] == quote:
            return index
        else:
            index += 1
    return None


def _value_cut_short(slip: _Slip) -> int | None:
    """Where a value starts, when the parser stopped at more text on the value's line."""
    if not _unexpected_in_block(slip):
        return None
    line = _anatomy(slip.text)
    if (line.key is None and not line.dashed) or line.value >= slip.col:
        return None
    return line.value


def _value_start(line: str, index: int) -> int | None:
    """`index` if a value starts there, after a key or a '- '; None if it may be something else."""
    anatomy = _anatomy(line)
    return index if (anatomy.key is not None or anatomy.dashed) and anatomy.value == index else None


def _text_after_quotes(slip: _Slip) -> Hint | None:
    """A quote inside a quoted value ends it early, as in 'It's here'."""
    start = _value_cut_short(slip)
    if start is None or slip.text[start] not in "'\"":
        return None
    close = _closing_quote(slip.text, start)
    if close is None or close >= slip.col or slip.text[close + 1 : slip.col].strip():
        return None
    quote = slip.text[close]
    advice = "inside single quotes, write ' as ''" if quote == "'" else 'inside double quotes, write " as \\"'
    return Hint(slip.line + 1, close + 1, f"this {quote} ends the quoted text, but more text follows; {advice}")


def _quote_closed_lines_later(slip: _Slip) -> Hint | None:
    """A quote left open and closed by the quote that opens a later value.

    As in published: "2026-04-28 ... date: "2026-04": the quoted value runs on to
    the later line and the parser stops at the text after the quote there (see
    `_unexpected_in_block`). Between the two quotes there is no other, so the
    nearest line above with that quote in it is where the value opened.
    """
    if not _unexpected_in_block(slip):
        return None
    before = slip.text[: slip.col].rstrip(" \t")
    if not before or before[-1] not in "'\"" or before[-1] in before[:-1]:
        return None
    quote = before[-1]
    opened = next((index for index in range(slip.line - 1, -1, -1) if quote in slip.lines[index]), None)
    if opened is None:
        return None
    text, line = slip.lines[opened], _anatomy(slip.lines[opened])
    if (line.key is None and not line.dashed) or text[line.value : line.value + 1] != quote:
        return None
    if _closing_quote(text, line.value) is not None:
        return None
    return Hint(
        opened + 1,
        line.value + 1,
        f"this {quote} starts a quoted value that runs on to line {slip.line + 1}; end the value with {quote}",
    )


def _text_after_a_list(slip: _Slip) -> Hint | None:
    """Text after a [list] or {mapping} that starts a value, as in [Draft] A title."""
    start = _value_cut_short(slip)
    if start is None or slip.text[start] not in "[{":
        return None
    return Hint(
        slip.line + 1, start + 1, _must_be_quoted(f"that starts with {slip.text[start]}", slip.lines, slip.line, start)
    )


def _alias_or_anchor(slip: _Slip) -> Hint | None:
    """Text that starts with * or &, which YAML reads as an alias or an anchor, as in *Not* this.

    libyaml: "did not find expected alphabetic or numeric character" while scanning
    an alias or an anchor; PyYAML: "expected alphabetic or numeric character, but found ...".
    """
    if slip.context not in ("while scanning an alias", "while scanning an anchor") or slip.context_mark is None:
        return None
    line, col = slip.context_mark
    text = slip.lines[line]
    return Hint(
        line + 1, col + 1, _must_be_quoted(f"that starts with {text[col]}", slip.lines, line, _value_start(text, col))
    )


def _reserved_start(slip: _Slip) -> Hint | None:
    """Text that starts with @, ` or %, which YAML keeps for other uses.

    libyaml: "found character that cannot start any token"; PyYAML: "found character '@' ...".
    """
    if "cannot start any token" not in slip.problem or slip.char not in ("@", "`", "%"):
        return None
    start = _value_start(slip.text, slip.col)
    return Hint(
        slip.line + 1, slip.col + 1, _must_be_quoted(f"that starts with {slip.char}", slip.lines, slip.line, start)
    )


def _key_without_colon(slip: _Slip) -> Hint | None:
    """A line where YAML expects a key, but with no ':' after it, as in a stray line of text.

    libyaml and PyYAML: "could not find expected ':'" while scanning a simple key,
    marked at the line after; the context mark is the line itself.
    """
    if slip.context != "while scanning a simple key" or slip.context_mark is None:
        return None
    line, col = slip.context_mark
    squeezed = _NO_SPACE.match(slip.lines[line])
    if squeezed is not None:
        return Hint(line + 1, squeezed.end("key") + 1, f"'{squeezed['key']}:' needs a space after the colon")
    return Hint(line + 1, col + 1, "this line reads as a key, but no ': ' follows it")


def _indentation(slip: _Slip) -> Hint | None:
    """A line whose indentation fits nothing above it, or whose first character doesn't fit its place.

    The parser stopped at the first character of a line: libyaml: "did not find
    expected key" or "... '-' indicator"; PyYAML: "expected <block end>, but found ...".
    The context mark is the mapping or list the line was read as part of.
    """
    if not _unexpected_in_block(slip) or slip.context_mark is None or slip.text[: slip.col].strip(" "):
        return None
    where = slip.line + 1, slip.col + 1
    if slip.col != slip.context_mark[1]:
        spaces = f"{slip.col} space{'' if slip.col == 1 else 's'}"
        return Hint(
            *where,
            f"this line is indented by {spaces}, which matches no level above it; "
            "indent it like the lines it belongs with",
        )
    if slip.context == "while parsing a block collection" and slip.char != "-":
        return Hint(
            *where,
            "this line lines up with the '- ' above it, so it must start with '- ' too; "
            "to continue the item above, indent it more",
        )
    if slip.context == "while parsing a block mapping" and slip.char == "-":
        above = _previous(slip.lines, slip.line, comments=False)
        if above is None:
            return None
        parent = _anatomy(slip.lines[above])
        if (
            parent.key is None
            or parent.dashed
            or parent.indent != slip.col
            or not _value_text(slip.lines[above], parent.value)
        ):
            return None
        return Hint(*where, f"'{parent.key}' on line {above + 1} already has a value, so a list can't follow it")
    return None


_RULES: tuple[Callable[[_Slip], Hint | None], ...] = (
    _tab,
    _colon_in_value,
    _key_read_as_text,
    _unclosed_quote,
    _escape,
    _text_after_quotes,
    _quote_closed_lines_later,
    _text_after_a_list,
    _alias_or_anchor,
    _reserved_start,
    _key_without_colon,
    _indentation,
)


def hint(error: yaml.MarkedYAMLError, text: str) -> Hint | None:
    """A hint for a YAML syntax error in `text`, or None to keep libyaml's message."""
    mark = error.problem_mark
    if mark is None or error.problem is None:
        return None
    context = error.context_mark
    slip = _Slip(
        problem=error.problem,
        context=error.context or "",
        line=mark.line,
        col=mark.column,
        context_mark=(context.line, context.column) if context is not None else None,
        lines=_BREAK.split(text),
    )
    for rule in _RULES:
        found = rule(slip)
        if found is not None:
            return found
    return None


def alias_without_anchor(text: str, line: int, col: int) -> str:
    """The hint for an alias at 1-based `line`, `col` with no anchor before it.

    Such an alias is most likely text that starts with *, as in *Not* this.
    """
    lines = _BREAK.split(text)
    return _must_be_quoted("that starts with *", lines, line - 1, _value_start(lines[line - 1], col - 1))


def unreadable_character(error: yaml.reader.ReaderError, text: str) -> Hint | None:
    """A character YAML doesn't allow, such as a control character pasted from a word processor.

    libyaml counts the error's position in bytes and PyYAML in characters, so the
    character is looked up instead: the reader stops at the first one in the text.
    """
    character = error.character if isinstance(error.character, str) else chr(error.character)
    index = text.find(character)
    if index < 0:
        return None
    breaks = list(_BREAK.finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return Hint(
        len(breaks) + 1,
        index - line_start + 1,
        f"character U+{ord(character):04X} is not allowed in YAML; delete it",
    )
