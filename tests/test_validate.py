"""Every rule of the content model, each with a failing input and its exact position."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from generator import schema
from generator.validate import check_file, load_content

BASE = """\
title: A fictional partnership
summary: A short lede.
published: 2026-05-04
partners: [contoso, fabrikam]
sources:
  - publisher: Contoso
context:
  - Some background.
expert_views:
  - source: Analysts
    view: A view.
implications:
  - stakeholder: investors
    points:
      - A point.
outlook:
  summary: An outlook.
"""


def problems_for(project: Path, text: str, name: str = "case.yaml") -> list[str]:
    (project / "content" / "analyses" / name).write_text(text, encoding="utf-8")
    content, problems = load_content(project)
    assert (content is None) == bool(problems)
    return [p.plain() for p in problems]


def edit(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def test_fixture_and_base_are_valid(project):
    assert problems_for(project, BASE) == []
    content, _ = load_content(project)
    assert [a.slug for a in content.analyses] == [
        "tailspin-fabrikam-stake",
        "case",
        "contoso-fabrikam-chip-supply",
        "northwind-contoso-safety-lab",
        "fabrikam-northwind-foundry-pact",
    ]


F = "content/analyses/case.yaml"

CASES = {
    "unknown_field_with_suggestion": (
        BASE + "sumary: x\n",
        [f"{F}:18:1: error: unknown field 'sumary' (did you mean 'summary'?)"],
    ),
    "missing_required_field": (
        edit("summary: A short lede.\n", ""),
        [f"{F}:1:1: error: missing required field 'summary'"],
    ),
    "yes_where_text_expected": (
        edit("title: A fictional partnership", "title: yes"),
        [f'{F}:1:8: error: title: expected text, but YAML reads yes as a yes/no value; put it in quotes: "yes"'],
    ),
    "number_where_text_expected": (
        edit("title: A fictional partnership", "title: 1984"),
        [f'{F}:1:8: error: title: expected text, but YAML reads 1984 as a number; put it in quotes: "1984"'],
    ),
    "null_where_text_expected": (
        edit("title: A fictional partnership", "title: null"),
        [f'{F}:1:8: error: title: expected text, but YAML reads null as an empty value; put it in quotes: "null"'],
    ),
    "empty_text": (edit("title: A fictional partnership", "title:"), [f"{F}:1:7: error: title: is empty"]),
    "merge_key_where_text_expected": (
        edit("title: A fictional partnership", "title: <<"),
        [f'{F}:1:8: error: title: expected text, but YAML reads << as a merge key; put it in quotes: "<<"'],
    ),
    "merge_key_as_a_list_item": (
        edit("partners: [contoso, fabrikam]", "partners: [contoso, <<]"),
        [f'{F}:4:21: error: partners[2]: expected text, but YAML reads << as a merge key; put it in quotes: "<<"'],
    ),
    "merge_key_as_a_choice": (
        edit("    view: A view.\n", "    view: A view.\n    stance: <<\n"),
        [
            f"{F}:12:13: error: expert_views[1].stance: expected text, but YAML reads << as a merge key; "
            'put it in quotes: "<<"'
        ],
    ),
    "merge_key_as_a_date": (
        edit("published: 2026-05-04", "published: <<"),
        [f"{F}:3:12: error: published: expected a date YYYY-MM-DD, found '<<'"],
    ),
    "title_on_two_lines": (
        edit("title: A fictional partnership", 'title: "one\\ntwo"'),
        [f"{F}:1:8: error: title: must be one line"],
    ),
    "colon_in_title": (
        edit("title: A fictional partnership", "title: Microsoft: the next phase"),
        [
            f"{F}:1:17: error: YAML syntax error: text with ': ' in it must be in quotes: "
            'title: "Microsoft: the next phase"'
        ],
    ),
    "title_too_long": (
        edit("title: A fictional partnership", "title: " + "x" * 161),
        [f"{F}:1:8: error: title: is 161 characters long; the limit is 160"],
    ),
    "summary_too_long": (
        edit("summary: A short lede.", "summary: " + "x" * 601),
        [f"{F}:2:10: error: summary: is 601 characters long; the limit is 600"],
    ),
    "date_not_in_calendar": (
        edit("published: 2026-05-04", "published: 2026-02-30"),
        [f"{F}:3:12: error: published: 2026-02-30 is not a date in the calendar"],
    ),
    "date_in_words": (
        edit("published: 2026-05-04", "published: May 4, 2026"),
        [f"{F}:3:12: error: published: expected a date YYYY-MM-DD, found 'May 4, 2026'"],
    ),
    "quoted_date_is_fine": (edit("published: 2026-05-04", 'published: "2026-05-04"'), []),
    "updated_before_published": (
        edit("published: 2026-05-04\n", "published: 2026-05-04\nupdated: 2026-05-03\n"),
        [f"{F}:4:10: error: updated (2026-05-03) is before published (2026-05-04)"],
    ),
    "unknown_status": (
        BASE + "status: publish\n",
        [f"{F}:18:9: error: status: 'publish' is not one of published, draft (did you mean 'published'?)"],
    ),
    "one_partner": (
        edit("partners: [contoso, fabrikam]", "partners: [contoso]"),
        [f"{F}:4:11: error: partners: needs at least 2 entries, found 1"],
    ),
    "partner_twice": (
        edit("partners: [contoso, fabrikam]", "partners: [contoso, contoso]"),
        [f"{F}:4:21: error: partners: 'contoso' is listed twice (first at line 4)"],
    ),
    "unknown_partner": (
        edit("partners: [contoso, fabrikam]", "partners: [contoso, fabrikm]"),
        [f"{F}:4:21: error: unknown partner 'fabrikm' (did you mean 'fabrikam'?)"],
    ),
    "invalid_partner_id": (
        edit("partners: [contoso, fabrikam]", "partners: [Contoso, fabrikam]"),
        [
            f"{F}:4:12: error: partners[1]: 'Contoso' is not a valid partner: use lowercase letters, "
            "digits and single hyphens (like 'cloud-infrastructure'), at most 80 characters"
        ],
    ),
    "partners_not_a_list": (
        edit("partners: [contoso, fabrikam]", "partners: contoso"),
        [f"{F}:4:11: error: partners: expected a list, found a single value"],
    ),
    "unknown_topic": (
        BASE + "topics: [semiconductor]\n",
        [f"{F}:18:10: error: unknown topic 'semiconductor' (did you mean 'semiconductors'?)"],
    ),
    "no_sources": (
        edit("sources:\n  - publisher: Contoso\n", "sources: []\n"),
        [f"{F}:5:10: error: sources: needs at least 1 entry, found 0"],
    ),
    "source_without_publisher": (
        edit("  - publisher: Contoso\n", "  - title: Something\n"),
        [f"{F}:6:5: error: missing required field 'publisher' in sources[1]"],
    ),
    "source_url_not_http": (
        edit("  - publisher: Contoso\n", "  - publisher: Contoso\n    url: javascript:alert(1)\n"),
        [f"{F}:7:10: error: sources[1].url: 'javascript:alert(1)' is not an absolute http:// or https:// URL"],
    ),
    "source_url_with_quote": (
        edit(
            "  - publisher: Contoso\n", "  - publisher: Contoso\n    url: 'https://x.example/\"onmouseover=alert(1)'\n"
        ),
        [
            f"{F}:7:10: error: sources[1].url: 'https://x.example/\"onmouseover=alert(1)' is not an absolute http:// or https:// URL"
        ],
    ),
    "source_partial_date": (
        edit("  - publisher: Contoso\n", "  - publisher: Contoso\n    date: 2026-5\n"),
        [f"{F}:7:11: error: sources[1].date: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found '2026-5'"],
    ),
    "source_year_only_is_fine": (edit("  - publisher: Contoso\n", "  - publisher: Contoso\n    date: 2026\n"), []),
    "unknown_stance": (
        edit("    view: A view.\n", "    view: A view.\n    stance: positive\n"),
        [
            f"{F}:12:13: error: expert_views[1].stance: 'positive' is not one of supportive, cautious, critical, neutral (did you mean 'supportive'?)"
        ],
    ),
    "view_missing": (
        edit("    view: A view.\n", ""),
        [f"{F}:10:5: error: missing required field 'view' in expert_views[1]"],
    ),
    "unknown_stakeholder": (
        edit("stakeholder: investors", "stakeholder: investers"),
        [f"{F}:13:18: error: unknown stakeholder 'investers' (did you mean 'investors'?)"],
    ),
    "stakeholder_twice": (
        edit("      - A point.\n", "      - A point.\n  - stakeholder: investors\n    points: [Another.]\n"),
        [f"{F}:16:18: error: implications: 'investors' is listed twice (first at line 13)"],
    ),
    "implication_without_points": (
        edit("    points:\n      - A point.\n", "    points: []\n"),
        [f"{F}:14:13: error: implications[1].points: needs at least 1 entry, found 0"],
    ),
    "outlook_not_a_mapping": (
        edit("outlook:\n  summary: An outlook.\n", "outlook: Soon.\n"),
        [f"{F}:16:10: error: outlook: expected a mapping of fields, found a single value"],
    ),
    "unknown_field_in_nested_record": (
        edit("  summary: An outlook.\n", "  summary: An outlook.\n  wach: [x]\n"),
        [f"{F}:18:3: error: unknown field 'wach' (did you mean 'watch'?)"],
    ),
    "related_to_itself": (BASE + "related: [case]\n", [f"{F}:18:11: error: an analysis can't list itself as related"]),
    "related_unknown": (
        BASE + "related: [contoso-fabrikam-chip-suply]\n",
        [
            f"{F}:18:11: error: unknown analysis 'contoso-fabrikam-chip-suply' (did you mean 'contoso-fabrikam-chip-supply'?)"
        ],
    ),
    "related_to_a_draft": (
        BASE + "related: [tailspin-fabrikam-stake]\n",
        [
            f"{F}:18:11: error: related analysis 'tailspin-fabrikam-stake' is a draft, and a published analysis can't link to it"
        ],
    ),
    "javascript_link_in_text": (
        edit("  - Some background.", "  - See [this](javascript:alert(1))."),
        [
            f"{F}:8:5: error: context[1]: link target 'javascript:alert(1)' is not allowed; "
            "links must be absolute http://, https:// or mailto: addresses"
        ],
    ),
    "relative_link_in_text": (
        edit("  - Some background.", "  - See [this](/etc/passwd)."),
        [
            f"{F}:8:5: error: context[1]: link target '/etc/passwd' is not allowed; "
            "links must be absolute http://, https:// or mailto: addresses"
        ],
    ),
    "mailto_link_is_fine": (edit("  - Some background.", "  - Write to [us](mailto:desk@example.org)."), []),
    "top_level_list": ("- a\n- b\n", [f"{F}:1:1: error: expected a mapping of fields, found a list"]),
    "duplicate_key": (BASE + "title: Again\n", [f"{F}:18:1: error: duplicate key 'title' (first at line 1)"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_rule(project, case):
    text, expected = CASES[case]
    assert problems_for(project, text) == expected


def test_several_problems_in_one_file_are_all_reported(project):
    text = (
        edit("title: A fictional partnership", "title: yes").replace("stakeholder: investors", "stakeholder: investers")
        + "sumary: x\n"
    )
    assert problems_for(project, text) == [
        f'{F}:1:8: error: title: expected text, but YAML reads yes as a yes/no value; put it in quotes: "yes"',
        f"{F}:13:18: error: unknown stakeholder 'investers' (did you mean 'investors'?)",
        f"{F}:18:1: error: unknown field 'sumary' (did you mean 'summary'?)",
    ]


def test_a_broken_file_does_not_stop_the_others(project):
    (project / "content" / "analyses" / "broken.yaml").write_bytes(b"title: [unclosed\n")
    (project / "content" / "analyses" / "binary.yaml").write_bytes(b"\xff\xfe\x00garbage")
    found = problems_for(project, edit("partners: [contoso, fabrikam]", "partners: [contoso]"))
    assert [line.split(":")[0] for line in found] == ["content/analyses/binary.yaml", "content/analyses/broken.yaml", F]


def test_file_name_must_be_a_slug(project):
    assert problems_for(project, BASE, name="Bad_Name.yaml") == [
        "content/analyses/Bad_Name.yaml: error: file name 'Bad_Name' is not a valid slug: use lowercase letters, "
        "digits and single hyphens, at most 80 characters"
    ]


def test_a_file_name_with_a_trailing_line_break_is_not_a_slug(project):
    assert problems_for(project, BASE, name="trailing\n.yaml") == [
        "content/analyses/trailing\\n.yaml: error: file name 'trailing\\n' is not a valid slug: use lowercase "
        "letters, digits and single hyphens, at most 80 characters"
    ]


def test_ids_are_matched_whole_so_a_trailing_line_break_is_refused_at_its_line(project):
    """Python's `$` matches before a final line break; every id and slug is checked with fullmatch."""
    entities = project / "content" / "entities.yaml"
    entities.write_text('"evil\\n":\n  name: Evil\n' + entities.read_text())
    taxonomy = project / "content" / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text().replace("  semiconductors:\n", '  "semiconductors\\n":\n'))
    found = problems_for(project, edit("partners: [contoso, fabrikam]", 'partners: [contoso, "evil\\n"]'))
    advice = "use lowercase letters, digits and single hyphens (like 'cloud-infrastructure'), at most 80 characters"
    assert found == [
        f"{F}:4:21: error: partners[2]: 'evil\\n' is not a valid partner: {advice}",
        f"content/entities.yaml:1:1: error: 'evil\\n' is not a valid entity id: {advice}",
        f"content/taxonomy.yaml:5:3: error: 'semiconductors\\n' is not a valid topic id: {advice}",
    ]


def test_yml_file_is_not_silently_ignored(project):
    assert problems_for(project, BASE, name="case.yml") == [
        "content/analyses/case.yml: error: not read: an analysis is a file named <slug>.yaml directly in content/analyses/"
    ]


ENTITY_CASES = {
    "wikidata_malformed": (
        "acme:\n  name: Acme\n  wikidata: q2283\n",
        [
            "content/entities.yaml:3:13: error: acme.wikidata: 'q2283' is not a Wikidata item id (Q and digits, like Q2283)"
        ],
    ),
    "name_missing": (
        "acme:\n  kind: company\n",
        ["content/entities.yaml:2:3: error: missing required field 'name' in acme"],
    ),
    "kind_unknown": (
        "acme:\n  name: Acme\n  kind: compnay\n",
        [
            "content/entities.yaml:3:9: error: acme.kind: 'compnay' is not one of company, research-lab, "
            "investor, government, nonprofit, other (did you mean 'company'?)"
        ],
    ),
    "website_not_url": (
        "acme:\n  name: Acme\n  website: acme.example\n",
        ["content/entities.yaml:3:12: error: acme.website: 'acme.example' is not an absolute http:// or https:// URL"],
    ),
    "bad_id": (
        "Acme Inc:\n  name: Acme\n",
        [
            "content/entities.yaml:1:1: error: 'Acme Inc' is not a valid entity id: use lowercase letters, digits "
            "and single hyphens (like 'cloud-infrastructure'), at most 80 characters"
        ],
    ),
    "description_too_long": (
        "acme:\n  name: Acme\n  description: " + "x" * 601 + "\n",
        ["content/entities.yaml:3:16: error: acme.description: is 601 characters long; the limit is 600"],
    ),
    "name_is_a_merge_key": (
        "acme:\n  name: <<\n",
        [
            'content/entities.yaml:2:9: error: acme.name: expected text, but YAML reads << as a merge key; put it in quotes: "<<"'
        ],
    ),
    "name_on_two_lines": (
        "acme:\n  name: |\n    Acme\n    Inc\n",
        ["content/entities.yaml:2:9: error: acme.name: must be one line"],
    ),
}


@pytest.mark.parametrize("case", sorted(ENTITY_CASES))
def test_entity_rule(project, case):
    text, expected = ENTITY_CASES[case]
    path = project / "content" / "entities.yaml"
    path.write_text(text + path.read_text())
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == expected


def test_taxonomy_sections_are_required_but_may_be_empty(project):
    path = project / "content" / "taxonomy.yaml"
    path.write_text("topics: {}\n")
    _, problems = load_content(project)
    assert (
        next(p.plain() for p in problems) == "content/taxonomy.yaml:1:1: error: missing required field 'stakeholders'"
    )


def test_taxonomy_label_required(project):
    path = project / "content" / "taxonomy.yaml"
    path.write_text(path.read_text().replace("    label: Semiconductors\n", "    labl: Semiconductors\n"))
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == [
        "content/taxonomy.yaml:6:5: error: missing required field 'label' in topics.semiconductors",
        "content/taxonomy.yaml:6:5: error: unknown field 'labl' (did you mean 'label'?)",
    ]


def test_taxonomy_label_may_not_be_a_merge_key(project):
    path = project / "content" / "taxonomy.yaml"
    path.write_text(path.read_text().replace("    label: Semiconductors\n", "    label: <<\n"))
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == [
        "content/taxonomy.yaml:6:12: error: topics.semiconductors.label: expected text, but YAML reads << as a merge key; "
        'put it in quotes: "<<"'
    ]


def test_missing_files_are_reported(tmp_path):
    (tmp_path / "content" / "analyses").mkdir(parents=True)
    _, problems = load_content(tmp_path)
    assert [p.plain() for p in problems] == [
        "content/entities.yaml: error: file is missing",
        "content/taxonomy.yaml: error: file is missing",
    ]


def test_analyses_folder_may_not_be_a_link(project, tmp_path):
    real = project / "content" / "analyses"
    real.rename(tmp_path / "elsewhere")
    real.symlink_to(tmp_path / "elsewhere")
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == [
        "content/analyses: error: folder is a symbolic link; content must be real folders and files"
    ]


V2 = edit(
    "sources:\n  - publisher: Contoso\n",
    "sources:\n  - id: contoso-release\n    publisher: Contoso\n  - id: fabrikam-filing\n    publisher: Fabrikam\n",
)
"""BASE with two sources that can be cited (lines 6 to 9)."""


def v2(old: str, new: str) -> str:
    assert old in V2
    return V2.replace(old, new, 1)


V2_CASES = {
    "citation_of_an_unknown_source": (
        v2("  - Some background.\n", "  - text: Some background.\n    cite: [contoso-releas]\n"),
        [f"{F}:12:12: error: unknown source 'contoso-releas' (did you mean 'contoso-release'?)"],
    ),
    "citation_in_an_expert_view": (
        v2("    view: A view.\n", "    view: A view.\n    cite: [fabrikam-filing, nobody]\n"),
        [f"{F}:15:29: error: unknown source 'nobody'"],
    ),
    "a_source_cited_twice_by_one_paragraph": (
        v2("  - Some background.\n", "  - text: Some background.\n    cite: [contoso-release, contoso-release]\n"),
        [f"{F}:12:29: error: context[1].cite: 'contoso-release' is listed twice (first at line 12)"],
    ),
    "duplicate_source_ids": (
        v2("  - id: fabrikam-filing\n", "  - id: contoso-release\n"),
        [f"{F}:8:9: error: sources: 'contoso-release' is listed twice (first at line 6)"],
    ),
    "unknown_outcome_status": (
        v2(
            "  summary: An outlook.\n",
            "  summary: An outlook.\n  watch:\n    - signal: A signal.\n      outcome:\n"
            "        status: happend\n        date: 2026-05-04\n        note: It did.\n",
        ),
        [
            f"{F}:24:17: error: outlook.watch[1].outcome.status: 'happend' is not one of happened, partly, "
            "did-not-happen (did you mean 'happened'?)"
        ],
    ),
    "by_not_in_the_calendar": (
        v2(
            "  summary: An outlook.\n",
            "  summary: An outlook.\n  watch:\n    - signal: A signal.\n      by: 2027-02-30\n",
        ),
        [f"{F}:23:11: error: outlook.watch[1].by: 2027-02-30 is not a date in the calendar"],
    ),
    "outcome_after_the_last_update": (
        v2(
            "  summary: An outlook.\n",
            "  summary: An outlook.\n  watch:\n    - signal: A signal.\n      outcome:\n"
            "        status: happened\n        date: 2026-09-01\n        note: It did.\n",
        ),
        [
            f"{F}:24:9: error: recording an outcome is an update of the analysis, which has no updated date: "
            "set updated to 2026-09-01"
        ],
    ),
    "outcome_after_updated": (
        v2(
            "published: 2026-05-04\n",
            "published: 2026-05-04\nupdated: 2026-06-01\n",
        ).replace(
            "  summary: An outlook.\n",
            "  summary: An outlook.\n  watch:\n    - signal: A signal.\n      outcome:\n"
            "        status: partly\n        date: 2026-09-01\n        note: In part.\n",
        ),
        [
            f"{F}:25:9: error: the outcome's date (2026-09-01) is after the analysis's updated date (2026-06-01); "
            "recording an outcome is an update: set updated to 2026-09-01 or later"
        ],
    ),
    "correction_before_published": (
        v2("published: 2026-05-04\n", "published: 2026-05-04\nupdated: 2026-06-01\n")
        + "corrections:\n  - date: 2026-05-01\n    text: It was five years, not three.\n",
        [f"{F}:23:5: error: the correction's date (2026-05-01) is before the analysis was published (2026-05-04)"],
    ),
    "correction_without_updated": (
        V2 + "corrections:\n  - date: 2026-05-04\n    text: It was five years, not three.\n",
        [
            f"{F}:22:5: error: a correction is an update of the analysis, which has no updated date: "
            "set updated to 2026-05-04"
        ],
    ),
    "placeholder_in_a_signal": (
        v2("  summary: An outlook.\n", "  summary: An outlook.\n  watch:\n    - 'TODO: a signal'\n"),
        [f"{F}:22:7: error: outlook.watch[1]: placeholder text left; replace the 'TODO: …' text with your own"],
    ),
}


@pytest.mark.parametrize("case", sorted(V2_CASES))
def test_version_2_rules(project, case):
    text, expected = V2_CASES[case]
    assert problems_for(project, text) == expected


def test_version_2_fields_build_the_model(project):
    text = v2("  - Some background.\n", "  - text: Some background.\n    cite: [contoso-release]\n  - More.\n")
    text = text.replace("published: 2026-05-04\n", "published: 2026-05-04\nupdated: 2026-06-01\n")
    text = text.replace(
        "  summary: An outlook.\n",
        "  summary: An outlook.\n  watch:\n    - Plain signal.\n    - signal: Dated signal.\n      by: 2027-06\n"
        "      outcome:\n        status: did-not-happen\n        date: 2026-06-01\n        note: It didn't.\n"
        "        source:\n          publisher: Fabrikam\n",
    )
    text += "corrections:\n  - date: 2026-06-01\n    text: It was five years.\n"
    assert problems_for(project, text) == []
    content, _ = load_content(project)
    analysis = next(a for a in content.analyses if a.slug == "case")
    assert [(p.text, p.cite) for p in analysis.context] == [
        ("Some background.", ("contoso-release",)),
        ("More.", ()),
    ]
    plain, dated = analysis.outlook.watch
    assert (plain.signal, plain.by, plain.outcome) == ("Plain signal.", None, None)
    assert (dated.by, dated.outcome.status, dated.outcome.source.publisher) == ("2027-06", "did-not-happen", "Fabrikam")
    assert [(c.date.isoformat(), c.text) for c in analysis.corrections] == [("2026-06-01", "It was five years.")]
    assert [s.id for s in analysis.sources] == ["contoso-release", "fabrikam-filing"]


# Characters no text may hold (a C1 control broke a page's front matter); tab and line feed are text.
CONTROL_CHARACTERS = [
    *map(chr, range(0x00, 0x09)),
    *map(chr, range(0x0B, 0x20)),
    *map(chr, range(0x7F, 0xA0)),
    "\ufffe",
    "\uffff",
]
FILE_SPECS = {
    "content/entities.yaml": (schema.ENTITIES, FIXTURES / "basic" / "content" / "entities.yaml"),
    "content/taxonomy.yaml": (schema.TAXONOMY, FIXTURES / "basic" / "content" / "taxonomy.yaml"),
    "content/analyses/case.yaml": (
        schema.ANALYSIS,
        FIXTURES / "basic" / "content" / "analyses" / "contoso-fabrikam-chip-supply.yaml",
    ),
}


def text_fields(spec: schema.Spec, path: tuple[str | int, ...] = ()):
    """The path to every text and URL value of a file, with its declaration, from the schema's declarations:
    0 is an item of a list or an entry of a table."""
    if isinstance(spec, (schema.Text, schema.Url)):
        yield path, spec
    elif isinstance(spec, schema.ListOf):
        yield from text_fields(spec.item, (*path, 0))
    elif isinstance(spec, schema.Record):
        for field in spec.fields:
            yield from text_fields(field.spec, (*path, field.name))
    elif isinstance(spec, schema.TextOr):
        yield path, spec.record.declared(spec.text_field).spec  # the text alone
        yield from text_fields(spec.record, path)
    elif isinstance(spec, schema.Table):
        yield from text_fields(spec.value, (*path, 0))


def holder(data, steps, last):
    """What in `data` (as YAML reads it) holds `last` at the end of `steps`: 0 steps into the first item or entry
    that leads to one."""
    if not steps:
        return data if isinstance(data, list if last == 0 else dict) else None
    step, rest = steps[0], steps[1:]
    if step == 0:
        items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
        return next((found for item in items if (found := holder(item, rest, last)) is not None), None)
    return holder(data[step], rest, last) if isinstance(data, dict) and step in data else None


def with_value(data, path, value):
    """`data` with `value` at `path`, adding an optional field that the item found leaves out."""
    *steps, last = path
    found = holder(data, steps, last)
    assert found is not None, f"the fixture has nothing at {path}"
    found[last] = value


TEXT_FIELDS = [(display, path, leaf) for display, (spec, _) in FILE_SPECS.items() for path, leaf in text_fields(spec)]


def test_every_text_field_is_found():
    assert len(TEXT_FIELDS) == 26 and ("content/analyses/case.yaml", ("sources", 0, "url"), schema.Url()) in TEXT_FIELDS


@pytest.mark.parametrize(
    "field", range(len(TEXT_FIELDS)), ids=[f"{d}:{'.'.join(map(str, p))}" for d, p, _ in TEXT_FIELDS]
)
def test_control_characters_are_refused_in_every_text_field_at_its_line(tmp_path, field):
    display, path, leaf = TEXT_FIELDS[field]
    what = "a URL" if isinstance(leaf, schema.Url) else "text"
    spec, fixture = FILE_SPECS[display]
    for number, char in enumerate(CONTROL_CHARACTERS):
        if number % 4 != field % 4 and char != "\x9f":  # U+009F and a quarter of the others in each field: all in all
            continue
        data = yaml.safe_load(fixture.read_text("utf-8"))
        value = "https://example.org/marker" if what == "a URL" else "Marker"
        with_value(data, path, value + char + "after")
        text = yaml.safe_dump(data, allow_unicode=False, sort_keys=False, width=10**6)
        line = next(row_number for row_number, row in enumerate(text.splitlines(), 1) if "arker" in row)
        file = tmp_path / "case.yaml"
        file.write_text(text, "utf-8")
        _, checked = check_file(file, display, spec, **({"slug": "case"} if spec is schema.ANALYSIS else {}))
        assert [(p.line, p.message.rsplit(": ", 1)[-1]) for p in checked.problems] == [
            (
                line,
                f"character U+{ord(char):04X} is not allowed in {what}; delete it",
            )
        ], (path, char)


@pytest.mark.parametrize("value", ["tab\tand\nline feed", "no-break\u00a0space", "line\u2028separator", "\ufffd"])
def test_text_may_hold_tabs_line_feeds_and_other_characters(project, value):
    assert problems_for(project, edit("  - Some background.", f"  - {yaml.safe_dump(value).strip()}")) == []


def _spy_on_suggestions(monkeypatch) -> list[int]:
    """The work of each did-you-mean lookup (the word's length times the candidates' total length, as
    MAX_SUGGESTION_WORK counts it), recorded as validation makes them."""
    import difflib

    work: list[int] = []
    original = difflib.get_close_matches

    def counted(word, candidates, *args, **kwargs):
        work.append(len(word) * sum(map(len, candidates)))
        return original(word, candidates, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    return work


def test_unknown_references_are_all_reported_within_the_suggestions_budget(project, monkeypatch):
    """1,000 unknown partners among 1,000 entities: unbounded, the did-you-mean work took 31 s of CPU."""
    import random

    from generator.validate import MAX_SUGGESTION_WORK

    # Ids over two letters are the slowest for difflib to compare.
    choose = random.Random(13).choice
    ids = sorted({"".join(choose("ab") for _ in range(20)) for _ in range(1000)})
    unknown = sorted({"".join(choose("ab") for _ in range(20)) for _ in range(1000)} - set(ids))
    entities = project / "content" / "entities.yaml"
    entities.write_text(entities.read_text() + "".join(f"{id}:\n  name: X\n" for id in ids))
    work = _spy_on_suggestions(monkeypatch)
    found = problems_for(project, edit("partners: [contoso, fabrikam]", f"partners: [{', '.join(unknown)}]"))
    assert len(found) == len(unknown)
    assert 0 < sum(work) <= MAX_SUGGESTION_WORK and len(work) < len(unknown)


def test_suggestions_stop_when_their_work_is_spent_and_each_word_is_looked_up_once(project, monkeypatch):
    from generator import validate

    # The entities' ids have 43 characters in all: 'contso' costs 6 x 43 = 258, then 'fabrikm' 7 x 43 = 301 is too much.
    monkeypatch.setattr(validate, "MAX_SUGGESTION_WORK", 400)
    other = project / "content" / "analyses" / "other.yaml"
    other.write_text(edit("partners: [contoso, fabrikam]", "partners: [contso, fabrikam]"))
    assert problems_for(project, edit("partners: [contoso, fabrikam]", "partners: [contso, fabrikm]")) == [
        f"{F}:4:12: error: unknown partner 'contso' (did you mean 'contoso'?)",
        f"{F}:4:20: error: unknown partner 'fabrikm'",
        "content/analyses/other.yaml:4:12: error: unknown partner 'contso' (did you mean 'contoso'?)",
    ]


def test_a_mebibyte_of_brackets_in_one_text_is_refused_at_its_line(project):
    """It took markdown-it 7 s to parse, and MkDocs more than ten minutes to build."""
    found = problems_for(project, edit("  - Some background.", "  - '" + "[" * (1024 * 1024 - 1000) + "'"))
    assert found == [f"{F}:8:5: error: context[1]: is 1047576 characters long; the limit is 10000"]


def test_unknown_citations_are_all_reported_within_the_suggestions_budget(tmp_path, monkeypatch):
    """1,000 sources and 1,000 unknown citations in one analysis (68 KB): unbounded, 29 s of CPU."""
    import random

    from generator.validate import MAX_SUGGESTION_WORK

    choose = random.Random(5).choice
    ids = sorted({"".join(choose("ab") for _ in range(20)) for _ in range(1000)})
    unknown = sorted({"".join(choose("ab") for _ in range(20)) for _ in range(1000)} - set(ids))
    sources = "".join(f"  - id: {id}\n    publisher: P\n" for id in ids)
    path = tmp_path / "case.yaml"
    path.write_text(
        BASE.replace("sources:\n  - publisher: Contoso\n", f"sources:\n{sources}").replace(
            "  - Some background.\n", f"  - text: Some background.\n    cite: [{', '.join(unknown)}]\n"
        )
    )
    work = _spy_on_suggestions(monkeypatch)
    _, checked = check_file(path, F, schema.ANALYSIS, slug="case")
    assert len(checked.problems) == len(unknown)
    assert 0 < sum(work) <= MAX_SUGGESTION_WORK and len(work) < len(unknown)
