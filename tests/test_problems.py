"""One problem is one line in every format, whatever text of the author's it quotes."""

from __future__ import annotations

import pytest
import yaml

from generator import source
from generator.__main__ import main
from generator.problems import Problem, format_problems

FORGED = "x\ncontent/analyses/forged.yaml:1:1: error: forged\n::error::forged\r\x1b[2Kgone"


def test_a_problem_quoting_text_with_line_breaks_is_one_line_in_each_format():
    problem = Problem("content/analyses/a.yaml", 3, 5, f"unknown stance '{FORGED}'")
    for fmt in ("plain", "github"):
        (line,) = format_problems([problem], fmt)
        assert line.splitlines() == [line]
        assert "\x1b" not in line
    assert problem.plain() == (
        "content/analyses/a.yaml:3:5: error: unknown stance "
        "'x\\ncontent/analyses/forged.yaml:1:1: error: forged\\n::error::forged\\r\\x1b[2Kgone'"
    )


@pytest.mark.parametrize(
    "char, shown",
    [
        ("\x00", "\\x00"),
        ("\t", "\\t"),
        ("\x0b", "\\x0b"),
        ("\x7f", "\\x7f"),
        ("\x85", "\\x85"),
        ("\x9f", "\\x9f"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ],
)
def test_characters_that_end_or_rewrite_a_line_are_escaped_in_path_and_message(char, shown):
    problem = Problem(f"content/analyses/a{char}.yaml", None, None, f"'{char}'")
    assert problem.plain() == f"content/analyses/a{shown}.yaml: error: '{shown}'"


def test_a_stance_cannot_forge_lines_of_validate_output(project, capsys):
    path = project / "content" / "analyses" / "contoso-fabrikam-chip-supply.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("stance: cautious", f"stance: {yaml.safe_dump(FORGED).strip()}", 1), "utf-8")
    for fmt in ("plain", "github"):
        assert main(["--root", str(project), "validate", "--format", fmt]) == 1
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 1, lines
        assert "forged.yaml:1:1" in lines[0] and "\x1b" not in lines[0]


# Every character YAML refuses in a file (the C0 controls but tab and line ends, DEL, the C1 controls but NEL, and
# U+FFFE and U+FFFF), at the start of a file, in a value, a key, a quoted value and after a multi-byte character.
REFUSED = [chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]]
PLACES = {
    "file start": ("{c}title: x\n", (1, 1)),
    "value": ("title: ok\nsummary: a{c}b\n", (2, 11)),
    "key": ("title: ok\nsum{c}mary: x\n", (2, 4)),
    "quoted": ("title: ok\nsummary: 'a{c}b'\n", (2, 12)),
    "after é": ("title: é\nsummary: Café{c}\n", (2, 14)),
}


@pytest.mark.parametrize("place", sorted(PLACES))
def test_a_control_byte_in_a_file_is_one_line_at_its_position(either_parser, place):
    template, (line, col) = PLACES[place]
    for char in [*REFUSED, "\ufffe", "\uffff"]:
        _, problems = source.parse(template.format(c=char).encode("utf-8"), "content/analyses/a.yaml")
        assert [(p.line, p.col, p.plain().splitlines()) for p in problems] == [
            (
                line,
                col,
                [
                    f"content/analyses/a.yaml:{line}:{col}: error: YAML syntax error: "
                    f"character U+{ord(char):04X} is not allowed in YAML; delete it"
                ],
            )
        ], repr(char)
