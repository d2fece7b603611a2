"""`python -m generator new` and `make new`: a new analysis with every section, whose placeholders can't be published."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, run_generator
from with_make import make, prepare

from generator import json_schema, schema
from generator.scaffold import SCHEMA_COMMENT, new_analysis, slug_for
from generator.source import load, to_data
from generator.validate import load_content

TODAY = dt.date(2026, 7, 14)
TITLE = "Contoso and Fabrikam: a “joint” venture in 2027"
SLUG = "contoso-and-fabrikam-a-joint-venture-in-2027"
NEW = f"content/analyses/{SLUG}.yaml"


def snapshot(project):
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted((project / "content").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "title,slug",
    [
        (TITLE, SLUG),
        ("Ça va: Åland & Zürich’s AI deal", "ca-va-aland-zurichs-ai-deal"),
        ("Contoso's bet", "contosos-bet"),
        ("  --Spaces   and---dashes--  ", "spaces-and-dashes"),
        ("日本語のタイトル", ""),
        ("word " * 40, "-".join(["word"] * 16)),
    ],
)
def test_slug_for(title, slug):
    assert slug_for(title) == slug
    assert len(slug) <= schema.ID_MAX_LENGTH


def test_writes_every_section_with_the_title_partners_and_date(project):
    path, errors = new_analysis(project, TITLE, ["contoso", "fabrikam"], TODAY)
    assert errors == []
    assert path == project / NEW
    text = path.read_text("utf-8")
    assert text.splitlines()[0] == SCHEMA_COMMENT
    node, problems = load(path, NEW)
    assert problems == []
    data = to_data(node)
    assert data["title"] == TITLE
    assert data["partners"] == ["contoso", "fabrikam"]
    assert data["published"] == "2026-07-14"
    required = [field.name for field in schema.ANALYSIS.fields if field.required]
    assert set(required) <= set(data)
    for name in ("summary", "context", "sources", "expert_views", "implications", "outlook", "authors"):
        assert schema.PLACEHOLDER in str(data[name]), name


def test_the_schema_comment_points_at_the_committed_schema(project):
    _path, _ = new_analysis(project, TITLE, ["contoso", "fabrikam"], TODAY)
    target = SCHEMA_COMMENT.split("$schema=", 1)[1]
    assert (ROOT / "content" / "analyses" / target).resolve() == (ROOT / json_schema.FOLDER / "analysis.schema.json")
    assert (ROOT / json_schema.FOLDER / "analysis.schema.json").is_file()


def test_placeholders_fail_validation_until_each_is_replaced(project):
    path, _ = new_analysis(project, TITLE, ["contoso", "fabrikam"], TODAY)
    content, problems = load_content(project)
    assert content is None
    assert {p.path for p in problems} == {NEW}
    assert all("placeholder text left" in p.message for p in problems), [p.plain() for p in problems]
    placeholder_lines = [
        n
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if schema.PLACEHOLDER in line and not line.lstrip().startswith("#")
    ]
    assert sorted(p.line for p in problems) == placeholder_lines

    text = path.read_text("utf-8")
    filled = text.replace('"TODO: a stakeholder id"', "investors").replace(
        '"TODO: supportive, cautious, critical or neutral"', "neutral"
    )
    filled = "\n".join(line.replace("TODO: ", "Written: ") for line in filled.splitlines()) + "\n"
    path.write_text(filled, "utf-8")
    content, problems = load_content(project)
    assert problems == []
    assert SLUG in {a.slug for a in content.analyses}

    path.write_text(filled.replace("Written: the outlook in a paragraph.", "TODO: later"), "utf-8")
    _, problems = load_content(project)
    assert [p.plain() for p in problems] == [
        f"{NEW}:{p.line}:{p.col}: error: outlook.summary: placeholder text left; replace the 'TODO: …' text with your own"
        for p in problems
    ]
    assert len(problems) == 1


@pytest.mark.parametrize(
    "title,partners,slug,error",
    [
        (TITLE, ["contoso", "fabrikan"], None, "unknown partner 'fabrikan' (did you mean 'fabrikam'?)"),
        (TITLE, ["contoso"], None, "partners: needs at least 2 entries, found 1"),
        (TITLE, ["contoso", "contoso"], None, "partners: 'contoso' is listed twice (first at line 1)"),
        (
            TITLE,
            ["Contoso", "fabrikam"],
            None,
            "partners[1]: 'Contoso' is not a valid partner: use lowercase letters, "
            "digits and single hyphens (like 'cloud-infrastructure'), at most 80 characters",
        ),
        ("x" * 161, ["contoso", "fabrikam"], None, "title: is 161 characters long; the limit is 160"),
        ("Two\nlines", ["contoso", "fabrikam"], None, "title: must be one line"),
        ("   ", ["contoso", "fabrikam"], None, "title: is empty"),
        (
            "TODO: a title",
            ["contoso", "fabrikam"],
            None,
            "title: placeholder text left; replace the 'TODO: …' text with your own",
        ),
        (
            "[x](javascript:alert(1))",
            ["contoso", "fabrikam"],
            None,
            "title: link target 'javascript:alert(1)' is not allowed; links must be absolute http://, https:// or mailto: addresses",
        ),
        (
            "日本語のタイトル",
            ["contoso", "fabrikam"],
            None,
            "the title has no letters or digits to make a file name from; give one with --slug",
        ),
        (
            TITLE,
            ["contoso", "fabrikam"],
            "Bad_Slug",
            "'Bad_Slug' is not a valid slug: use lowercase letters, digits and single hyphens, at most 80 characters",
        ),
        (
            TITLE,
            ["contoso", "fabrikam"],
            "evil\n",
            "'evil\\n' is not a valid slug: use lowercase letters, digits and single hyphens, at most 80 characters",
        ),
        (
            "Contoso and Fabrikam tie cloud capacity to a chip supply deal",
            ["contoso", "fabrikam"],
            "contoso-fabrikam-chip-supply",
            "content/analyses/contoso-fabrikam-chip-supply.yaml exists already; choose another title or give a slug with --slug",
        ),
    ],
)
def test_bad_input_is_refused_and_writes_nothing(project, title, partners, slug, error):
    before = snapshot(project)
    path, errors = new_analysis(project, title, partners, TODAY, slug)
    assert path is None
    assert error in errors
    assert snapshot(project) == before


@pytest.mark.parametrize("linked", ["content/analyses", "content"])
def test_a_symlinked_content_folder_is_refused_and_nothing_written(project, tmp_path, linked):
    elsewhere = tmp_path / "elsewhere"
    (project / linked).rename(elsewhere)
    (project / linked).symlink_to(elsewhere)
    before = sorted(elsewhere.rglob("*"))
    path, errors = new_analysis(project, TITLE, ["contoso", "fabrikam"], TODAY)
    assert (path, errors) == (None, [f"{linked} is a symbolic link; content must be real folders and files"])
    assert sorted(elsewhere.rglob("*")) == before
    result = run_generator(project, "new", "--partners", "contoso,fabrikam", TITLE)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"error: {errors[0]}", "nothing written"]
    assert sorted(elsewhere.rglob("*")) == before


def test_existing_slug_made_from_the_title(project):
    before = snapshot(project)
    path, errors = new_analysis(project, "Contoso Fabrikam chip supply", ["contoso", "fabrikam"], TODAY)
    assert (path, errors) == (
        None,
        [
            "content/analyses/contoso-fabrikam-chip-supply.yaml exists already; choose another title or give a slug with --slug"
        ],
    )
    assert snapshot(project) == before


def test_a_broken_entities_file_is_reported_first(project):
    (project / "content/entities.yaml").write_text("contoso: [not, a, mapping]\n", "utf-8")
    path, errors = new_analysis(project, TITLE, ["contoso", "fabrikam"], TODAY)
    assert path is None
    assert errors[0].startswith("content/entities.yaml:1:10: error: ")
    assert errors[-1] == "fix these problems first: a new analysis needs both files"


def test_command_line(project):
    result = run_generator(project, "new", "--partners", "contoso, fabrikam", TITLE)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"{NEW}: written")
    again = run_generator(project, "new", "--partners", "contoso,fabrikam", TITLE)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        f"error: {NEW} exists already; choose another title or give a slug with --slug",
        "nothing written",
    ]


def test_make_new(project):
    title = "A \"quoted\" title with `ticks` and 'single' ones; echo no"
    result = make(prepare(project), "new", "PARTNERS=contoso,northwind", f"TITLE={title}")
    assert result.returncode == 0, result.stdout + result.stderr
    [path] = (project / "content" / "analyses").glob("a-quoted-*.yaml")
    node, _ = load(path, "new.yaml")
    assert to_data(node)["title"] == title
    assert to_data(node)["partners"] == ["contoso", "northwind"]
