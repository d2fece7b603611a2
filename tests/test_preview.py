"""The live preview (`make serve`): an edit re-renders only the pages it changes, and search still covers every
page."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from projects import ROOT, run_generator

from bench.preview import fetch, preview, wait_for
from generator.paths import PAGES_SOURCE
from generator.preview import Preview
from generator.preview_server import BUILDING, SETTLED, SHOWN
from generator.validate import ANALYSES_DIR, ENTITIES_FILE

# The preview imports the generator's modules afresh; the tests after these must find the ones they imported.
pytestmark = pytest.mark.usefixtures("generator_modules_kept")

SAFETY_LAB = "content/analyses/northwind-contoso-safety-lab.yaml"
FOUNDRY_PACT = "content/analyses/fabrikam-northwind-foundry-pact.yaml"
TIMEOUT = 120
_RENDERED = "Running `page_context` event from plugin 'material/search'"


def pages_rendered_per_build(log: Path) -> list[int]:
    """How many pages each build rendered, in order, from MkDocs' debug log: each pass of the preview is a build."""
    return [part.count(_RENDERED) for part in log.read_text("utf-8").split(BUILDING)[1:]]


def search_index(address: str) -> list[dict]:
    return json.loads(fetch(f"{address}search/search_index.json"))["docs"]


def pages_in(index: list[dict]) -> dict[str, int]:
    """Page URL -> how many entries the index holds for it."""
    pages: dict[str, int] = {}
    for entry in index:
        page = entry["location"].split("#", 1)[0]
        pages[page] = pages.get(page, 0) + 1
    return pages


def own_text_pages(project: Path) -> set[str]:
    """The URLs of the analyses and of the hand-written pages (but the home page's introduction)."""
    analyses = {f"analyses/{path.stem}/" for path in (project / ANALYSES_DIR).glob("*.yaml")}
    pages = project / PAGES_SOURCE
    written = {f"{path.relative_to(pages).with_suffix('')}/" for path in pages.rglob("[!_]*.md")}
    return analyses | written


def edit(project: Path, log: Path, old: str, new: str, path: str = SAFETY_LAB) -> int:
    """Make the edit, wait until the preview has settled after it (built the whole site); how many pages its
    builds rendered.

    Summed over every build since the edit: the watcher may see one save as two changes.
    """
    path = project / path
    text = path.read_text("utf-8")
    assert old in text
    builds = len(pages_rendered_per_build(log))
    settled = log.read_text("utf-8").count(SETTLED)
    time.sleep(1)  # let the watcher settle after a build
    path.write_text(text.replace(old, new, 1), "utf-8")
    return sum(wait_for_settled(log, settled + 1)[builds:])


def wait_for_settled(log: Path, count: int) -> list[int]:
    """Pages rendered per build, once the preview has settled `count` times: after its first build, then after
    each change, once it has built the whole site."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if log.read_text("utf-8").count(SETTLED) >= count:
            return pages_rendered_per_build(log)
        time.sleep(0.1)
    said = "\n".join(line for line in log.read_text("utf-8").splitlines() if "DEBUG" not in line)
    pytest.fail(f"not settled {count} times within {TIMEOUT} s:\n{said[-3000:]}")


def test_an_edit_re_renders_only_the_pages_it_changes_and_search_keeps_every_page(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        address = served.address
        page = f"{address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)
        first = wait_for_settled(log, 1)
        before = search_index(address)
        # Every page was rendered; search holds the pages whose text is their own, as Pagefind's does on the
        # web: the analyses (drafts too, in the preview) and the hand-written pages, not the listings.
        assert set(pages_in(before)) == own_text_pages(project)
        assert first[0] > len(pages_in(before))

        # A context paragraph shows on its analysis page only.
        assert edit(project, log, "Literal text stays literal", "Literal text is kept literal") == 1
        wait_for(page, "Literal text is kept literal", TIMEOUT)
        after = search_index(address)
        assert pages_in(after) == pages_in(before)
        texts = [entry["text"] for entry in after]
        assert any("Literal text is kept literal" in text for text in texts)
        assert not any("Literal text stays literal" in text for text in texts)

        # A title shows in the listings too: those pages are rendered again, and search has the new title once.
        rendered = edit(project, log, "title: ", "title: Renamed ")
        wait_for(page, "Renamed ", TIMEOUT)
        assert 1 < rendered < first[0]
        after = search_index(address)
        assert pages_in(after) == pages_in(before)
        titles = [entry["title"] for entry in after if entry["location"] == "analyses/northwind-contoso-safety-lab/"]
        assert len(titles) == 1 and titles[0].startswith("Renamed ")


def test_a_partner_renamed_shows_on_every_page_that_names_it_and_only_those_are_rendered_again(project, tmp_path):
    log = tmp_path / "serve.log"
    entities = project / ENTITIES_FILE
    assert "name: Northwind Labs" in entities.read_text("utf-8")
    with preview(project, log=log, timeout=TIMEOUT) as served:
        wait_for(f"{served.address}partners/northwind/", "Northwind", TIMEOUT)
        first = wait_for_settled(log, 1)
        tree = markdown_tree(log)
        before = {path: path.read_bytes() for path in tree.rglob("*.md")}
        rendered = edit(project, log, "name: Northwind Labs", "name: Northwind Renamed", ENTITIES_FILE)
        naming = {path for path in tree.rglob("*.md") if b"Northwind Renamed" in path.read_bytes()}
        changed = {path for path in tree.rglob("*.md") if path.read_bytes() != before.get(path)}
        assert naming and changed == naming  # a page the edit doesn't change is not written
        assert rendered == len(changed) < first[0]  # and not rendered again
        for path in naming:
            url = "" if path.name == "index.md" and path.parent == tree else path.relative_to(tree).with_suffix("")
            url = str(url).removesuffix("/index").removesuffix("index")
            page = fetch(f"{served.address}{url}/" if url else served.address)
            assert "Northwind Renamed" in page, url
    assert not tree.exists()  # stopped (SIGTERM), the preview removes its folders


def markdown_tree(log: Path) -> Path:
    """The preview's tree, which it names in its debug log."""
    found = re.search(r"The preview's tree \(what MkDocs builds from\): (\S+)", log.read_text("utf-8"))
    assert found, "the log names no tree"
    return Path(found.group(1))


def test_a_half_written_draft_shows_its_problems_and_every_other_page_as_usual(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        address = served.address
        wait_for_settled(log, 1)
        draft = project / "content/analyses/half-written.yaml"
        draft.write_text("title: Half written\nstatus: draft\npartners: [contoso, nobody]\n", "utf-8")
        page = wait_for_page(f"{address}analyses/half-written/", "problems in half-written.yaml")
        assert "missing required field &#39;summary&#39;" in page or "missing required field 'summary'" in page
        assert "unknown partner" in page
        wait_for(f"{address}analyses/northwind-contoso-safety-lab/", "Literal text stays literal", TIMEOUT)
        # Fixed, it is an analysis like any other.
        fixed = (project / SAFETY_LAB).read_text("utf-8").replace("status: published", "") + "status: draft\n"
        draft.write_text(fixed.replace("title: ", "title: Now complete ", 1), "utf-8")
        wait_for(f"{address}analyses/half-written/", "Now complete", TIMEOUT)
    draft.write_text("title: Half written\nstatus: draft\n", "utf-8")
    result = run_generator(project, "site")
    assert result.returncode == 1 and "half-written.yaml" in result.stdout


def test_an_edit_to_a_template_or_to_generator_code_shows_without_a_restart(project, tmp_path):
    generator = project / "generator"
    generator.unlink()  # the project's own copy, to edit
    shutil.copytree(ROOT / "generator", generator, ignore=shutil.ignore_patterns("__pycache__"))
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        address = served.address
        page = f"{address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)
        template = generator / "templates" / "analysis.md.j2"
        template.write_text(template.read_text("utf-8").replace("## Context {#context}", "## Background {#context}"))
        wait_for(page, "Background", TIMEOUT)
        render = generator / "render.py"
        source = render.read_text("utf-8")
        assert "LATEST_ON_HOME = 10\n" in source
        render.write_text(source.replace("LATEST_ON_HOME = 10\n", "LATEST_ON_HOME = 1\n"), "utf-8")
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline and fetch(address).count('class="pw-meta"') != 1:
            time.sleep(0.2)
        assert fetch(address).count('class="pw-meta"') == 1  # one card on the home page
        # The theme's templates are kept compiled from build to build (preview._KeptTemplates): an edited one
        # is compiled again.
        theme = project / "overrides" / "main.html"
        theme.write_text(
            theme.read_text("utf-8").replace(
                "{% endblock %}", '<meta name="pw-edited" content="theme">{% endblock %}', 1
            ),
            "utf-8",
        )
        wait_for(page, 'name="pw-edited"', TIMEOUT)


def wait_for_page(url: str, wanted: str) -> str:
    wait_for(url, wanted, TIMEOUT)
    return fetch(url)


def served_folder(log: Path, which: str) -> Path:
    """The preview's tree or site, which it names in its debug log."""
    found = re.search(rf"The preview's {which} \([^)]*\): (\S+)", log.read_text("utf-8"))
    assert found, f"the log names no {which}"
    return Path(found.group(1))


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def fresh_build(project: Path, address: str, folder: Path) -> dict[str, bytes]:
    """What a preview started afresh on the project as it is now builds: its site's files."""
    site = folder / "site"
    Preview(project, folder / "tree", address).build(str(site))
    return files_in(site)


def poll(address: str, page: str) -> tuple[int, threading.Thread, list[int]]:
    """The live-reload script's wait for a change, as `page`'s script asks it: its epoch, the thread that
    waits, and what the server answered once it has."""
    found = re.search(r"livereload\((\d+), (\d+)\)", fetch(page))
    assert found, "the page has no live-reload script"
    epoch, answered = int(found.group(1)), []
    request = urllib.request.Request(f"{address}livereload/{epoch}/{found.group(2)}", headers={"Referer": page})

    def wait() -> None:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answered.append(int(response.read()))

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    return epoch, thread, answered


def test_the_page_viewed_is_built_first_the_rest_follows_and_the_settled_site_equals_a_fresh_build(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        page = f"{served.address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)  # the page a browser shows
        wait_for_settled(log, 1)
        builds = len(pages_rendered_per_build(log))
        # A title shows on its page and on the listings: its page is built first, alone, then the listings.
        edit(project, log, "title: ", "title: Renamed ")
        first, *rest = pages_rendered_per_build(log)[builds:]
        assert first == 1 and sum(rest) > 1
        after_edit = log.read_text("utf-8").split(BUILDING)[builds + 1 :]
        assert SHOWN in after_edit[0] and SETTLED not in after_edit[0]  # shown before the rest is built
        assert "Renamed " in fetch(page)
        assert "Renamed " in fetch(f"{served.address}archive/")
        # Settled, the site is what a fresh build makes, file for file; also after a partner's name changed (on
        # hundreds of pages in a large archive) and an analysis was removed (its page and open data gone).
        site = served_folder(log, "site")
        assert files_in(site) == fresh_build(project, served.address, tmp_path / "fresh-1")
        edit(project, log, "name: Northwind Labs", "name: Northwind Renamed", ENTITIES_FILE)
        removed = (project / FOUNDRY_PACT).read_bytes()
        (project / FOUNDRY_PACT).unlink()
        wait_for_settled(log, log.read_text("utf-8").count(SETTLED) + 1)
        assert "analyses/fabrikam-northwind-foundry-pact/index.html" not in files_in(site)
        assert files_in(site) == fresh_build(project, served.address, tmp_path / "fresh-2")
        # An analysis added: the page shown, built first, links to it before its page is written.
        (project / FOUNDRY_PACT).write_bytes(removed)
        wait_for_settled(log, log.read_text("utf-8").count(SETTLED) + 1)
        assert files_in(site) == fresh_build(project, served.address, tmp_path / "fresh-3")


def test_a_browser_reloads_a_page_only_when_it_changed(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        page = f"{served.address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)
        wait_for_settled(log, 1)
        epoch, waiting, answered = poll(served.address, page)
        # Another analysis's paragraph: another page, built in the second pass; this one doesn't reload.
        assert edit(project, log, "pilot line sits idle", "pilot line stands idle", FOUNDRY_PACT) == 1
        waiting.join(timeout=2)
        assert waiting.is_alive() and answered == []
        # Its own paragraph: it reloads.
        edit(project, log, "Literal text stays literal", "Literal text is kept literal")
        waiting.join(timeout=TIMEOUT)
        assert answered and answered[0] > epoch


def test_an_edit_cut_short_by_a_newer_one_is_built_by_the_newer_ones_passes(project, tmp_path, monkeypatch):
    """The second pass stops when a newer change waits; the newer change's first pass still builds only the pages
    viewed, and its second pass what both changed."""
    monkeypatch.setenv("PARTNERSHIP_WATCH_CACHE", str(tmp_path / "cache"))
    address, viewed = "http://127.0.0.1:8000/", ["analyses/northwind-contoso-safety-lab/"]
    built = Preview(project, tmp_path / "tree", address)
    site = tmp_path / "site"
    built.build(str(site))
    entities = project / ENTITIES_FILE
    entities.write_text(entities.read_text("utf-8").replace("name: Northwind Labs", "name: Northwind Renamed"))
    assert built.first_pass(str(site), viewed).pages == {viewed[0]}
    cut_short = built.second_pass(str(site), superseded=lambda: True)
    assert cut_short.pages == set() and built.unsettled
    analysis = project / SAFETY_LAB
    analysis.write_text(analysis.read_text("utf-8").replace("title: ", "title: Renamed ", 1))
    assert built.first_pass(str(site), viewed).pages == {viewed[0]}  # not the pages the cut pass left
    rest = built.second_pass(str(site))
    assert not built.unsettled and "partners/northwind/" in rest.pages and "archive/" in rest.pages
    assert files_in(site) == fresh_build(project, address, tmp_path / "fresh")
