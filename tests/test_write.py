"""Writing an edition's tree: confined, atomic, only when bytes change, everything else removed, and undone."""

from __future__ import annotations

import os

import pytest

from generator.atomic import remove_temporaries, write_atomic
from generator.paths import undo_folder
from generator.write import UnsafePath, commit, confined, recover, remove_emptied_folders, restore, sync, update


def files_in(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_writes_then_leaves_unchanged_files_alone(tmp_path):
    first = sync(tmp_path, {"analyses/a.md": b"A", "index.md": b"home"})
    assert first.written == ["analyses/a.md", "index.md"]
    before = os.stat(tmp_path / "analyses" / "a.md").st_mtime_ns
    os.utime(tmp_path / "analyses" / "a.md", ns=(before - 10**9, before - 10**9))
    second = sync(tmp_path, {"analyses/a.md": b"A", "index.md": b"home"})
    assert second.written == [] and second.unchanged == 2
    assert os.stat(tmp_path / "analyses" / "a.md").st_mtime_ns == before - 10**9


def test_removes_every_file_it_was_not_given(tmp_path):
    sync(tmp_path, {"analyses/a.md": b"A", "analyses/b.md": b"B", "partners/p.md": b"P"})
    (tmp_path / "stray.md").write_text("left by hand")
    report = sync(tmp_path, {"analyses/a.md": b"A"})
    assert report.removed == ["analyses/b.md", "partners/p.md", "stray.md"]
    assert not (tmp_path / "partners").exists()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["analyses", "analyses/a.md"]


def test_restore_undoes_a_sync(tmp_path):
    tree = tmp_path / "docs"
    sync(tree, {"analyses/a.md": b"A", "analyses/b.md": b"B", "partners/p.md": b"P", "index.md": b"home"})
    before = files_in(tree)
    report = sync(tree, {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}, undoable=True)
    assert files_in(tree) != before
    restore(tree, report)
    assert files_in(tree) == before
    assert not undo_folder(tree).exists()


def test_what_a_sync_replaced_is_kept_on_disk_not_in_memory(tmp_path):
    tree = tmp_path / "docs"
    sync(tree, {"analyses/a.md": b"A", "analyses/b.md": b"B", "index.md": b"home"})
    report = sync(tree, {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}, undoable=True)
    assert report.replaced == {}
    assert files_in(undo_folder(tree)) == {
        "before/analyses/a.md": b"A",
        "before/analyses/b.md": b"B",
        "created": b'"analyses/c.md"\n',
    }
    commit(report)
    assert not undo_folder(tree).exists()
    assert files_in(tree) == {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}


def test_a_sync_not_asked_to_be_undoable_leaves_no_undo_folder(tmp_path):
    tree = tmp_path / "docs"
    sync(tree, {"analyses/a.md": b"A", "index.md": b"home"})
    sync(tree, {"analyses/a.md": b"A2"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_a_killed_runs_sync_is_put_back_by_the_next(tmp_path):
    """What a run killed after its sync leaves (the build under way, its undo folder not removed): the next sync
    first puts the tree back as it was, so a run killed at any moment leaves it as before or (with nothing to
    undo) as after, then writes it anew."""
    tree = tmp_path / "docs"
    sync(tree, {"analyses/a.md": b"A", "analyses/b.md": b"B", "index.md": b"home"})
    before = files_in(tree)
    sync(tree, {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}, undoable=True)
    recover(tree)
    assert files_in(tree) == before
    assert not undo_folder(tree).exists()
    sync(tree, {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}, undoable=True)
    report = sync(tree, {"analyses/a.md": b"A3", "index.md": b"home"}, undoable=True)
    assert files_in(tree) == {"analyses/a.md": b"A3", "index.md": b"home"}
    restore(tree, report)
    assert files_in(tree) == before, "the sync did not first put back what the killed run left undone"


def test_a_killed_runs_undo_folder_without_its_list_undoes_nothing(tmp_path):
    """Removing the undo folder starts with its list of created files: a run killed while it removed the folder
    was done with it, and the tree stays as that run left it."""
    tree = tmp_path / "docs"
    sync(tree, {"analyses/a.md": b"A", "analyses/b.md": b"B", "index.md": b"home"})
    sync(tree, {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}, undoable=True)
    (undo_folder(tree) / "created").unlink()
    recover(tree)
    assert files_in(tree) == {"analyses/a.md": b"A2", "analyses/c.md": b"C", "index.md": b"home"}
    assert not undo_folder(tree).exists()


def test_temporary_files_of_a_killed_run_are_removed_not_reported_and_never_restored(tmp_path):
    sync(tmp_path, {"analyses/a.md": b"A", "index.md": b"home"})
    left = [tmp_path / "analyses" / ".a.md.k3_9x0ab.tmp", tmp_path / "gone" / ".old.md.abcdefgh.tmp"]
    for path in left:  # what write_atomic leaves when its process is killed before the rename
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"half")
    report = sync(tmp_path, {"analyses/a.md": b"A2", "index.md": b"home"}, undoable=True)
    assert report.removed == [] and report.written == ["analyses/a.md"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "analyses",
        "analyses/a.md",
        "index.md",
    ]
    restore(tmp_path, report)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "analyses",
        "analyses/a.md",
        "index.md",
    ]


def test_remove_temporaries_removes_only_those_of_its_file(tmp_path):
    target = tmp_path / "bundle.zip"
    write_atomic(target, b"zip")
    names = [".bundle.zip.a1b2c3d4.tmp", ".bundle.zip.e5f6_7h8.tmp", ".other.zip.a1b2c3d4.tmp", ".bundle.zip.notes"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    remove_temporaries(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".bundle.zip.notes", ".other.zip.a1b2c3d4.tmp", "bundle.zip"]


@pytest.mark.parametrize("bad", ["../escape.md", "/etc/passwd", "analyses/../../x.md", "a\\b.md", "", "./x.md"])
def test_paths_outside_the_folder_are_refused_before_anything_is_written(tmp_path, bad):
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"analyses/ok.md": b"fine", bad: b"evil"})
    assert not (tmp_path / "docs" / "analyses" / "ok.md").exists()


def test_symlink_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "docs" / "analyses").symlink_to(tmp_path / "outside")
    with pytest.raises(UnsafePath):
        confined(tmp_path / "docs", "analyses/x.md")


def test_no_temporary_files_are_left_behind(tmp_path):
    sync(tmp_path, {"analyses/a.md": b"A"})
    assert sorted(p.name for p in (tmp_path / "analyses").iterdir()) == ["a.md"]


def test_a_page_that_is_a_link_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs" / "analyses").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("secret")
    (tmp_path / "docs" / "analyses" / "x.md").symlink_to(tmp_path / "secret.md")
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"analyses/ok.md": b"fine", "analyses/x.md": b"overwrite"})
    assert (tmp_path / "secret.md").read_text() == "secret"
    assert not (tmp_path / "docs" / "analyses" / "ok.md").exists()


def test_a_link_in_a_nested_folder_leading_outside_is_refused(tmp_path):
    (tmp_path / "docs" / "partners").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    (tmp_path / "docs" / "partners" / "nested").symlink_to(tmp_path / "outside")
    with pytest.raises(UnsafePath):
        sync(tmp_path / "docs", {"partners/a.md": b"fine", "partners/nested/b.md": b"evil"})
    assert list((tmp_path / "outside").iterdir()) == []


def test_with_what_the_folder_holds_known_it_is_compared_with_that_not_read(tmp_path):
    held = {"analyses/a.md": b"A", "analyses/b.md": b"B", "partners/p.md": b"P", "index.md": b"home"}
    sync(tmp_path, held)
    (tmp_path / "index.md").write_bytes(b"changed behind its back")  # the preview's tree is the preview's alone
    report = sync(tmp_path, {"analyses/a.md": b"A2", "analyses/b.md": b"B", "index.md": b"home"}, held)
    assert report.written == ["analyses/a.md"] and report.unchanged == 2
    assert report.removed == ["partners/p.md"] and not (tmp_path / "partners").exists()
    assert (tmp_path / "analyses" / "a.md").read_bytes() == b"A2"
    assert (tmp_path / "index.md").read_bytes() == b"changed behind its back"
    assert report.replaced == {"analyses/a.md": b"A", "partners/p.md": b"P"}


def test_with_what_the_folder_holds_known_a_path_is_still_confined(tmp_path):
    with pytest.raises(UnsafePath):
        sync(tmp_path, {"../outside.md": b"x"}, {})


def test_an_update_writes_the_files_it_is_given_that_changed_and_removes_none(tmp_path):
    held = {"a.md": b"A", "b.md": b"B", "c/d.md": b"D"}
    sync(tmp_path, held)
    report = update(tmp_path, {"a.md": b"A", "c/d.md": b"D2", "e.md": b"E"}, held)
    assert report.written == ["c/d.md", "e.md"] and report.removed == []
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == {
        "a.md": b"A",
        "b.md": b"B",
        "c/d.md": b"D2",
        "e.md": b"E",
    }
    with pytest.raises(UnsafePath):
        update(tmp_path, {"f.md": b"F", "../g.md": b"G"}, held)
    assert not (tmp_path / "f.md").exists()  # undone


def test_a_removed_files_folders_go_while_left_empty_and_one_never_made_is_passed_over(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "kept.md").write_text("K")
    remove_emptied_folders(tmp_path / "a" / "b" / "gone.html", tmp_path)
    assert not (tmp_path / "a" / "b").exists() and (tmp_path / "a" / "kept.md").exists()
    # The live preview removes what a page was to be built into, though a build cut short never made its folder.
    remove_emptied_folders(tmp_path / "x" / "y" / "never-built.html", tmp_path)
    (tmp_path / "a" / "kept.md").unlink()
    remove_emptied_folders(tmp_path / "a" / "kept.md", tmp_path)
    assert tmp_path.is_dir() and not any(tmp_path.iterdir())  # every folder below it, never the top itself
