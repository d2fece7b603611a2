"""Views across analyses: What to watch (every signal once: overdue, open, resolved), the track record, the
calendar of the signals with a date, the corrections, the stakeholder pages read as "what the partnerships
mean for …", and Related analyses on an analysis page.

Every build the tests make is as of conftest.AS_OF (SOURCE_DATE_EPOCH), 1 December 2026.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import replace
from pathlib import Path

import icalendar
import markdown
import pytest
from projects import render_pages

from generator import publication, text
from generator.indexes import related_by_slug
from generator.model import Outcome, Signal
from generator.paths import CORRECTIONS, WATCH, WATCH_CALENDAR, WATCH_RECORD, edition
from generator.tracker import tracker
from generator.validate import load_content

NORTHWIND = "content/analyses/northwind-contoso-safety-lab.yaml"
DRAFT = "content/analyses/tailspin-fabrikam-stake.yaml"
PACT = "fabrikam-northwind-foundry-pact"
CHIPS = "contoso-fabrikam-chip-supply"
SECTIONS = ("## Overdue {#overdue}", "## Open {#open}", "## Resolved {#resolved}")


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp()))


def add_watch(project: Path, path: str, items: str) -> None:
    """Signals (YAML list items, indented for `watch:`) for an analysis whose `outlook` ends its file."""
    with (project / path).open("a", encoding="utf-8") as file:
        file.write("  watch:\n" + items)


def section(markdown: str, heading: str) -> str:
    """The Markdown under a `## ` heading, up to the next one."""
    return markdown.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]


def items(markdown: str) -> list[str]:
    """Each list item (a line starting with '- ') with the indented lines under it, in order."""
    return [item.strip() for item in re.split(r"\n(?=- )", "\n" + markdown.strip()) if item.startswith("- ")]


def signals_in(markdown: str, heading: str) -> list[str]:
    """The signal of each item of a tracker section: its first line, without the state that follows it."""
    return [
        item.split("\n", 1)[0].removeprefix("- ").split(" · <span", 1)[0] for item in items(section(markdown, heading))
    ]


@pytest.fixture
def drafted(project) -> Path:
    """The basic fixture with a draft that has every kind of signal and a correction."""
    draft = project / DRAFT
    draft.write_text(
        draft.read_text("utf-8").replace("status: draft\n", "updated: 2026-07-05\nstatus: draft\n"), "utf-8"
    )
    add_watch(
        project,
        DRAFT,
        "    - signal: Draftonlyword overdue signal.\n      by: 2026-08\n"
        "    - signal: Draftonlyword open signal.\n      by: 2027-01-15\n"
        "    - signal: Draftonlyword resolved signal.\n      outcome:\n        status: did-not-happen\n"
        "        date: 2026-07-05\n        note: Draftonlyword note.\n",
    )
    with draft.open("a", encoding="utf-8") as file:
        file.write("corrections:\n  - date: 2026-07-05\n    text: Draftonlyword correction.\n")
    return project


def published_files(project: Path, kind: str = "web") -> dict[str, bytes]:
    made, problems = publication.publish(project, edition(project, kind))
    assert problems == [] and made is not None
    return made.files


def events(ics: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(ics).walk("VEVENT"))


# What to watch


def test_the_tracker_has_overdue_open_and_resolved_in_that_order_and_says_its_date(project):
    pages, problems = render_pages(project)
    assert problems == []
    watch = pages[WATCH]
    assert [line for line in watch.splitlines() if line.startswith("## ")] == list(SECTIONS)
    assert 'As of <time datetime="2026-12-01">1 December 2026</time>.' in watch
    assert "A signal due by a month or a year is due by its last day." in watch
    assert signals_in(watch, SECTIONS[0]) == [
        "Whether Northwind's first test wafers pass qualification\\.",  # due by April 2026: longest overdue first
        "Whether Contoso names the accelerator it will buy\\.",  # May 2026
    ]
    assert signals_in(watch, SECTIONS[1]) == [
        "Whether Fabrikam names a second research partner for the line\\.",  # 2027: soonest first
        "Whether Fabrikam's plant reaches full output\\.",  # 2028
        "Whether other cloud providers sign similar commitments\\.",  # undated: newest analysis first
        "Fabrikam's yield figures for the first production runs\\.",  # then in its order
        "How Northwind's researchers describe the shared tooling\\.",
    ]
    assert signals_in(watch, SECTIONS[2]) == [
        "Whether Fabrikam confirms the plant's construction schedule\\.",  # 20 May 2026, the newer analysis
        "Whether Northwind publishes its wafer test methods\\.",  # 20 May 2026
        "Whether the two sign a supply agreement by spring\\.",  # 31 March 2026
    ]


def test_each_signal_appears_once_and_links_to_its_analysis(project):
    pages, _ = render_pages(project)
    content, _ = load_content(project)
    found = [item for heading in SECTIONS for item in items(section(pages[WATCH], heading))]
    expected = [(a.slug, text.to_markdown(s.signal)) for a in content.published for s in a.outlook.watch]
    assert len(found) == len(expected) == 10
    for slug, signal in expected:
        (item,) = [item for item in found if item.splitlines()[0].startswith(f"- {signal} · <span")]
        assert f"](../analyses/{slug}.md#what-to-watch)" in item


def test_each_signal_says_its_state_as_its_analysis_does(project):
    """What to watch writes its signals in Markdown, an analysis page in HTML: both read the same."""
    pages, _ = render_pages(project)
    watch = pages[WATCH]
    analysis = html.unescape(pages[f"analyses/{PACT}.md"])
    for line in (
        "Whether Northwind's first test wafers pass qualification\\."
        ' · <span class="pw-signal pw-signal--overdue">Overdue</span> · was due by April 2026',
        "Whether Fabrikam names a second research partner for the line\\."
        ' · <span class="pw-signal pw-signal--open">Open</span> · due by 2027',
        # a resolved signal: status, date, note and source, linked when it has a URL
        "Whether the two sign a supply agreement by spring\\."
        ' · <span class="pw-signal pw-signal--happened">Happened</span> · <time datetime="2026-03-31">31 March'
        " 2026</time>: The two signed a three\\-year supply agreement\\. Source: Fabrikam, [<cite>Fabrikam signs a"
        " supply agreement with Northwind Labs</cite>](<https://fabrikam.example/news/supply>), 31 March 2026",
        "Whether Northwind publishes its wafer test methods\\."
        ' · <span class="pw-signal pw-signal--partly">Partly</span> · <time datetime="2026-05-20">20 May'
        " 2026</time>: Northwind published the methods for two of its four tests\\. Source: Northwind Labs",
    ):
        assert f"\n- {line}\n" in watch, line
        item = markdown.markdown(f"- {line}", extensions=["toc", "attr_list", "admonition"]).splitlines()[1]
        assert item.startswith("<li>") and html.unescape(item) in analysis, line


def test_the_tracker_is_as_of_the_build_date(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2026, 4, 30)))
    pages, _ = render_pages(project)
    assert 'As of <time datetime="2026-04-30">30 April 2026</time>.' in pages[WATCH]
    assert signals_in(pages[WATCH], SECTIONS[0]) == []  # April 2026 is due on its last day, not before
    assert "No signal is overdue." in section(pages[WATCH], SECTIONS[0])
    assert signals_in(pages[WATCH], SECTIONS[1])[0] == "Whether Northwind's first test wafers pass qualification\\."
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2026, 5, 1)))
    assert signals_in(render_pages(project)[0][WATCH], SECTIONS[0]) == [
        "Whether Northwind's first test wafers pass qualification\\."
    ]


def test_ties_keep_the_newest_analysis_first_then_the_slug_then_the_signals_order(project):
    content, _ = load_content(project)

    def with_signals(analysis, *signals):
        return replace(analysis, outlook=replace(analysis.outlook, watch=signals))

    def signal(text, by=None, outcome_date=None):
        outcome = Outcome("happened", outcome_date, "Note.", None, None) if outcome_date else None
        return Signal(text, by, outcome, None)

    newer = next(a for a in content.published if a.slug == CHIPS)  # 4 May 2026
    older = next(a for a in content.published if a.slug == PACT)  # 10 February 2026
    twin = replace(newer, slug="a-twin")  # as new as `newer`, and before it by slug
    analyses = (  # as a build gives them: newest first, then by slug
        with_signals(twin, signal("T1", "2027"), signal("T2")),
        with_signals(
            newer,
            signal("N1", "2027-12-31"),
            signal("N2"),
            signal("N3", "2026-10"),
            signal("N4", None, dt.date(2026, 5, 1)),
        ),
        with_signals(
            older,
            signal("O1", "2027-12"),
            signal("O2"),
            signal("O3", "2026-08-31"),
            signal("O4", None, dt.date(2026, 5, 1)),
        ),
    )
    tracked = tracker(analyses, dt.date(2026, 9, 1))
    assert [s.signal.signal for s in tracked.overdue] == ["O3"]
    assert [s.signal.signal for s in tracked.open] == ["N3", "T1", "N1", "O1", "T2", "N2", "O2"]
    assert [s.signal.signal for s in tracked.resolved] == ["N4", "O4"]
    assert [s.number for s in tracked.open][:3] == [3, 1, 1]


def test_empty_sections_say_so(project):
    for path in (project / "content" / "analyses").glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r"  watch:\n(    .*\n)+", "", text), "utf-8")
    pages, problems = render_pages(project)
    assert problems == []
    watch = pages[WATCH]
    assert [line for line in watch.splitlines() if line.startswith("## ")] == list(SECTIONS)
    assert section(watch, SECTIONS[0]).strip() == "No signal is overdue."
    assert section(watch, SECTIONS[1]).strip() == "No signal is open."
    assert section(watch, SECTIONS[2]).strip() == "No signal has an outcome yet."
    record = pages[WATCH_RECORD]
    assert "No analysis names a signal to watch yet." in section(record, "## Overall {#overall}")


# The track record


def test_the_track_record_counts_each_signal_once_overall_and_once_per_partner(project):
    pages, _ = render_pages(project)
    record = pages[WATCH_RECORD]
    assert 'as of <time datetime="2026-12-01">1 December 2026</time>' in record
    assert [line for line in record.splitlines() if line.startswith("## ")] == [
        "## Overall {#overall}",
        "## By partner {#by-partner}",
        "## Resolved signals {#resolved data-search-exclude}",
    ]
    assert section(record, "## Overall {#overall}").strip().splitlines() == [
        "10 signals in all:",
        "",
        "- Happened: 2 signals",
        "- Partly happened: 1 signal",
        "- Did not happen: 0 signals",
        "- Overdue: 2 signals",
        "- Still open: 5 signals",
    ]
    assert section(record, "## By partner {#by-partner}").strip().split("\n\n") == [
        "### [Contoso](../partners/contoso.md) {#partner-contoso}",
        "5 signals: 1 happened, 1 overdue and 3 still open",
        "### [Fabrikam](../partners/fabrikam.md) {#partner-fabrikam}",
        "10 signals: 2 happened, 1 partly happened, 2 overdue and 5 still open",
        "### [Northwind Labs](../partners/northwind.md) {#partner-northwind}",
        "5 signals: 1 happened, 1 partly happened, 1 overdue and 2 still open",
    ]
    assert section(record, "## Resolved signals {#resolved data-search-exclude}") == section(pages[WATCH], SECTIONS[2])


# Corrections


def test_corrections_are_listed_newest_first_each_linking_to_its_analysis(project):
    pact = project / "content" / "analyses" / f"{PACT}.yaml"
    pact.write_text(
        pact.read_text("utf-8") + "  - date: 2026-05-12\n    text: A correction the same day as one of Contoso's.\n",
        "utf-8",
    )
    pages, problems = render_pages(project)
    assert problems == []
    listed = items(section(pages[CORRECTIONS], "## 2026 {#year-2026 data-search-exclude}"))
    assert [item.splitlines()[0] for item in listed] == [
        "- An earlier version gave Fabrikam's plant as already producing; it is still being built\\.",  # 1 June
        "- An earlier version said the pact runs for three years; it runs for five\\.",  # 20 May
        "- An earlier version said the agreement runs for three years; it runs for five\\.",  # 12 May, newer analysis
        "- A correction the same day as one of Contoso's\\.",  # 12 May
    ]
    assert (
        '<time datetime="2026-05-20">20 May 2026</time> · [Fabrikam and Northwind Labs pool foundry research]'
        f"(../analyses/{PACT}.md#corrections) · Fabrikam and Northwind Labs"
    ) in listed[1]
    assert [item.count(f"](../analyses/{CHIPS}.md#corrections)") for item in listed] == [1, 0, 1, 0]


def test_without_corrections_the_page_says_so(project):
    for path in (project / "content" / "analyses").glob("*.yaml"):
        path.write_text(re.sub(r"corrections:\n(  .*\n)+", "", path.read_text("utf-8")), "utf-8")
    pages, problems = render_pages(project)
    assert problems == [] and "No analysis has been corrected." in pages[CORRECTIONS]


# Drafts


def test_drafts_are_nowhere_in_the_tracker_the_record_the_calendar_or_the_corrections(drafted):
    files = published_files(drafted)
    for path in (WATCH, WATCH_RECORD, CORRECTIONS, WATCH_CALENDAR):
        assert b"Draftonlyword" not in files[path] and b"tailspin" not in files[path], path
    assert "Tailspin" not in files[WATCH_RECORD].decode()


def test_the_preview_shows_drafts_on_every_page_marked_as_drafts(drafted):
    preview, _ = render_pages(drafted, include_drafts=True)
    watch = preview[WATCH]
    assert signals_in(watch, SECTIONS[0])[-1] == "Draftonlyword overdue signal\\."  # due on 31 August 2026
    assert "Draftonlyword open signal\\." in signals_in(watch, SECTIONS[1])
    assert signals_in(watch, SECTIONS[2])[0] == "Draftonlyword resolved signal\\."
    draft_items = [item for item in items(section(watch, SECTIONS[1])) if "Draftonlyword" in item]
    assert draft_items and all(item.splitlines()[-2].endswith(" · **Draft**") for item in draft_items)
    assert (
        "### [Tailspin Ventures](../partners/tailspin.md) {#partner-tailspin}\n\n"
        "3 signals: 1 did not happen, 1 overdue and 1 still open\n"
    ) in preview[WATCH_RECORD]
    assert "- Draftonlyword correction\\." in preview[CORRECTIONS]


# The calendar


def test_the_calendar_is_offered_on_the_web_only(project):
    web = published_files(project)
    assert "[Add to calendar](../watch.ics)" in web[WATCH].decode() and WATCH_CALENDAR in web
    offline = published_files(project, "offline")
    assert "calendar" not in offline[WATCH].decode().lower() and WATCH_CALENDAR not in offline


def test_the_calendar_holds_the_signals_with_a_date_and_no_outcome(drafted):
    ics = published_files(drafted)[WATCH_CALENDAR]
    found = events(ics)
    # Overdue ones included: they stay in the calendar until an outcome is recorded. Soonest first.
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in found] == [
        ("Whether Northwind's first test wafers pass qualification.", dt.date(2026, 4, 30)),
        ("Whether Contoso names the accelerator it will buy.", dt.date(2026, 5, 31)),
        ("Whether Fabrikam names a second research partner for the line.", dt.date(2027, 12, 31)),
        ("Whether Fabrikam's plant reaches full output.", dt.date(2028, 12, 31)),
    ]
    content, _ = load_content(drafted)
    updated = {analysis.slug: analysis.last_modified for analysis in content.published}
    for event, slug in zip(found, (PACT, CHIPS, PACT, CHIPS), strict=True):
        assert event.decoded("DTEND") == event.decoded("DTSTART") + dt.timedelta(days=1)  # one whole day
        url = f"https://partnership-watch.github.io/partnership-watch/analyses/{slug}/#what-to-watch"
        assert str(event["URL"]) == url and url in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == dt.datetime.combine(updated[slug], dt.time(), dt.UTC)  # not the clock
        assert re.fullmatch(rf"{slug}-[0-9a-f]{{12}}@partnership-watch\.github\.io", str(event["UID"]))
    assert len({str(e["UID"]) for e in found}) == len(found)
    assert "To watch by the end of April 2026, from the analysis" in str(found[0]["DESCRIPTION"])


def test_the_calendars_bytes_and_uids_are_stable_from_build_to_build(drafted, monkeypatch):
    first = published_files(drafted)[WATCH_CALENDAR]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2030, 1, 1)))  # another day: the same calendar
    assert published_files(drafted)[WATCH_CALENDAR] == first
    pact = drafted / "content" / "analyses" / f"{PACT}.yaml"
    pact.write_text(
        pact.read_text("utf-8").replace(
            "  watch:\n", "  watch:\n    - signal: A new first signal.\n      by: 2026-05-01\n"
        ),
        "utf-8",
    )
    uids = {str(e["SUMMARY"]): str(e["UID"]) for e in events(first)}
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in events(published_files(drafted)[WATCH_CALENDAR])}
    assert again.pop("A new first signal.") not in uids.values()
    assert again == uids  # adding a signal moves no other event


# The built site


def test_the_built_tracker_links_every_signal_to_its_analysis(built_site):
    html = (built_site / "site" / "watch" / "index.html").read_text("utf-8")
    assert re.search(r'<h1 id="page_title">What to watch<', html)
    for anchor in ("overdue", "open", "resolved"):
        assert f'id="{anchor}"' in html
    assert html.count(f'href="../analyses/{CHIPS}/#what-to-watch"') == 5  # its five signals, once each
    assert html.count(f'href="../analyses/{PACT}/#what-to-watch"') == 5
    assert 'href="../watch.ics"' in html and (built_site / "site" / "watch.ics").is_file()
    assert 'href="record/"' in html
    tabs = re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+?)\s*<', html)
    assert "What to watch" in tabs
    record = (built_site / "site" / "watch" / "record" / "index.html").read_text("utf-8")
    assert f'href="../../analyses/{PACT}/#what-to-watch"' in record
    corrections = (built_site / "site" / "corrections" / "index.html").read_text("utf-8")
    assert f'href="../analyses/{PACT}/#corrections"' in corrections
    analysis = (built_site / "site" / "analyses" / PACT / "index.html").read_text("utf-8")
    assert 'id="corrections"' in analysis and 'id="what-to-watch"' in analysis


# Stakeholders and related analyses


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
    assert "\n# What the partnerships mean for Investors {#page_title data-pagefind-body}\n" in investors
    headings = [line for line in investors.splitlines() if line.startswith("## ")]
    assert [h.split("](")[1].split(")")[0] for h in headings] == [
        "../analyses/contoso-fabrikam-chip-supply.md",
        "../analyses/northwind-contoso-safety-lab.md",
    ]
    after = investors.split(headings[1])[1]
    assert "<li>Northwind gains a paying anchor.</li>" in after and "revenue visibility" not in after


def test_related_analyses_put_the_authors_choice_first(built_site):
    content, problems = load_content(built_site)
    assert problems == []
    related = related_by_slug(content.published)
    chip = related[CHIPS]
    assert [a.slug for a in chip] == [
        "northwind-contoso-safety-lab",  # listed by the author
        PACT,  # shares Fabrikam and a topic
    ]
    assert [a.slug for a in related["northwind-contoso-safety-lab"]] == [
        CHIPS,  # shares Contoso
        PACT,  # shares Northwind Labs, and is older
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
