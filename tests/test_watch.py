"""Views across analyses: What to watch (every outlook signal by partner, newest first), the stakeholder
pages read as "what the partnerships mean for …", and Related analyses on an analysis page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from projects import render_pages

from generator.indexes import related_by_slug
from generator.paths import WATCH
from generator.validate import load_content

NORTHWIND = "content/analyses/northwind-contoso-safety-lab.yaml"
DRAFT = "content/analyses/tailspin-fabrikam-stake.yaml"


def add_watch(project: Path, path: str, *signals: str) -> None:
    """Signals for an analysis whose `outlook` is the last thing in its file, as in the fixture."""
    with (project / path).open("a", encoding="utf-8") as file:
        file.write("  watch:\n" + "".join(f"    - {signal}\n" for signal in signals))


def sections(markdown: str) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    """(partner heading, [(analysis heading, [signals])]) in page order."""
    found: list = []
    for line in markdown.splitlines():
        if line.startswith("## "):
            found.append((line, []))
        elif line.startswith("### "):
            found[-1][1].append((line, []))
        elif line.startswith("- ") and found and found[-1][1]:
            found[-1][1][-1][1].append(line[2:])
    return found


@pytest.fixture
def watched(project) -> Path:
    """The basic fixture with signals in an older analysis that shares Contoso, and in the draft."""
    add_watch(project, NORTHWIND, "Whether the lab publishes *raw* results.", "Who else joins.")
    add_watch(project, DRAFT, "Draftonlyword signal.")
    return project


def test_signals_are_grouped_by_partner_newest_first(watched):
    pages, problems = render_pages(watched)
    assert problems == []
    found = sections(pages[WATCH])
    assert [partner for partner, _ in found] == [
        "## [Contoso](../partners/contoso.md) {#contoso}",
        "## [Fabrikam](../partners/fabrikam.md) {#fabrikam}",
        "## [Northwind Labs](../partners/northwind.md) {#northwind}",
    ]  # by name, as the partners index sorts them
    contoso = found[0][1]
    assert [heading.split("](")[1].split(")")[0] for heading, _ in contoso] == [
        "../analyses/contoso-fabrikam-chip-supply.md#what-to-watch",
        "../analyses/northwind-contoso-safety-lab.md#what-to-watch",
    ]  # 4 May 2026, then 10 March 2026
    assert contoso[1][1] == ["Whether the lab publishes <em>raw</em> results\\.", "Who else joins\\."]
    assert contoso[0][1] == [
        "Whether other cloud providers sign similar commitments\\.",
        "Fabrikam's yield figures for the first production runs\\.",
        "Whether Fabrikam's plant reaches full output\\.",
        "Whether Contoso names the accelerator it will buy\\.",
        "Whether Fabrikam confirms the plant's construction schedule\\.",
    ]
    assert "Draftonlyword" not in pages[WATCH]


def test_drafts_show_in_the_preview_only(watched):
    preview, _ = render_pages(watched, include_drafts=True)
    tailspin = dict(sections(preview[WATCH]))["## [Tailspin Ventures](../partners/tailspin.md) {#tailspin}"]
    assert tailspin[0][1] == ["Draftonlyword signal\\."] and "**Draft**" in preview[WATCH]


def test_without_signals_the_page_says_so(project):
    for path in (project / "content" / "analyses").glob("*.yaml"):
        path.write_text(re.sub(r"  watch:\n(    - .*\n|      .*\n)+", "", path.read_text("utf-8")), "utf-8")
    pages, problems = render_pages(project)
    assert problems == [] and sections(pages[WATCH]) == []
    assert "No analysis names a signal to watch yet." in pages[WATCH]


def test_the_built_page_links_every_signal_to_its_analysis(built_site):
    html = (built_site / "site" / "watch" / "index.html").read_text("utf-8")
    assert re.search(r'<h1 id="page_title">What to watch<', html)
    assert html.count('href="../analyses/contoso-fabrikam-chip-supply/#what-to-watch"') == 2  # two partners
    assert "Fabrikam&#x27;s yield figures" in html or "Fabrikam's yield figures" in html
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert "What to watch" in tabs


def test_stakeholder_page_reads_as_what_the_partnerships_mean(project):
    northwind = project / NORTHWIND
    northwind.write_text(
        northwind.read_text("utf-8").replace(
            "implications:\n",
            "implications:\n  - stakeholder: investors\n    points:\n      - Northwind gains a paying anchor.\n",
        ),
        "utf-8",
    )
    pages, problems = render_pages(project)
    assert problems == []
    investors = pages["stakeholders/investors.md"]
    assert "\n# What the partnerships mean for Investors {#page_title}\n" in investors
    headings = [line for line in investors.splitlines() if line.startswith("## ")]
    assert [h.split("](")[1].split(")")[0] for h in headings] == [
        "../analyses/contoso-fabrikam-chip-supply.md",
        "../analyses/northwind-contoso-safety-lab.md",
    ]
    after = investors.split(headings[1])[1]
    assert "- Northwind gains a paying anchor\\." in after and "revenue visibility" not in after


def test_related_analyses_put_the_authors_choice_first(built_site):
    content, problems = load_content(built_site)
    assert problems == []
    related = related_by_slug(content.published)
    chip = related["contoso-fabrikam-chip-supply"]
    assert [a.slug for a in chip] == [
        "northwind-contoso-safety-lab",  # listed by the author
        "fabrikam-northwind-foundry-pact",  # shares Fabrikam and a topic
    ]
    assert [a.slug for a in related["northwind-contoso-safety-lab"]] == [
        "contoso-fabrikam-chip-supply",  # shares Contoso
        "fabrikam-northwind-foundry-pact",  # shares Northwind Labs, and is older
    ]
    html = (built_site / "site" / "analyses" / "contoso-fabrikam-chip-supply" / "index.html").read_text("utf-8")
    section = html[html.index('id="related"') :]
    assert 'href="../northwind-contoso-safety-lab/"' in section and "tailspin" not in section


def test_related_analyses_are_at_most_five_and_stable(project):
    """Seven analyses sharing both partners: five shown, the author's choice first, the same on every build."""
    source = (project / "content" / "analyses" / "contoso-fabrikam-chip-supply.yaml").read_text("utf-8")
    for day in range(1, 8):
        copy = source.replace("published: 2026-05-04", f"published: 2026-04-{day:02d}").replace(
            "related: [northwind-contoso-safety-lab]", "related: []"
        )
        (project / "content" / "analyses" / f"copy-{day}.yaml").write_text(copy, "utf-8")
    content, problems = load_content(project)
    assert problems == []
    first = related_by_slug(content.published)
    again = related_by_slug(load_content(project)[0].published)
    chip = [a.slug for a in first["contoso-fabrikam-chip-supply"]]
    assert chip == ["northwind-contoso-safety-lab", "copy-7", "copy-6", "copy-5", "copy-4"]  # then newest first
    assert {k: [a.slug for a in v] for k, v in first.items()} == {k: [a.slug for a in v] for k, v in again.items()}
    assert all(len(v) <= 5 for v in first.values())
