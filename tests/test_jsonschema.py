"""The JSON Schemas for editors agree with the validator.

Both come from the declarations in generator/schema.py. The schemas can say
everything about one file that JSON Schema can express; the cases at the end
pin down what only the validator can check (references to other files, rules
across fields, link targets inside Markdown, calendar dates).
"""

from __future__ import annotations

import fnmatch
import json
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator import json_schema
from generator.source import load, to_data
from generator.validate import load_content

ANALYSIS = "content/analyses/case.yaml"
ENTITIES = "content/entities.yaml"
TAXONOMY = "content/taxonomy.yaml"
SCHEMA_FOR = {ENTITIES: "entities.schema.json", TAXONOMY: "taxonomy.schema.json"}


def schema_for(display: str) -> dict:
    name = SCHEMA_FOR.get(display, "analysis.schema.json")
    return json.loads((ROOT / json_schema.FOLDER / name).read_text("utf-8"))


def schema_errors(path: Path, display: str) -> list[str]:
    node, problems = load(path, display)
    assert node is not None and not problems, problems
    validator = jsonschema.Draft7Validator(schema_for(display))
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in validator.iter_errors(to_data(node))
    ]


def validator_problems(project: Path, display: str) -> list[str]:
    _, problems = load_content(project)
    return [p.plain() for p in problems if p.path == display]


def test_committed_schemas_are_the_generated_ones():
    generated = json_schema.documents()
    committed = {path.name: path.read_text("utf-8") for path in (ROOT / json_schema.FOLDER).glob("*.json")}
    assert committed == generated, "schema/ is stale: run `python -m generator schema` and commit it"


@pytest.mark.parametrize("name", sorted(json_schema.DOCUMENTS))
def test_schemas_are_valid_draft_7(name):
    document = json.loads(json_schema.documents()[name])
    jsonschema.Draft7Validator.check_schema(document)
    assert document["$schema"] == "http://json-schema.org/draft-07/schema#"


def _patterns(value):
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "pattern":
                yield item
            else:
                yield from _patterns(item)
    elif isinstance(value, list):
        for item in value:
            yield from _patterns(item)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to compile ECMAScript regular expressions")
def test_patterns_are_ecmascript_in_unicode_mode():
    # Editors compile JSON Schema patterns as JavaScript regular expressions,
    # some with the 'u' flag, which refuses escapes that Python accepts.
    patterns = sorted({p for text in json_schema.documents().values() for p in _patterns(json.loads(text))})
    script = "for (const p of JSON.parse(require('fs').readFileSync(0, 'utf8'))) new RegExp(p, 'u');"
    result = subprocess.run(["node", "-e", script], input=json.dumps(patterns), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_vscode_maps_every_content_file_to_an_existing_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    mapping = settings["yaml.schemas"]
    assert sorted(Path(path).name for path in mapping) == sorted(json_schema.DOCUMENTS)
    for schema_path in mapping:
        assert (ROOT / schema_path).is_file(), schema_path
    content_files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "content").rglob("*.yaml")]
    for path in content_files:
        matching = [s for s, glob in mapping.items() if fnmatch.fnmatch(path, glob)]
        assert len(matching) == 1, (path, matching)


def _valid_files():
    """Every content file that the validator accepts, in the repository and in every fixture project."""
    projects = [ROOT, *sorted(p.parent for p in FIXTURES.glob("*/content") if p.is_dir())]
    for project in projects:
        _, problems = load_content(project)
        invalid = {p.path for p in problems}
        for path in sorted((project / "content").rglob("*.yaml")):
            display = path.relative_to(project).as_posix()
            if display not in invalid:
                yield pytest.param(path, display, id=f"{project.name}:{display}")


@pytest.mark.parametrize("path,display", list(_valid_files()))
def test_schema_accepts_every_valid_file(path, display):
    assert schema_errors(path, display) == []


def test_valid_files_cover_every_schema():
    kinds = {SCHEMA_FOR.get(display, "analysis") for _, display in (p.values for p in _valid_files())}
    assert kinds == {"analysis", *SCHEMA_FOR.values()}


VALID_ANALYSIS = (FIXTURES / "basic" / "content" / "analyses" / "contoso-fabrikam-chip-supply.yaml").read_text("utf-8")
VALID_ENTITIES = (FIXTURES / "basic" / "content" / "entities.yaml").read_text("utf-8")
VALID_TAXONOMY = (FIXTURES / "basic" / "content" / "taxonomy.yaml").read_text("utf-8")
BASE = {ANALYSIS: VALID_ANALYSIS, ENTITIES: VALID_ENTITIES, TAXONOMY: VALID_TAXONOMY}


def edit(display: str, old: str, new: str) -> tuple[str, str]:
    assert BASE[display].count(old) == 1, old
    return display, BASE[display].replace(old, new)


def drop_line(display: str, line: str) -> tuple[str, str]:
    return edit(display, line + "\n", "")


TITLE = "title: Contoso and Fabrikam tie cloud capacity to a chip supply deal"
STRUCTURAL = {
    "unknown_field": (ANALYSIS, VALID_ANALYSIS + "sumary: x\n"),
    "missing_title": drop_line(ANALYSIS, TITLE),
    "yes_as_title": edit(ANALYSIS, TITLE, "title: yes"),
    "number_as_title": edit(ANALYSIS, TITLE, "title: 1984"),
    "null_title": edit(ANALYSIS, TITLE, "title: null"),
    "empty_title": edit(ANALYSIS, TITLE, "title:"),
    "blank_title": edit(ANALYSIS, TITLE, 'title: "   "'),
    "title_on_two_lines": edit(ANALYSIS, TITLE, 'title: "one\\ntwo"'),
    "control_character_in_title": edit(ANALYSIS, TITLE, 'title: "a C1 control \\x9f"'),
    "control_character_in_a_text": edit(
        ENTITIES, "  name: Northwind Labs\n", '  name: Northwind Labs\n  description: "bell \\a"\n'
    ),
    "control_character_in_a_url": edit(
        ANALYSIS, "url: https://contoso.example/news/capacity", 'url: "https://contoso.example/\\x01"'
    ),
    "title_too_long": edit(ANALYSIS, TITLE, "title: " + "x" * 161),
    "summary_too_long": edit(
        ANALYSIS, "  Fabrikam gets a guaranteed anchor customer for its new plant.", "  " + "y" * 600
    ),
    "placeholder_left": edit(
        ANALYSIS,
        "  - text: Fabrikam's new plant needs volume commitments before it can reach full output.",
        "  - text: 'TODO: say what the plant needs.'",
    ),
    "date_in_words": edit(ANALYSIS, "published: 2026-05-04", "published: May 4, 2026"),
    "date_as_list": edit(ANALYSIS, "published: 2026-05-04", "published: [2026-05-04]"),
    "partial_date_one_digit_month": edit(ANALYSIS, "date: 2026-05\n", "date: 2026-5\n"),
    "one_partner": edit(ANALYSIS, "partners: [contoso, fabrikam]", "partners: [contoso]"),
    "partner_twice": edit(ANALYSIS, "partners: [contoso, fabrikam]", "partners: [contoso, contoso]"),
    "partner_not_an_id": edit(ANALYSIS, "partners: [contoso, fabrikam]", "partners: [Contoso, fabrikam]"),
    "unknown_stance": edit(ANALYSIS, "stance: cautious", "stance: careful"),
    "unknown_status": (ANALYSIS, VALID_ANALYSIS + "status: publish\n"),
    "url_not_http": edit(ANALYSIS, "url: https://contoso.example/news/capacity", "url: ftp://contoso.example/x"),
    "url_with_quote": edit(
        ANALYSIS, "url: https://contoso.example/news/capacity", "url: 'https://contoso.example/\"onmouseover=x'"
    ),
    "source_without_publisher": edit(ANALYSIS, "    publisher: Contoso\n    title:", "    title:"),
    "context_not_a_list": edit(
        ANALYSIS,
        VALID_ANALYSIS[VALID_ANALYSIS.index("context:") : VALID_ANALYSIS.index("expert_views:")],
        "context: One paragraph.\n",
    ),
    "no_points": edit(
        ANALYSIS,
        "    points:\n      - Fabrikam's revenue visibility improves for the length of the contract.",
        "    points: []",
    ),
    "outlook_without_summary": drop_line(
        ANALYSIS, "  summary: The first deliveries are due in the second half of 2027."
    ),
    "entity_kind_unknown": edit(ENTITIES, "kind: investor", "kind: fund"),
    "entity_without_name": drop_line(ENTITIES, "  name: Unused Corp"),
    "entity_id_not_an_id": edit(ENTITIES, "unused-corp:", "Unused_Corp:"),
    "entity_website_not_http": edit(ENTITIES, "website: https://contoso.example/", "website: contoso.example"),
    "taxonomy_without_stakeholders": (TAXONOMY, VALID_TAXONOMY.split("stakeholders:")[0]),
    "label_too_long": edit(TAXONOMY, "label: Semiconductors", "label: " + "s" * 121),
}

BOTH_ACCEPT = {
    "quoted_date": edit(ANALYSIS, "published: 2026-05-04", 'published: "2026-05-04"'),
    "empty_optional_field": edit(ANALYSIS, "topics: [cloud-infrastructure, semiconductors]", "topics:"),
    "year_as_number": edit(ANALYSIS, "date: 2026-05\n", "date: 2026\n"),
    "summary_of_600_with_final_newline": edit(
        ANALYSIS,
        "summary: >-\n  Contoso commits to buying accelerators from Fabrikam for five years, and\n"
        "  Fabrikam gets a guaranteed anchor customer for its new plant.",
        "summary: >\n  " + "z" * 600,
    ),
    "title_of_160": edit(ANALYSIS, TITLE, "title: " + "t" * 160),
}

# What a JSON Schema cannot say: the validator alone rejects these.
VALIDATOR_ONLY = {
    "unknown_partner": edit(ANALYSIS, "partners: [contoso, fabrikam]", "partners: [contoso, fabrikan]"),
    "unknown_stakeholder": edit(ANALYSIS, "stakeholder: investors", "stakeholder: investers"),
    "related_analysis_missing": edit(
        ANALYSIS, "related: [northwind-contoso-safety-lab]", "related: [no-such-analysis]"
    ),
    "updated_before_published": edit(ANALYSIS, "updated: 2026-06-01", "updated: 2026-05-01"),
    "stakeholder_twice": edit(ANALYSIS, "stakeholder: businesses", "stakeholder: investors"),
    "link_target_not_allowed": edit(ANALYSIS, "(https://institute.example/roe)", "(javascript:alert(1))"),
    "date_not_in_calendar": edit(ANALYSIS, "published: 2026-05-04", "published: 2026-02-30"),
}


def _case(project: Path, display: str, text: str) -> tuple[list[str], list[str]]:
    path = project / display
    path.write_text(text, encoding="utf-8")
    return validator_problems(project, display), schema_errors(path, display)


@pytest.mark.parametrize("name", sorted(STRUCTURAL))
def test_both_reject_structural_problems(project, name):
    by_validator, by_schema = _case(project, *STRUCTURAL[name])
    assert by_validator, "the validator should reject this"
    assert by_schema, f"the JSON Schema should reject this like the validator: {by_validator}"


@pytest.mark.parametrize("name", sorted(BOTH_ACCEPT))
def test_both_accept_edge_cases(project, name):
    assert _case(project, *BOTH_ACCEPT[name]) == ([], [])


@pytest.mark.parametrize("name", sorted(VALIDATOR_ONLY))
def test_what_only_the_validator_checks(project, name):
    by_validator, by_schema = _case(project, *VALIDATOR_ONLY[name])
    assert by_validator and by_schema == []


def test_the_site_publishes_the_schemas_under_schema(built_site):
    for name, text in json_schema.documents().items():
        assert (built_site / "site" / json_schema.FOLDER / name).read_text("utf-8") == text


# Random values in the fields whose rules are regular expressions on both sides.
# Link targets are left out (the schema can't parse Markdown), so no "](".
_TEXT = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")) | st.sampled_from(" \t\n\r\u00a0\u2003"), max_size=12
).filter(lambda value: "](" not in value)
_NEAR_LIMIT = st.builds(
    lambda pad, core, tail: pad + core + tail,
    st.sampled_from(["", " ", "\n ", "\t"]),
    st.text(alphabet="ab ", min_size=155, max_size=165),
    st.sampled_from(["", " ", "\n"]),
)
_URL = st.builds(str.__add__, st.sampled_from(["http://", "HTTPS://", "https:/", "ftp://", " https://", ""]), _TEXT)
_ID = st.text(alphabet="ab0-_Z ", max_size=6)
FUZZED = {
    "title": ("title: Contoso and Fabrikam tie cloud capacity to a chip supply deal", st.one_of(_TEXT, _NEAR_LIMIT)),
    "source url": ("url: https://contoso.example/news/capacity", _URL),
    "partner id": ("partners: [contoso, fabrikam]", _ID),
    # Real calendar dates only, in shapes right and wrong: the calendar is the validator's alone.
    "source date": (
        "date: 2026-05",
        st.builds(
            lambda *parts: "".join(parts),
            st.sampled_from(["", " "]),
            st.sampled_from(["2026", "1999", "202", "20265"]),
            st.sampled_from(["", "-01", "-1", "-12", "-012", "-01-01", "-12-28", "-1-07", "-06-7", "-06-007"]),
            st.sampled_from(["", " ", "\n"]),
        ),
    ),
}


def _fuzzed_file(name: str, value: str) -> str:
    line, _ = FUZZED[name]
    key = line.split(":")[0]
    if name == "partner id":
        return VALID_ANALYSIS.replace(line, f"partners: [{json.dumps(value, ensure_ascii=False)}, fabrikam]")
    return VALID_ANALYSIS.replace(line, f"{key}: {json.dumps(value, ensure_ascii=False)}", 1)  # the first source


@pytest.mark.parametrize("name", sorted(FUZZED))
def test_validator_and_schema_agree_on_random_values(tmp_path, name):
    from generator import schema
    from generator.validate import check_file

    path = tmp_path / "case.yaml"

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(FUZZED[name][1])
    def agree(value):
        path.write_text(_fuzzed_file(name, value), "utf-8")
        node, problems = load(path, ANALYSIS)
        assume(node is not None and not problems)
        _, checked = check_file(path, ANALYSIS, schema.ANALYSIS, slug="case")
        by_validator = [p.message for p in checked.problems]
        by_schema = jsonschema.Draft7Validator(schema_for(ANALYSIS)).is_valid(to_data(node))
        assert by_schema == (not by_validator), (value, by_validator)

    agree()
