"""`make profile [N=1000]`: where `validate`, `generate` and the live preview spend their time, before anyone optimizes.

Writes N synthetic analyses into a temporary project, as `make bench` does,
then runs pyinstrument on `validate` without a cache (a fresh clone),
`validate` with nothing changed, `generate` into an empty docs/, and the live
preview's two passes after each edit `make bench` times, once the preview has
built: the first (`Preview.first_pass`: the generator, then MkDocs' dirty build
of the pages viewed, here the edited analysis's), then the rest
(`Preview.second_pass`). Prints each
call tree and keeps the HTML reports, which can be opened in a browser, in
dist/profile/.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from pyinstrument import Profiler

from bench.preview import edits
from bench.project import REPO, make_project
from generator import cache
from generator.__main__ import main as generator
from generator.preview import Preview

REPORTS = REPO / "dist" / "profile"


def profiled(name: str, args: list[str], reports: Path) -> None:
    profiled_call(name, lambda: generator(args), reports)


def profiled_call(name: str, call: Callable[[], object], reports: Path) -> None:
    profiler = Profiler(interval=0.0005)
    with contextlib.redirect_stderr(io.StringIO()):
        profiler.start()
        call()
        profiler.stop()
    print(f"\n## {name}\n")
    print(profiler.output_text(unicode=True, color=False))
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"{name.replace(' ', '-').replace(',', '')}.html").write_text(profiler.output_html(), "utf-8")


def profiled_preview(project: Path, analysis: Path, reports: Path) -> None:
    """The preview's two passes after each edit, from a preview that has built once: the first builds the edited
    analysis's page, as if a browser showed it; the second, the rest."""
    preview = Preview(project, project / "preview-tree", "http://127.0.0.1:8000/")
    site = str(project / "preview-site")
    viewed = [f"analyses/{analysis.stem}/"]
    with contextlib.redirect_stderr(io.StringIO()):
        preview.build(site)
    for edit in edits(project, analysis):
        original = edit.path.read_text("utf-8")
        edit.make(f"Edited {edit.name}")
        profiled_call(f"preview, {edit.name} edited", lambda: preview.first_pass(site, viewed), reports)
        profiled_call(f"preview, {edit.name} edited, the rest", lambda: preview.second_pass(site), reports)
        edit.path.write_text(original, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--analyses", type=int, default=1000, help="how many analyses to write (default 1000)")
    parser.add_argument(
        "--reports", type=Path, default=REPORTS, help="where to keep the HTML reports (default dist/profile)"
    )
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="pw-profile-"))
    os.environ[cache.ENVIRONMENT] = str(folder / ".cache")
    try:
        analyses = make_project(folder, args.analyses)
        root = ["--root", str(folder)]
        profiled("validate, no cache", [*root, "validate"], args.reports)
        profiled("validate, nothing changed", [*root, "validate"], args.reports)
        profiled("generate, docs empty", [*root, "generate"], args.reports)
        profiled_preview(folder, analyses[len(analyses) // 2], args.reports)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"HTML reports: {args.reports}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
