"""The loader: positions, duplicate keys, safe loading and limits."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest
import yaml

from generator.source import MAX_DEPTH, MAX_EXPANDED_CHARACTERS, MAX_FILE_BYTES, Mapping, Node, Scalar, Sequence, load


def load_text(tmp_path: Path, text: str | bytes):
    path = tmp_path / "file.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load(path, "content/file.yaml")


def entry(mapping: Mapping, name: str) -> tuple[Scalar, Node]:
    return next((key, value) for key, value in mapping.entries if key.value == name)


def messages(problems):
    return [p.plain() for p in problems]


def test_nodes_keep_one_based_positions(tmp_path):
    root, problems = load_text(tmp_path, "title: Hello\nlist:\n  - one\n  - two\n")
    assert problems == []
    assert isinstance(root, Mapping) and root.mark.line == 1 and root.mark.col == 1
    key, value = entry(root, "list")
    assert (key.mark.line, key.mark.col) == (2, 1)
    assert isinstance(value, Sequence)
    assert [(item.value, item.mark.line, item.mark.col) for item in value.items] == [("one", 3, 5), ("two", 4, 5)]


def test_scalars_remember_what_yaml_reads_them_as(tmp_path):
    root, _ = load_text(tmp_path, "a: yes\nb: 1984\nc: 3.5\nd:\ne: 2026-01-02\nf: 'yes'\ng: plain\n")
    kinds = {key.value: value.kind for key, value in root.entries}
    assert kinds == {
        "a": "a yes/no value",
        "b": "a number",
        "c": "a number",
        "d": "an empty value",
        "e": "a date",
        "f": "text",
        "g": "text",
    }


def test_duplicate_keys_are_reported_at_the_second_one(tmp_path):
    root, problems = load_text(tmp_path, "title: A\nsummary: B\ntitle: C\n")
    assert messages(problems) == ["content/file.yaml:3:1: error: duplicate key 'title' (first at line 1)"]
    assert entry(root, "title")[1].value == "A"


def test_duplicate_keys_in_nested_mappings(tmp_path):
    _, problems = load_text(tmp_path, "outlook:\n  summary: a\n  summary: b\n")
    assert messages(problems) == ["content/file.yaml:3:3: error: duplicate key 'summary' (first at line 2)"]


def test_a_key_repeated_through_an_alias_is_a_duplicate_at_the_alias(tmp_path):
    _, problems = load_text(tmp_path, "&k title: a\nsummary: b\n*k : c\n")
    assert messages(problems) == ["content/file.yaml:3:1: error: duplicate key 'title' (first at line 1)"]


def test_a_duplicate_inside_a_value_used_twice_is_reported_once(tmp_path):
    _, problems = load_text(tmp_path, "a: &m {x: 1, x: 2}\nb: *m\n")
    assert messages(problems) == ["content/file.yaml:1:14: error: duplicate key 'x' (first at line 1)"]


def test_byte_order_mark_and_crlf_are_allowed(tmp_path):
    root, problems = load_text(tmp_path, b"\xef\xbb\xbftitle: A\r\nsummary: B\r\n")
    assert problems == []
    assert entry(root, "summary")[1].value == "B"
    assert entry(root, "summary")[0].mark.line == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "!!python/object/apply:os.system ['echo hi']\n",
            "1:1: error: YAML tag '!!python/object/apply:os.system' is not allowed",
        ),
        ("a: !!python/name:os.system\n", "1:4: error: YAML tag '!!python/name:os.system' is not allowed"),
        ("a: !custom 1\n", "1:4: error: YAML tag '!custom' is not allowed"),
        ("a: !!binary aGk=\n", "1:4: error: YAML tag '!!binary' is not allowed"),
        ("a: !!set {x}\n", "1:4: error: YAML tag '!!set' is not allowed"),
    ],
)
def test_tags_that_construct_objects_are_refused(tmp_path, text, expected):
    root, problems = load_text(tmp_path, text)
    assert root is None
    assert messages(problems)[0].startswith("content/file.yaml:" + expected)


def test_syntax_error_is_one_line_with_position(tmp_path):
    root, problems = load_text(tmp_path, "title: [unclosed\nsummary: x\n")
    assert root is None
    assert len(problems) == 1
    assert problems[0].line == 2 and problems[0].message.startswith("YAML syntax error:")


# Each slip, and the message at the line (and column) the author has to change.
SYNTAX_HINTS = {
    "colon_in_value": (
        "summary: ok\ntitle: Microsoft: the next phase\n",
        "2:17: error: YAML syntax error: text with ': ' in it must be in quotes: title: \"Microsoft: the next phase\"",
    ),
    "colon_in_nested_value_with_comment": (
        "outlook:\n  summary: The deal: what next # to check\n",
        "2:20: error: YAML syntax error: text with ': ' in it must be in quotes: summary: \"The deal: what next\"",
    ),
    "colon_in_value_with_quotes_and_backslash": (
        r'title: He said "a\b": ok' + "\n",
        "1:21: error: YAML syntax error: text with ': ' in it must be in quotes: " + r'title: "He said \"a\\b\": ok"',
    ),
    "colon_in_a_value_that_goes_on_shows_no_line": (
        "title: Microsoft: the next\n  phase\n",
        "1:17: error: YAML syntax error: text with ': ' in it must be in quotes",
    ),
    "colon_in_list_item_shows_no_guess": (
        "context:\n  - Note: this: matters\n",
        "2:15: error: YAML syntax error: text with ': ' in it must be in quotes",
    ),
    "colon_after_quoted_start_shows_no_guess": (
        'title: "Quoted": more\n',
        "1:16: error: YAML syntax error: text with ': ' in it must be in quotes",
    ),
    "colon_in_text_continued_from_the_line_above": (
        "summary: The deal is big\n  and the note: more\n",
        "2:15: error: YAML syntax error: text with ': ' in it must be in quotes",
    ),
    "no_space_after_a_key": (
        "title:Microsoft\nsummary: A lede.\n",
        "1:6: error: YAML syntax error: 'title:' needs a space after the colon",
    ),
    "no_space_after_the_last_key": (
        "summary: A lede.\ntitle:Microsoft\n",
        "2:6: error: YAML syntax error: 'title:' needs a space after the colon",
    ),
    "no_space_after_a_key_in_a_list_item": (
        "sources:\n  - publisher:Contoso\n    title: A report\n",
        "2:14: error: YAML syntax error: 'publisher:' needs a space after the colon",
    ),
    "key_indented_under_a_value": (
        "title: A title\n  summary: A lede.\n",
        "2:3: error: YAML syntax error: this line is read as more of the text after 'title:' on line 1, "
        "because it is indented more than 'title'",
    ),
    "field_indented_past_its_list_item": (
        "sources:\n  - publisher: Contoso\n     title: A report\n",
        "3:6: error: YAML syntax error: this line is read as more of the text after 'publisher:' on line 2, "
        "because it is indented more than 'publisher'",
    ),
    "unclosed_double_quote": (
        'title: "A title\nsummary: A lede.\n',
        '1:8: error: YAML syntax error: this " starts a quoted value that runs on to the end of the file; end the value with "',
    ),
    "unclosed_single_quote_in_a_list": (
        "context:\n  - 'One\n  - Two\n",
        "2:5: error: YAML syntax error: this ' starts a quoted value that runs on to the end of the file; end the value with '",
    ),
    "unclosed_quote_closed_by_a_later_value": (
        'title: "A title\nsummary: A lede.\nsources:\n  - publisher: Contoso\n    date: "2026-04"\n',
        '1:8: error: YAML syntax error: this " starts a quoted value that runs on to line 5; end the value with "',
    ),
    "unclosed_apostrophe_closed_by_later_text": (
        "context:\n  - 'One\n  - Two\n  - OpenAI's models\n",
        "2:5: error: YAML syntax error: this ' starts a quoted value that runs on to line 4; end the value with '",
    ),
    "apostrophe_in_single_quotes": (
        "title: 'It's here'\n",
        "1:11: error: YAML syntax error: this ' ends the quoted text, but more text follows; "
        "inside single quotes, write ' as ''",
    ),
    "quotes_in_double_quotes": (
        'context:\n  - "The "big" deal"\n',
        '2:10: error: YAML syntax error: this " ends the quoted text, but more text follows; '
        'inside double quotes, write " as \\"',
    ),
    "backslash_in_double_quotes": (
        r'title: "C:\Users\me"' + "\n",
        "1:11: error: YAML syntax error: in double quotes a backslash starts an escape; "
        r"write a backslash as \\ or put the value in single quotes",
    ),
    "unknown_escape_in_double_quotes": (
        r'title: "50\% more"' + "\n",
        "1:11: error: YAML syntax error: in double quotes a backslash starts an escape; "
        r"write a backslash as \\ or put the value in single quotes",
    ),
    "at_sign_starts_a_value": (
        "title: @contoso on the deal\n",
        '1:8: error: YAML syntax error: text that starts with @ must be in quotes: title: "@contoso on the deal"',
    ),
    "backtick_starts_a_list_item": (
        "context:\n  - `code` first\n",
        '2:5: error: YAML syntax error: text that starts with ` must be in quotes: - "`code` first"',
    ),
    "percent_starts_a_value": (
        "title: %50 more\n",
        '1:8: error: YAML syntax error: text that starts with % must be in quotes: title: "%50 more"',
    ),
    "at_sign_starts_a_key": (
        "@contoso: x\n",
        "1:1: error: YAML syntax error: text that starts with @ must be in quotes",
    ),
    "emphasis_starts_a_value": (
        "title: *Not* a deal\n",
        '1:8: error: YAML syntax error: text that starts with * must be in quotes: title: "*Not* a deal"',
    ),
    "ampersand_starts_a_value": (
        "title: & partners\n",
        '1:8: error: YAML syntax error: text that starts with & must be in quotes: title: "& partners"',
    ),
    "brackets_start_a_value": (
        "title: [Draft] The title # to finish\n",
        '1:8: error: YAML syntax error: text that starts with [ must be in quotes: title: "[Draft] The title"',
    ),
    "emphasis_reads_as_an_alias": (
        "title: *Important news\n",
        "1:8: error: alias '*Important' has no anchor '&Important' before it; "
        'text that starts with * must be in quotes: title: "*Important news"',
    ),
    "key_dedented_to_no_level": (
        "outlook:\n    summary: Soon.\n  watch: [Prices]\n",
        "3:3: error: YAML syntax error: this line is indented by 2 spaces, which matches no level above it; "
        "indent it like the lines it belongs with",
    ),
    "list_item_dedented_to_no_level": (
        "partners:\n  - contoso\n - fabrikam\n",
        "3:2: error: YAML syntax error: this line is indented by 1 space, which matches no level above it; "
        "indent it like the lines it belongs with",
    ),
    "key_indented_under_a_quoted_value": (
        'title: "A title"\n  summary: A lede.\n',
        "2:3: error: YAML syntax error: this line is indented by 2 spaces, which matches no level above it; "
        "indent it like the lines it belongs with",
    ),
    "field_lined_up_with_the_dash": (
        "sources:\n  - publisher: Contoso\n  title: A report\n",
        "3:3: error: YAML syntax error: this line lines up with the '- ' above it, so it must start with '- ' too; "
        "to continue the item above, indent it more",
    ),
    "list_after_a_value": (
        "context: Background # first\n\n- One.\n",
        "3:1: error: YAML syntax error: 'context' on line 1 already has a value, so a list can't follow it",
    ),
    "line_without_a_colon": (
        "title: A title\nsummary A lede.\npublished: 2026-05-04\n",
        "2:1: error: YAML syntax error: this line reads as a key, but no ': ' follows it",
    ),
    "tab_indents_a_key": (
        "outlook:\n\tsummary: x\n",
        "2:1: error: YAML syntax error: a tab indents this line; YAML indents with spaces",
    ),
    "tab_after_spaces": (
        "outlook:\n  \tsummary: x\n",
        "2:3: error: YAML syntax error: a tab indents this line; YAML indents with spaces",
    ),
    "tab_indents_a_list_item": (
        "partners:\n  - contoso\n\t- fabrikam\n",
        "3:1: error: YAML syntax error: a tab indents this line; YAML indents with spaces",
    ),
    "tab_indents_a_block_of_text": (
        "summary: |\n  One line.\n\tAnother.\n",
        "3:1: error: YAML syntax error: a tab indents this line; YAML indents with spaces",
    ),
}


@pytest.mark.parametrize("case", sorted(SYNTAX_HINTS))
def test_syntax_slips_get_a_hint_at_the_line_to_fix(tmp_path, either_parser, case):
    text, expected = SYNTAX_HINTS[case]
    root, problems = load_text(tmp_path, text)
    assert root is None
    assert messages(problems) == ["content/file.yaml:" + expected]


@pytest.mark.parametrize("value", ["Microsoft: the next phase", r'He said "a\b": ok', "Café: 😀 über", "It's: 'so'"])
def test_the_line_a_hint_shows_reads_back_as_the_text_written(tmp_path, value):
    _, problems = load_text(tmp_path, f"title: {value}\n")
    shown = problems[0].message.split("must be in quotes: ", 1)[1]
    assert yaml.safe_load(shown) == {"title": value}


def test_invalid_utf8_is_reported_where_it_is(tmp_path):
    root, problems = load_text(tmp_path, b"title: ok\nsummary: caf\xe9\n")
    assert root is None
    assert messages(problems) == [
        "content/file.yaml:2:13: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8"
    ]


def test_a_character_yaml_refuses_is_reported_where_it_is(tmp_path, either_parser):
    # A word processor's line break; libyaml counts its position in bytes, hence the é before it.
    root, problems = load_text(tmp_path, "title: A\r\nsummary: Café\x0bnext\n")
    assert root is None
    assert messages(problems) == [
        "content/file.yaml:2:14: error: YAML syntax error: character U+000B is not allowed in YAML; delete it"
    ]


def test_file_over_one_mebibyte_is_refused(tmp_path):
    root, problems = load_text(tmp_path, "a: " + "x" * MAX_FILE_BYTES + "\n")
    assert root is None
    assert messages(problems) == ["content/file.yaml: error: file is larger than 1 MiB, the limit for a content file"]


def test_empty_file(tmp_path):
    root, problems = load_text(tmp_path, "# only a comment\n")
    assert root is None and messages(problems) == ["content/file.yaml: error: file is empty"]


def test_two_documents(tmp_path):
    _, problems = load_text(tmp_path, "a: 1\n---\nb: 2\n")
    assert messages(problems) == [
        "content/file.yaml:2:1: error: a content file holds one YAML document; remove the '---' separator"
    ]


def test_deep_nesting_stops_quickly_without_recursion(tmp_path):
    started = time.perf_counter()
    root, problems = load_text(tmp_path, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert root is None and len(problems) == 1
    # libyaml's scanner has its own bound on flow nesting and may stop first.
    assert problems[0].message in (
        f"nested more than {MAX_DEPTH} levels deep",
        "YAML syntax error: exceeded maximum nesting depth",
    )
    assert time.perf_counter() - started < 5


def test_deep_block_nesting(tmp_path):
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(200)) + "  " * 200 + "v\n"
    _, problems = load_text(tmp_path, text)
    assert problems[0].message == f"nested more than {MAX_DEPTH} levels deep"


def test_alias_bomb_is_bounded_in_time_and_memory(tmp_path):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    tracemalloc.start()
    started = time.perf_counter()
    root, problems = load_text(tmp_path, "\n".join(lines) + "\n")
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert root is None
    assert "once aliases are expanded" in problems[0].message
    assert elapsed < 2
    assert peak < 50 * 1024 * 1024


def test_a_long_text_repeated_through_aliases_is_refused_at_the_alias_that_passes_the_bound(tmp_path):
    """408 KB that repeat one 400 KB text through 100 aliases: 40 MB of text, a 319 MB site, before the bound."""
    text = "context:\n  - &t " + "x" * 400_000 + "\n" + "  - *t\n" * 100
    started = time.process_time()
    root, problems = load_text(tmp_path, text)
    assert root is None
    crossing = MAX_EXPANDED_CHARACTERS // 400_000  # the anchor's own text, then this many aliases pass the bound
    assert messages(problems) == [
        f"content/file.yaml:{2 + crossing}:5: error: more than {MAX_EXPANDED_CHARACTERS} characters of text "
        "once aliases are expanded; write the text out instead of repeating aliases"
    ]
    assert time.process_time() - started < 1


def test_a_file_without_aliases_cannot_reach_the_bound_on_expanded_text(tmp_path):
    # Every character of text takes at least a byte of the file, so only aliases can pass the bound.
    assert MAX_EXPANDED_CHARACTERS > MAX_FILE_BYTES
    root, problems = load_text(tmp_path, "a: " + "x" * (MAX_FILE_BYTES - 5) + "\n")
    assert problems == [] and isinstance(root, Mapping)


def test_aliases_within_the_limit_are_expanded(tmp_path):
    root, problems = load_text(tmp_path, "a: &x [one, two]\nb: *x\n")
    assert problems == []
    assert [item.value for item in entry(root, "b")[1].items] == ["one", "two"]


def test_recursive_alias_is_refused(tmp_path):
    root, problems = load_text(tmp_path, "a: &x [*x]\n")
    assert root is None and "refers to the value that contains it" in problems[0].message


def test_merge_keys_are_refused(tmp_path):
    root, problems = load_text(tmp_path, "base: &b {x: 1}\nother:\n  <<: *b\n")
    assert root is None and "merge keys" in problems[0].message


def test_non_scalar_keys_are_refused(tmp_path):
    root, problems = load_text(tmp_path, "? [a, b]\n: value\n")
    assert root is None and "mapping key must be a plain name" in problems[0].message


def test_scalar_values_are_strings_never_objects(tmp_path):
    root, _ = load_text(tmp_path, "a: 2026-01-02\nb: 12\n")
    assert all(isinstance(value, Scalar) and type(value.value) is str for _, value in root.entries)


def test_symbolic_links_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password: hunter2\n")
    link = tmp_path / "file.yaml"
    link.symlink_to(secret)
    root, problems = load(link, "content/file.yaml")
    assert root is None
    assert messages(problems) == [
        "content/file.yaml: error: file is a symbolic link; content files must be regular files"
    ]
