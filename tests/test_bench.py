"""`make bench` and `make profile` still run end to end (on a few analyses; no time is asserted)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from projects import ROOT

from bench import baseline, profile, run
from generator import cache


def test_the_benchmark_measures_every_step_and_leaves_nothing_behind(capsys, monkeypatch):
    content = sorted(path.name for path in (ROOT / "content").rglob("*"))
    before = os.environ.get(cache.ENVIRONMENT)
    # As `make bench N=10000` measures three targets at 1,000: here at 2 of the 3 analyses.
    monkeypatch.setattr(run, "STATED", 2)
    # HEAD as the baseline: a commit every clone has, shallow ones included.
    assert run.main(["--analyses", "3", "--no-browser", "--no-preview", "--baseline", "HEAD"]) == 0
    printed = capsys.readouterr().out
    for step in (
        "libyaml parse (floor)",
        "validate, no cache (a fresh clone)",
        "validate, nothing changed",
        "generate, docs/ empty",
        "generate, nothing changed",
        "generate, analysis-00002 summary edited",
        "site (validate, generate, mkdocs build --strict)",
        "mkdocs build alone",
        "offline bundle (2 analyses)",
    ):
        assert re.search(rf"^{re.escape(step)}.*\s[0-9.]+\s+[0-9.]+\s+\d+\s+\d+", printed, re.M), step
    for ratio in ("fresh clone: no cache, docs/ empty", "cache warm, docs/ empty", "cache warm, docs/ up to date"):
        assert re.search(rf"^  {re.escape(ratio)}\s+[0-9.]+ s\s+[0-9.]+% of site", printed, re.M), ratio
    assert re.search(r"search index\s+[0-9.]+ MB .* kB per analysis, \d+ entries \(2 analyses\)", printed)
    assert re.search(r"Pagefind bundle \(web\)\s+[0-9.]+ MB", printed)
    assert re.search(r"analysis page HTML\s+[0-9.]+ kB on average", printed)
    assert re.search(r"offline zip\s+[0-9.]+ MB", printed)
    assert re.search(r"largest pages\s+\S+\.html [0-9.]+ kB", printed)
    assert "no HTML page over 250 kB" in printed
    assert re.search(r"^  site at 1 analyses [0-9.]+ s, at 3 [0-9.]+ s: [0-9.]+x 3 times the first", printed, re.M)
    head = re.search(r"^make site against ([0-9a-f]+) \(2 analyses, same corpus", printed, re.M).group(1)
    assert re.search(rf"^  {head}\s+[0-9.]+ s wall\s+[0-9.]+ s CPU$", printed, re.M)
    assert re.search(r"^  this tree\s+[0-9.]+ s wall\s+[0-9.]+ s CPU$", printed, re.M)
    assert re.search(rf"^  ratio [0-9.]+ of {head}'s CPU \(target at most 0.5: (not )?met\)$", printed, re.M)
    project = re.search(r"corpus: 3 analyses, .* in (\S+)", printed).group(1)
    assert not Path(project).exists()
    assert sorted(path.name for path in (ROOT / "content").rglob("*")) == content
    assert os.environ.get(cache.ENVIRONMENT) == before


def test_pages_over_the_budget_are_said_loudly(tmp_path, capsys):
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "index.html").write_bytes(b"x" * 250_001)
    (tmp_path / "index.html").write_bytes(b"x" * 250_000)
    (tmp_path / "about.html").write_bytes(b"x" * 10)
    largest, over = run.heavy_pages(tmp_path)
    assert largest == [("archive/index.html", 250_001), ("index.html", 250_000), ("about.html", 10)]
    assert over == [("archive/index.html", 250_001)]
    run.print_largest_pages(tmp_path)
    printed = capsys.readouterr().out
    assert "!!! 1 HTML page(s) over 250 kB" in printed
    assert "!!!   archive/index.html 250.0 kB" in printed


@pytest.mark.usefixtures("generator_modules_kept")
def test_the_profile_writes_a_report_for_each_command(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path / "outer-cache"))
    assert profile.main(["--analyses", "3", "--reports", str(tmp_path / "reports")]) == 0
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("## ")] == [
        "## validate, no cache",
        "## validate, nothing changed",
        "## generate, docs empty",
        "## preview, title edited",
        "## preview, title edited, the rest",
        "## preview, paragraph edited",
        "## preview, paragraph edited, the rest",
        "## preview, partner edited",
        "## preview, partner edited, the rest",
    ]
    assert "cmd_validate" in printed and "cmd_generate" in printed
    assert "Preview.first_pass" in printed and "Preview.second_pass" in printed
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == [
        "generate-docs-empty.html",
        "preview-paragraph-edited-the-rest.html",
        "preview-paragraph-edited.html",
        "preview-partner-edited-the-rest.html",
        "preview-partner-edited.html",
        "preview-title-edited-the-rest.html",
        "preview-title-edited.html",
        "validate-no-cache.html",
        "validate-nothing-changed.html",
    ]


def test_a_steps_peak_adds_a_childs_memory_to_what_its_parent_holds_meanwhile(tmp_path):
    """`site` holds what it holds while MkDocs and Pagefind run: the machine needs both at once."""
    child = tmp_path / "child.py"
    child.write_text('import time\nheld = b"x" * (40 << 20)\ntime.sleep(1)\n')
    parent = tmp_path / "parent.py"
    parent.write_text(
        f'import subprocess, sys\nheld = b"x" * (60 << 20)\nsubprocess.run([sys.executable, {str(child)!r}])\n'
    )
    # Measured from a small interpreter: Linux counts the resident set of the process that starts the command
    # (here pytest, some hundred MiB after other tests) in the command's own peak, which would hide the sum.
    measuring = (
        f"from bench.measure import run; found = run({str(parent)!r}); print(found.peak_mib, found.together_mib)"
    )
    shown = subprocess.run([sys.executable, "-c", measuring], cwd=ROOT, capture_output=True, text=True, check=True)
    peak_mib, together_mib = map(float, shown.stdout.split())
    assert together_mib > peak_mib + 30


def test_a_baseline_this_clone_lacks_is_reported_not_measured(capsys, tmp_path):
    run.side_by_side("0" * 40, tmp_path / "side-by-side", 3, 7)
    assert capsys.readouterr().out.startswith(f"make site against {'0' * 40}: not measured (git rev-parse")


def test_lock_differences_name_the_packages_pinned_at_other_versions(tmp_path):
    (tmp_path / "requirements.lock").write_text("markdown==0.1\nmkdocs==1.6.1\nzzz-only-there==1.0\n", "utf-8")
    found = baseline.lock_differences(tmp_path)
    assert found[0].startswith("markdown 0.1 -> ") and not any(line.startswith("mkdocs ") for line in found)
