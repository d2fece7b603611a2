"""Swapping a finished build into site/: in one step where the system can, and what killed builds left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import sitedir


def folder(path: Path, text: str) -> Path:
    path.mkdir()
    (path / "index.html").write_text(text)
    return path


def test_a_build_is_swapped_in_whole_and_the_old_site_is_returned_for_removal(tmp_path):
    site = folder(tmp_path / "site", "old")
    staging = folder(sitedir.staging(site), "new")
    old = sitedir.swap_in(staging, site)
    assert (site / "index.html").read_text() == "new"
    assert old is not None and (old / "index.html").read_text() == "old"
    sitedir.remove(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_on_linux_the_two_folders_trade_places_in_one_step(tmp_path):
    first, second = folder(tmp_path / "a", "a"), folder(tmp_path / "b", "b")
    inode = first.stat().st_ino
    sitedir.exchange(first, second)
    assert (first / "index.html").read_text() == "b" and (second / "index.html").read_text() == "a"
    assert second.stat().st_ino == inode  # moved, not copied
    with pytest.raises(FileNotFoundError):
        sitedir.exchange(first, tmp_path / "missing")


def test_the_first_build_is_renamed_into_place(tmp_path):
    staging = folder(sitedir.staging(tmp_path / "site"), "new")
    assert sitedir.swap_in(staging, tmp_path / "site") is None
    assert (tmp_path / "site" / "index.html").read_text() == "new"
    assert not staging.exists()


@pytest.mark.parametrize("first_build", [False, True])
def test_where_the_system_cant_exchange_two_renames_do(tmp_path, monkeypatch, first_build):
    def unsupported(first: Path, second: Path) -> None:
        raise sitedir.Unsupported(22, "not here")

    monkeypatch.setattr(sitedir, "exchange", unsupported)
    site = tmp_path / "site"
    if not first_build:
        folder(site, "old")
    staging = folder(sitedir.staging(site), "new")
    old = sitedir.swap_in(staging, site)
    assert (site / "index.html").read_text() == "new"
    if first_build:
        assert old is None
    else:
        assert old is not None and old.name == f".site-previous-{os.getpid()}"
        assert (old / "index.html").read_text() == "old"


def test_leftovers_are_those_of_builds_no_longer_running(tmp_path):
    site = folder(tmp_path / "site", "site")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    gone = int(finished.stdout)  # a process that has ended
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        names = [
            f".site-staging-{gone}",
            f".site-previous-{gone}",
            f".site-staging-{os.getpid()}",  # this process's own, from an earlier build in it
            f".site-staging-{running.pid}",  # a build under way
            ".site-staging-x",
            ".site-other-1",
            f".sitex-staging-{gone}",
        ]
        for name in names:
            folder(tmp_path / name, name)
        assert [p.name for p in sitedir.leftovers(site)] == sorted(
            [f".site-previous-{gone}", f".site-staging-{gone}", f".site-staging-{os.getpid()}"]
        )
        sitedir.remove_leftovers(site)
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
            ["site", f".site-staging-{running.pid}", ".site-staging-x", ".site-other-1", f".sitex-staging-{gone}"]
        )
    finally:
        running.kill()
        running.wait()


def test_a_leftover_that_is_a_link_is_removed_not_followed(tmp_path):
    outside = folder(tmp_path / "outside", "keep")
    project = tmp_path / "project"
    project.mkdir()
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (project / f".site-staging-{int(finished.stdout)}").symlink_to(outside)
    sitedir.remove_leftovers(project / "site")
    assert list(project.iterdir()) == []
    assert (outside / "index.html").read_text() == "keep"
