"""A build never holds all its files at once: each is written as it is made (at 10,000 analyses they are over 1 GB).

Measured by the order of events, not by memory or time: a spy on the writer and on what makes the
files. If a build made every file before writing the first, the first write would come after the last
page and the last open data record were made.
"""

from __future__ import annotations

import weakref
from pathlib import Path

import pytest

from generator import opendata, publication, reading, render, write
from generator.paths import edition, undo_folder
from generator.render import Kept, Renderer
from generator.write import sync


@pytest.fixture
def events(monkeypatch) -> list[tuple[str, str]]:
    """('written', path in the tree) and ('page', path) or ('record', slug) as they happen."""
    happened: list[tuple[str, str]] = []
    write_atomic, render, record = write.write_atomic, Renderer._render, opendata.analysis_record

    def spied_write(path: Path, data: bytes) -> None:
        happened.append(("written", path.as_posix()))
        write_atomic(path, data)

    def spied_render(self, template, page_path, *args, **kwargs):
        happened.append(("page", page_path))
        return render(self, template, page_path, *args, **kwargs)

    def spied_record(analysis, *args):
        happened.append(("record", analysis.slug))
        return record(analysis, *args)

    monkeypatch.setattr(write, "write_atomic", spied_write)
    monkeypatch.setattr(Renderer, "_render", spied_render)
    monkeypatch.setattr(opendata, "analysis_record", spied_record)
    return happened


def _first(events: list[tuple[str, str]], kind: str) -> int:
    return next(position for position, (found, _) in enumerate(events) if found == kind)


def _last(events: list[tuple[str, str]], kind: str) -> int:
    return max(position for position, (found, _) in enumerate(events) if found == kind)


@pytest.mark.parametrize("kind", ["web", "offline"])
def test_a_build_writes_each_file_before_it_makes_the_last(project, events, kind):
    made, problems = publication.publish(project, edition(project, kind))
    assert made is not None, problems
    assert events == []  # the content is loaded and checked; nothing is made yet
    made.write(project / made.edition.tree)
    assert _first(events, "written") < _last(events, "page"), "every page was made before the first was written"
    records = [position for position, (found, _) in enumerate(events) if found == "record"]
    written = [path for found, path in events[records[0] : records[-1]] if found == "written"]
    assert any("/api/analyses/" in path for path in written), "the open data was made whole before it was written"


def test_a_build_keeps_none_of_its_pages(project, monkeypatch):
    """Only the live preview keeps each page's Markdown for its next build (`render.Kept`): a build that writes
    each page once and kept them would hold them all."""
    made_for_renderers: list[Kept] = []
    monkeypatch.setattr(render, "Kept", lambda: made_for_renderers.append(Kept()) or made_for_renderers[-1])
    made, problems = publication.publish(project, edition(project, "web"))
    assert made is not None, problems
    made.write(project / made.edition.tree)
    assert made_for_renderers and all(not kept.pages._used for kept in made_for_renderers)


def test_a_sync_that_fails_on_the_way_leaves_the_tree_as_it_was(tmp_path):
    sync(tmp_path, {"analyses/a.md": b"A", "index.md": b"home"})

    def files():
        yield "analyses/a.md", b"A2"
        yield "analyses/b.md", b"B"
        raise RuntimeError("a bug while making the next file")

    with pytest.raises(RuntimeError):
        sync(tmp_path, files())
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*.md")) == [
        "analyses/a.md",
        "index.md",
    ]
    assert (tmp_path / "analyses/a.md").read_bytes() == b"A"
    assert not undo_folder(tmp_path).exists()


def test_the_same_path_twice_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"two files at 'index\.md'"):
        sync(tmp_path, iter([("index.md", b"one"), ("index.md", b"two")]))
    assert not (tmp_path / "index.md").exists()


def test_site_lets_go_of_the_content_before_mkdocs_and_pagefind_run(project, monkeypatch):
    """They run while `site` waits: the machine needs their memory plus what it still holds."""
    from generator import __main__ as cli

    reading.word_count.cache_clear()  # what an earlier test left there: analyses equal to this test's hit it
    analyses: list[weakref.ref] = []
    publish = publication.publish

    def spied_publish(root, kind):
        made, problems = publish(root, kind)
        analyses.extend(weakref.ref(analysis) for analysis in made.content.analyses)
        return made, problems

    alive_while_building: list[int] = []

    def spied_build(root, kind, site_dir, searched):
        alive_while_building.append(sum(analysis() is not None for analysis in analyses))
        return 0

    monkeypatch.setattr(publication, "publish", spied_publish)
    monkeypatch.setattr(cli, "build_site", spied_build)
    assert cli.main(["--root", str(project), "site"]) == 0
    assert analyses and alive_while_building == [0]


def test_release_lets_go_of_the_texts_and_names_the_build_cached():
    """Kept, they keep Python's allocator from giving back the arenas they are scattered over (170 MiB at 10,000
    analyses) while `site` waits for MkDocs and Pagefind."""
    from generator import memory, text

    text.to_plain("A *partnership*")
    text.to_html("A partnership")
    render.name("contoso")
    memory.release()
    cached = (text._tokens, text._literal, text.to_html, text.to_plain, render.name, render._relative)
    assert [function.cache_info().currsize for function in cached] == [0] * len(cached)
