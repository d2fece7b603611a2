"""Writing generated files: confined, atomic, only when bytes change, stale pages removed."""

from __future__ import annotations

import os

import pytest

from generator.write import UnsafePath, confined, sync

OWNED = ("analyses", "partners")


def test_writes_then_leaves_unchanged_files_alone(tmp_path):
    first = sync(tmp_path, {"analyses/a.md": "A", "index.md": "home"}, OWNED, ("index.md",))
    assert first.written == ["analyses/a.md", "index.md"]
    before = os.stat(tmp_path / "analyses" / "a.md").st_mtime_ns
    os.utime(tmp_path / "analyses" / "a.md", ns=(before - 10**9, before - 10**9))
    second = sync(tmp_path, {"analyses/a.md": "A", "index.md": "home"}, OWNED, ("index.md",))
    assert second.written == [] and second.unchanged == 2
    assert os.stat(tmp_path / "analyses" / "a.md").st_mtime_ns == before - 10**9


def test_removes_pages_that_are_gone_and_keeps_hand_written_ones(tmp_path):
    (tmp_path / "about.md").write_text("hand-written")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "style.css").write_text("css")
    sync(tmp_path, {"analyses/a.md": "A", "analyses/b.md": "B", "partners/p.md": "P"}, OWNED, ())
    report = sync(tmp_path, {"analyses/a.md": "A"}, OWNED, ())
    assert report.removed == ["analyses/b.md", "partners/p.md"]
    assert not (tmp_path / "partners").exists()
    assert (tmp_path / "about.md").read_text() == "hand-written"
    assert (tmp_path / "assets" / "style.css").read_text() == "css"


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "analyses/../../x.md", "a\\b.md", "", "./x.md"])
def test_paths_outside_the_folder_are_refused_before_anything_is_written(tmp_path, bad):
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"analyses/ok.md": "fine", bad: "evil"}, OWNED, ())
    assert not (tmp_path / "docs" / "analyses" / "ok.md").exists()


def test_symlink_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "docs" / "analyses").symlink_to(tmp_path / "outside")
    with pytest.raises(UnsafePath):
        confined(tmp_path / "docs", "analyses/x.md")


def test_no_temporary_files_are_left_behind(tmp_path):
    sync(tmp_path, {"analyses/a.md": "A"}, OWNED, ())
    assert sorted(p.name for p in (tmp_path / "analyses").iterdir()) == ["a.md"]


def test_a_page_that_is_a_link_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs" / "analyses").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("secret")
    (tmp_path / "docs" / "analyses" / "x.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"analyses/ok.md": "fine", "analyses/x.md": "overwrite"}, OWNED, ())
    assert (tmp_path / "secret.md").read_text() == "secret"
    assert not (tmp_path / "docs" / "analyses" / "ok.md").exists()


def test_a_link_in_a_nested_folder_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs" / "partners").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "docs" / "partners" / "nested").symlink_to(tmp_path / "outside")
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"partners/a.md": "fine", "partners/nested/b.md": "evil"}, OWNED, ())
    assert list((tmp_path / "outside").iterdir()) == []
