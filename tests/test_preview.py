"""The live preview (`make serve`): an edit re-renders only the pages it changes, and search still covers every
page."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from projects import ROOT, run_generator

from bench.preview import fetch, preview, wait_for
from generator.paths import PAGES_SOURCE
from generator.validate import ANALYSES_DIR, ENTITIES_FILE

SAFETY_LAB = "content/analyses/northwind-contoso-safety-lab.yaml"
TIMEOUT = 120
_RENDERED = "Running `page_context` event from plugin 'material/search'"
_BUILDS = re.compile(r"Building documentation\.\.\.")


def pages_rendered_per_build(log: Path) -> list[int]:
    """How many pages each build rendered, in order, from MkDocs' debug log."""
    return [part.count(_RENDERED) for part in _BUILDS.split(log.read_text("utf-8"))[1:]]


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
    """Make the edit, wait until the page shows it and its builds are done; how many pages they rendered.

    Summed over every build since the edit: the watcher may see one save as two changes.
    """
    path = project / path
    text = path.read_text("utf-8")
    assert old in text
    builds = len(pages_rendered_per_build(log))
    time.sleep(1)  # let the watcher settle after a build
    path.write_text(text.replace(old, new, 1), "utf-8")
    return sum(wait_for_builds(log, builds + 1)[builds:])


def wait_for_builds(log: Path, count: int) -> list[int]:
    """Pages rendered per build, once `count` builds are done: the first ends in "Serving on", each later one in
    "Reloading browsers" (MkDocs logs "Documentation built in" only when the time differs from every earlier one)."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        logged = log.read_text("utf-8")
        if ("Serving on" in logged) + logged.count("Reloading browsers") >= count:
            return pages_rendered_per_build(log)
        time.sleep(0.1)
    pytest.fail(f"no build {count} within {TIMEOUT} s:\n{log.read_text('utf-8')[-3000:]}")


def test_an_edit_re_renders_only_the_pages_it_changes_and_search_keeps_every_page(project, tmp_path):
    log = tmp_path / "serve.log"
    with preview(project, log=log, timeout=TIMEOUT) as served:
        address = served.address
        page = f"{address}analyses/northwind-contoso-safety-lab/"
        wait_for(page, "Literal text stays literal", TIMEOUT)
        first = wait_for_builds(log, 1)
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
        first = wait_for_builds(log, 1)
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
        wait_for_builds(log, 1)
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
