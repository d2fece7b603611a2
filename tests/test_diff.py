"""`python -m generator diff BASE` on a temporary git repository: what changed, section by section, and its status."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import run_generator
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

from generator.diff import (
    UNREADABLE,
    Change,
    analysis_sections,
    base_files,
    changes,
    literal,
    plain,
    report,
    work_files,
)
from generator.source import parse

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}
CHIP = "content/analyses/contoso-fabrikam-chip-supply.yaml"
SAFETY = "content/analyses/northwind-contoso-safety-lab.yaml"
STAKE = "content/analyses/tailspin-fabrikam-stake.yaml"


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "content")
    git(project, "commit", "-q", "-m", "base")
    return project


def edit(repo: Path, path: str, old: str, new: str) -> None:
    file = repo / path
    text = file.read_text("utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), "utf-8")


def test_base_files_are_the_committed_bytes(repo):
    (repo / "content" / "notes.txt").write_bytes(b"crlf\r\nand \xff bytes")
    git(repo, "add", "content")
    git(repo, "commit", "-q", "-m", "more")
    committed = base_files(repo, "HEAD")
    assert committed == {path: file.read_bytes() for path, file in work_files(repo).items()}
    assert len(committed) == 10  # entities, taxonomy, four analyses, three hand-written pages, notes.txt


def test_symlinks_and_hidden_files_are_no_content(repo, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("title: a secret\n", "utf-8")
    (repo / "content/analyses/leak.yaml").symlink_to(secret)
    (repo / "content/analyses/.draft.yaml").write_text("title: hidden\n", "utf-8")
    assert "content/analyses/leak.yaml" not in work_files(repo)
    assert changes(repo, "main") == []


def test_a_symlinked_content_folder_holds_no_content(repo, tmp_path):
    (repo / "content").rename(tmp_path / "elsewhere")
    (repo / "content").symlink_to(tmp_path / "elsewhere")
    assert work_files(repo) == {}
    assert {change.kind for change in changes(repo, "main")} == {"removed"}
    assert "folder is a symbolic link" in report(repo, "main")


def test_nothing_changed(repo):
    assert changes(repo, "main") == []
    assert report(repo, "main") == (
        "## Content changes since main\n\n✅ Validation: every content file is valid.\n\nNo content file changed.\n"
    )


def test_sections_that_changed_in_an_analysis(repo):
    edit(
        repo,
        CHIP,
        "  Fabrikam gets a guaranteed anchor customer for its new plant.",
        "  Fabrikam gets a guaranteed anchor customer for its new fabrication plant.",
    )
    edit(repo, CHIP, "    stance: cautious", "    stance: critical")
    edit(
        repo,
        CHIP,
        "      - Fabrikam's revenue visibility improves for the length of the contract.",
        "      - Fabrikam's revenue visibility improves for five years.",
    )
    edit(
        repo,
        CHIP,
        "outlook:",
        "  - stakeholder: policymakers\n    points:\n      - Regulators may look at it.\noutlook:",
    )
    edit(repo, CHIP, "    - Fabrikam's yield figures for the first production runs.\n", "")
    assert changes(repo, "main") == [
        Change(
            CHIP,
            "changed",
            "Contoso and Fabrikam tie cloud capacity to a chip supply deal",
            ("summary", "expert views", "implications (investors changed, policymakers added)", "outlook"),
        )
    ]


def test_every_section_is_named_in_the_content_models_order():
    old = {
        "title": "a",
        "summary": "b",
        "published": "2026-01-01",
        "partners": ["x", "y"],
        "sources": [{"publisher": "p"}],
        "context": ["c"],
        "expert_views": [{"source": "s", "view": "v"}],
        "outlook": {"summary": "o"},
        "implications": [{"stakeholder": "investors", "points": ["p"]}, {"stakeholder": "businesses", "points": ["q"]}],
    }
    new = {
        "title": "A",
        "summary": "B",
        "published": "2026-01-02",
        "updated": "2026-02-01",
        "status": "draft",
        "authors": ["Ada"],
        "partners": ["x", "z"],
        "topics": ["t"],
        "sources": [{"publisher": "P"}],
        "context": ["C"],
        "expert_views": [],
        "outlook": {"summary": "O"},
        "related": ["r"],
        "sumary": "typo",
        "implications": [{"stakeholder": "investors", "points": ["p"]}, {"stakeholder": "developers", "points": ["d"]}],
    }
    assert analysis_sections(old, new) == (
        "title",
        "summary",
        "published",
        "updated",
        "status",
        "authors",
        "partners",
        "topics",
        "sources",
        "context",
        "expert views",
        "implications (businesses removed, developers added)",
        "outlook",
        "related",
        "sumary (not a field)",
    )
    reordered = {**old, "implications": list(reversed(old["implications"]))}
    assert analysis_sections(old, reordered) == ("implications (order)",)
    assert analysis_sections(old, old) == ()


def test_added_removed_and_references_broken_elsewhere(repo):
    (repo / "content/analyses/new-one.yaml").write_text(
        (repo / STAKE).read_text("utf-8").replace("title: ", "title: New ", 1), "utf-8"
    )
    (repo / SAFETY).unlink()  # the chip-supply analysis lists it as related
    found = changes(repo, "main")
    assert [(c.kind, c.path) for c in found] == [("added", "content/analyses/new-one.yaml"), ("removed", SAFETY)]
    assert found[1].title.startswith("Northwind")
    text = report(repo, "main")
    assert "### Added: content/analyses/new\\-one\\.yaml — New Tailspin" in text
    assert "### Removed: content/analyses/northwind\\-contoso\\-safety\\-lab\\.yaml — Northwind" in text
    assert "❌ Validation: 1 problem in 1 file" in text
    untouched = text.split("### Problems in files this change did not touch", 1)[1]
    assert "#### content/analyses/contoso\\-fabrikam\\-chip\\-supply\\.yaml" in untouched
    assert "unknown analysis \\'northwind\\-contoso\\-safety\\-lab\\'" in untouched


def test_entities_and_taxonomy_by_entry(repo):
    edit(repo, "content/entities.yaml", "unused-corp:\n  name: Unused Corp\n", "")
    edit(repo, "content/entities.yaml", "  name: Northwind Labs", "  name: Northwind Laboratories")
    (repo / "content/entities.yaml").write_text(
        (repo / "content/entities.yaml").read_text() + "adatum:\n  name: Adatum\n"
    )
    edit(
        repo, "content/taxonomy.yaml", "  semiconductors:\n    label: Semiconductors\n", "  chips:\n    label: Chips\n"
    )
    edit(repo, "content/taxonomy.yaml", "    label: Policymakers", "    label: Policy makers")
    found = {c.path: c.parts for c in changes(repo, "main")}
    assert found == {
        "content/entities.yaml": ("adatum added", "northwind changed", "unused-corp removed"),
        "content/taxonomy.yaml": (
            "topics: chips added",
            "topics: semiconductors removed",
            "stakeholders: policymakers changed",
        ),
    }


def test_an_invalid_change_shows_its_problems_with_lines(repo):
    edit(repo, CHIP, "stakeholder: investors", "stakeholder: investers")
    text = report(repo, "main")
    assert (
        text.splitlines()[2] == "❌ Validation: 1 problem in 1 file; the site can't be published until they are fixed."
    )
    assert (
        "- line 38, column 18: unknown stakeholder \\'investers\\' \\(did you mean \\'investors\\'\\?\\)"
        in text.splitlines()
    )


def test_comments_only_and_unreadable_yaml(repo):
    edit(repo, CHIP, "title: Contoso and", "# a comment\ntitle: Contoso and")
    edit(repo, STAKE, "title:", "title: [unclosed\nx:")
    found = {c.path: c.parts for c in changes(repo, "main")}
    assert found == {CHIP: (), STAKE: (UNREADABLE,)}
    text = report(repo, "main")
    assert "Changed: formatting or comments only" in text
    assert "YAML syntax error" in text


def test_content_text_reads_as_literal_text():
    hostile = "x <img src=x onerror=alert(1)> [link](https://evil.example) | **bold** `code`\n# heading @someone"
    assert literal(hostile) == (
        "x \\<img src\\=x onerror\\=alert\\(1\\)\\> \\[link\\]\\(https\\://evil\\.example\\) \\| \\*\\*bold\\*\\* "
        "\\`code\\` \\# heading \\@someone"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_literal_text_renders_as_exactly_that_text(text):
    # CommonMark with GitHub's tables and strikethrough: the escaped text shows as typed, nothing more.
    markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    assert markdown.renderInline(literal(text)) == escapeHtml(" ".join(text.split()))


def test_hostile_title_and_file_name_are_escaped(repo):
    name = "content/analyses/<b>x|y<i>.yaml"
    (repo / name).write_text('title: "<script>alert(1)</script> [x](javascript:y)"\n', "utf-8")
    text = report(repo, "main")
    assert "<script>" not in text and "<b>" not in text and "](javascript" not in text
    assert "\\<script\\>alert\\(1\\)\\</script\\> \\[x\\]\\(javascript\\:y\\)" in text


def test_working_tree_against_an_older_commit(repo):
    edit(repo, CHIP, "stance: cautious", "stance: neutral")
    git(repo, "commit", "-q", "-am", "second")
    edit(
        repo,
        STAKE,
        "title: ",
        "title: Renamed ",
    )
    assert [c.path for c in changes(repo, "HEAD")] == [STAKE]
    assert [c.path for c in changes(repo, "HEAD~1")] == [CHIP, STAKE]


def test_command_line(repo):
    edit(repo, CHIP, "stance: cautious", "stance: neutral")
    result = run_generator(repo, "diff", "main")
    assert result.returncode == 0, result.stderr
    assert result.stdout == report(repo, "main")
    assert "Changed: expert views" in result.stdout
    unknown = run_generator(repo, "diff", "no-such-branch")
    assert unknown.returncode == 2
    assert unknown.stdout == ""
    assert unknown.stderr.startswith("error: ")


CHIP_TITLE = "Contoso and Fabrikam tie cloud capacity to a chip supply deal"
SAFETY_TITLE = "Northwind Labs and Contoso open a joint safety lab"
STAKE_TITLE = "Tailspin Ventures considers a stake in Fabrikam"
# Tagged scalars the loader lets through and `validate` refuses; PyYAML can't construct any of them.
TAGGED = {
    "unparsable": '!!int "[1"',
    "digits": "!!int " + "9" * 5000,
    "python tag": '!!int "!!python/object/apply:os.system [echo hi]"',
}


def put_tagged(repo: Path, payload: str) -> None:
    """The payload as the chip-supply analysis's title, a new analysis's title and an entity's name."""
    edit(repo, CHIP, f"title: {CHIP_TITLE}", f"title: {payload}")
    (repo / "content/analyses/tagged.yaml").write_text(
        (repo / STAKE).read_text("utf-8").replace(f"title: {STAKE_TITLE}", f"title: {payload}", 1), "utf-8"
    )
    edit(repo, "content/entities.yaml", "  name: Northwind Labs", f"  name: {payload}")


def test_values_are_compared_as_written_without_constructing_them():
    def value(text: str):
        node, problems = parse(text.encode(), "x.yaml")
        assert problems == []
        return plain(node)

    assert value('title: !!int "[1"\nn: 007\nok: yes\nlist: [a, ~]') == {
        "title": ("tag:yaml.org,2002:int", "[1"),
        "n": ("tag:yaml.org,2002:int", "007"),
        "ok": ("tag:yaml.org,2002:bool", "yes"),
        "list": ["a", None],
    }
    # A date is its text, quoted or not, and an empty value is the same as none, as an author reads them.
    assert analysis_sections(value("published: 2026-05-04\nupdated:\n"), value('published: "2026-05-04"\n')) == ()


@pytest.mark.parametrize("payload", TAGGED.values(), ids=TAGGED.keys())
def test_tagged_scalars_in_the_working_tree_are_problems(repo, payload):
    put_tagged(repo, payload)
    found = changes(repo, "main")
    assert found == [
        Change("content/analyses/contoso-fabrikam-chip-supply.yaml", "changed", None, ("title",)),
        Change("content/analyses/tagged.yaml", "added", None, ()),
        Change("content/entities.yaml", "changed", None, ("northwind changed",)),
    ]
    text = report(repo, "main")
    assert text.startswith("## Content changes since main\n\n❌ Validation: ")
    for path in (CHIP, "content/analyses/tagged.yaml", "content/entities.yaml"):
        status = text.split(f"### {'Added' if 'tagged' in path else 'Changed'}: {literal(path)}", 1)[1]
        assert "title\\: expected text" in status or "name\\: expected text" in status, path


@pytest.mark.parametrize("payload", TAGGED.values(), ids=TAGGED.keys())
def test_tagged_scalars_at_the_base_are_compared_without_constructing_them(repo, payload):
    put_tagged(repo, payload)
    git(repo, "add", "content")
    git(repo, "commit", "-q", "-m", "tagged")
    git(repo, "rm", "-q", "content/analyses/tagged.yaml")
    git(repo, "checkout", "-q", "main~1", "--", CHIP, "content/entities.yaml")
    assert changes(repo, "main") == [
        Change(CHIP, "changed", CHIP_TITLE, ("title",)),
        Change("content/analyses/tagged.yaml", "removed", None, ()),
        Change("content/entities.yaml", "changed", None, ("northwind changed",)),
    ]
    assert "✅ Validation: every content file is valid." in report(repo, "main")


def test_tagged_scalars_on_the_command_line(repo):
    edit(repo, SAFETY, f"title: {SAFETY_TITLE}", f"title: {TAGGED['python tag']}")
    git(repo, "commit", "-q", "-am", "tagged at the base")
    edit(repo, SAFETY, TAGGED["python tag"], TAGGED["unparsable"])
    edit(repo, CHIP, f"title: {CHIP_TITLE}", f"title: {TAGGED['digits']}")
    result = run_generator(repo, "diff", "main")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == report(repo, "main")
    assert "❌ Validation: 2 problems in 2 files" in result.stdout
