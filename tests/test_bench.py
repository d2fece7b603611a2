"""`make bench` and `make profile` still run end to end (on a few analyses; no time is asserted)."""

from __future__ import annotations

import re
from pathlib import Path

from projects import ROOT

from bench import profile, run
from bench.measure import ENV
from generator import cache


def test_the_benchmark_measures_every_step_and_leaves_nothing_behind(capsys):
    content = sorted(path.name for path in (ROOT / "content").rglob("*"))
    before = ENV.get(cache.ENVIRONMENT)
    assert run.main(["--analyses", "3", "--no-browser", "--no-preview"]) == 0
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
        "offline bundle",
    ):
        assert re.search(rf"^{re.escape(step)}.*\s[0-9.]+\s+[0-9.]+\s+\d+", printed, re.M), step
    for ratio in ("fresh clone: no cache, docs/ empty", "cache warm, docs/ empty", "cache warm, docs/ up to date"):
        assert re.search(rf"^  {re.escape(ratio)}\s+[0-9.]+ s\s+[0-9.]+% of site", printed, re.M), ratio
    assert re.search(r"search index\s+[0-9.]+ MB .* kB per analysis", printed)
    assert re.search(r"Pagefind bundle \(web\)\s+[0-9.]+ MB", printed)
    assert re.search(r"analysis page HTML\s+[0-9.]+ kB on average", printed)
    assert re.search(r"offline zip\s+[0-9.]+ MB", printed)
    project = re.search(r"corpus: 3 analyses, .* in (\S+)", printed).group(1)
    assert not Path(project).exists()
    assert sorted(path.name for path in (ROOT / "content").rglob("*")) == content
    assert ENV.get(cache.ENVIRONMENT) == before


def test_the_profile_writes_a_report_for_each_command(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path / "outer-cache"))
    assert profile.main(["--analyses", "3", "--reports", str(tmp_path / "reports")]) == 0
    printed = capsys.readouterr().out
    assert [line for line in printed.splitlines() if line.startswith("## ")] == [
        "## validate, no cache",
        "## validate, nothing changed",
        "## generate, docs empty",
        "## preview, title edited",
        "## preview, paragraph edited",
        "## preview, partner edited",
    ]
    assert "cmd_validate" in printed and "cmd_generate" in printed and "Preview.build" in printed
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == [
        "generate-docs-empty.html",
        "preview-paragraph-edited.html",
        "preview-partner-edited.html",
        "preview-title-edited.html",
        "validate-no-cache.html",
        "validate-nothing-changed.html",
    ]
