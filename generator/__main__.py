"""The command line: `python -m generator validate|generate|site|offline|schema|new|diff`."""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .problems import FORMATS, Problem, format_problems
from .write import sync


def _report(problems: list[Problem], fmt: str) -> int:
    for line in format_problems(problems, fmt):
        print(line)
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}", file=sys.stderr)
    return 1


def cmd_validate(args) -> int:
    from .validate import check_content

    checked, problems = check_content(args.root)
    if problems:
        return _report(problems, args.format)
    print(f"ok: {checked.analyses} analyses, {checked.entities} entities", file=sys.stderr)
    return 0


def _render(args) -> dict[str, str] | None:
    from . import pipeline  # here, like every command's imports: `validate` needs no templates (Jinja)

    try:
        pages, problems = pipeline.render(args.root, include_drafts=getattr(args, "drafts", False))
    except Exception as error:  # a bug, not a content problem: say so, and write nothing
        print(
            f"error: generation failed ({type(error).__name__}: {error}); docs/ and site/ are unchanged",
            file=sys.stderr,
        )
        return None
    if pages is None:
        _report(problems, getattr(args, "format", "plain"))
    return pages


def _write_docs(root: Path, pages: dict[str, str]) -> None:
    from .pipeline import write_pages

    report = write_pages(root / "docs", pages)
    print(
        f"docs/: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged",
        file=sys.stderr,
    )


def cmd_generate(args) -> int:
    pages = _render(args)
    if pages is None:
        return 1
    _write_docs(args.root, pages)
    return 0


def build_site(root: Path, config: str, site_dir: Path, env: dict[str, str] | None = None) -> int:
    """Run `mkdocs build --strict` into a staging folder and swap it in only if it succeeds."""
    staging = site_dir.with_name(f".{site_dir.name}-staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(root / config),
            "--site-dir",
            str(staging),
        ],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: mkdocs build failed; {site_dir.name}/ and docs/ are unchanged", file=sys.stderr)
        return 1
    previous = site_dir.with_name(f".{site_dir.name}-previous-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return 0


def cmd_site(args) -> int:
    pages = _render(args)
    if pages is None:
        return 1
    if build_site(args.root, "mkdocs.yml", args.root / "site") != 0:
        return 1
    _write_docs(args.root, pages)
    print("site/: built", file=sys.stderr)
    return 0


def cmd_offline(args) -> int:
    from . import offline
    from .validate import load_content

    content, problems = load_content(args.root)
    if problems:
        return _report(problems, "plain")
    output = args.output or args.root / "dist" / f"{offline.bundle_name(args.root)}.zip"
    build = lambda site_dir, env: build_site(args.root, offline.CONFIG, site_dir, env)  # noqa: E731
    if offline.make(args.root, content, build, output) != 0:
        return 1
    print(f"{output}: written", file=sys.stderr)
    return 0


def cmd_schema(args) -> int:
    from . import json_schema

    report = sync(args.root / json_schema.FOLDER, json_schema.documents(), (), ())
    print(f"{json_schema.FOLDER}/: {len(report.written)} written, {report.unchanged} unchanged", file=sys.stderr)
    return 0


def cmd_new(args) -> int:
    import datetime as dt

    from .scaffold import new_analysis

    partners = [partner.strip() for partner in args.partners.split(",") if partner.strip()]
    path, errors = new_analysis(args.root, args.title, partners, dt.date.today(), args.slug)
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if path is None:
        print("nothing written", file=sys.stderr)
        return 1
    print(
        f"{path.relative_to(args.root).as_posix()}: written; replace its placeholder texts, "
        "then preview with `make serve`",
        file=sys.stderr,
    )
    return 0


def cmd_diff(args) -> int:
    from .diff import GitError, report

    try:
        print(report(args.root, args.base), end="")
    except GitError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: .)")
    commands = parser.add_subparsers(dest="command", required=True)

    validate = commands.add_parser("validate", help="check every content file and report all problems")
    validate.add_argument(
        "--format",
        choices=sorted(FORMATS),
        default="plain",
        help="plain: PATH:LINE:COL: error: …; github: workflow annotations",
    )
    validate.set_defaults(run=cmd_validate)

    generate = commands.add_parser("generate", help="validate, then write the generated Markdown under docs/")
    generate.add_argument("--drafts", action="store_true", help="include drafts (for a local preview only)")
    generate.set_defaults(run=cmd_generate)

    site = commands.add_parser("site", help="validate, generate and build the site into site/ (mkdocs --strict)")
    site.set_defaults(run=cmd_site)

    schema = commands.add_parser("schema", help="write the JSON Schemas for editors under schema/")
    schema.set_defaults(run=cmd_schema)

    new = commands.add_parser("new", help="start a new analysis: content/analyses/<slug>.yaml with every section")
    new.add_argument("title", help="the analysis's title; the file name (slug) is made from it")
    new.add_argument("--partners", required=True, help="the partners' entity ids, separated by commas: a,b")
    new.add_argument("--slug", help="the file name to use instead of one made from the title")
    new.set_defaults(run=cmd_new)

    diff = commands.add_parser("diff", help="Markdown summary of the content changed since a git ref, with validation")
    diff.add_argument("base", help="the git ref to compare with, such as origin/main")
    diff.set_defaults(run=cmd_diff)

    offline = commands.add_parser("offline", help="build the published site for file:// and zip it into dist/")
    offline.add_argument("--output", type=Path, help="the zip to write (default: dist/<site-name>-offline.zip)")
    offline.set_defaults(run=cmd_offline)

    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    return args.run(args)


if __name__ == "__main__":
    # A run makes many small objects that live until it ends: the default cyclic
    # collection every 700 allocations keeps scanning them and finds little to free.
    gc.set_threshold(100_000, 50, 100)
    sys.exit(main())
