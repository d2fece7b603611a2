"""The command line: `python -m generator validate|generate|site|offline|schema|new|diff`."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import sitedir
from .problems import FORMATS, Problem, format_problems
from .write import WriteReport, sync

if TYPE_CHECKING:
    from .paths import Edition
    from .publication import Publication


def _report(problems: list[Problem], fmt: str) -> int:
    for line in format_problems(problems, fmt):
        print(line)
    files = len({p.path for p in problems})
    noun = "problem" if len(problems) == 1 else "problems"
    print(f"{len(problems)} {noun} in {files} file{'s' if files != 1 else ''}", file=sys.stderr)
    return 1


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import check_content

    checked, problems = check_content(args.root)
    if checked is None:
        return _report(problems, args.format)
    print(f"ok: {checked.analyses} analyses, {checked.entities} entities", file=sys.stderr)
    return 0


def _publish(root: Path, edition_name: str, fmt: str = "plain") -> Publication | None:
    """The edition's publication, or None when the content has problems (reported) or generation fails."""
    from . import paths, publication  # here, like every command's imports: `validate` needs no templates (Jinja)

    try:
        published, problems = publication.publish(root, paths.edition(root, edition_name))
    except Exception as error:  # a bug, not a content problem: say so, and write nothing
        _generation_failed(error)
        return None
    if published is None:
        _report(problems, fmt)
    return published


def _generation_failed(error: Exception) -> None:
    print(
        f"error: generation failed ({type(error).__name__}: {error}); docs/ and site/ are unchanged",
        file=sys.stderr,
    )


def _write(published: Publication, root: Path, undoable: bool = False) -> WriteReport | None:
    """Make and write the publication's files; None when making them fails (the tree is then as it was).

    `undoable`: the tree can be put back as it was until the write is committed (`write.restore`, `write.commit`).
    """
    tree = published.edition.tree
    try:
        report = published.write(root / tree, undoable)
    except Exception as error:  # a bug, not a content problem: the files are made as they are written
        _generation_failed(error)
        return None
    print(
        f"{tree}/: {len(report.written)} written, {len(report.removed)} removed, {report.unchanged} unchanged",
        file=sys.stderr,
    )
    return report


def cmd_generate(args: argparse.Namespace) -> int:
    published = _publish(args.root, args.edition)
    if published is None or _write(published, args.root) is None:
        return 1
    return 0


def build_site(
    root: Path, edition: Edition, site_dir: Path, searched: Iterable[str], env: dict[str, str] | None = None
) -> int:
    """Run `mkdocs build --strict` into a staging folder, index its `searched` pages (`Publication.searched`) for
    search (web edition), and swap it in only if both succeed.

    `site_dir` is always a whole site, the old one or the new one, even if this process is
    killed at any moment; what a killed build left beside it, the next one removes.
    """
    from . import pagefind

    sitedir.remove_leftovers(site_dir)
    staging = sitedir.staging(site_dir)
    sitedir.remove(staging)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(root / edition.config),
            "--site-dir",
            str(staging),
        ],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )
    if result.returncode != 0 or (edition.pagefind and pagefind.index(staging, map(edition.built, searched)) != 0):
        sitedir.remove(staging)
        return 1
    old = sitedir.swap_in(staging, site_dir)
    if old is not None:
        sitedir.remove(old)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    """Validate and generate the web edition into docs/, build it into site/; a failure leaves both as they were."""
    from . import memory
    from .write import commit, restore

    published = _publish(args.root, "web")
    if published is None:
        return 1
    report = _write(published, args.root, undoable=True)
    if report is None:
        return 1
    edition, searched = published.edition, published.searched
    # MkDocs and Pagefind run while this process waits, keeping only the names of what it wrote: what undoes the
    # write is on disk (a killed run's is put back by the next).
    del published
    memory.release()
    if build_site(args.root, edition, args.root / "site", searched) != 0:
        restore(args.root / edition.tree, report)
        print(
            "error: mkdocs build failed, or Pagefind's indexing of it; site/ and docs/ are unchanged", file=sys.stderr
        )
        return 1
    commit(report)
    print("site/: built", file=sys.stderr)
    return 0


def cmd_offline(args: argparse.Namespace) -> int:
    from . import offline

    published = _publish(args.root, "offline")
    if published is None or _write(published, args.root) is None:
        return 1
    output = args.output or offline.default_zip(args.root)

    def build(site_dir: Path, env: dict[str, str]) -> int:
        return build_site(args.root, published.edition, site_dir, published.searched, env)

    if offline.make(args.root, published.content, build, output) != 0:
        print("error: mkdocs build failed; nothing written", file=sys.stderr)
        return 1
    print(f"{output}: written", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .preview_server import serve

    return serve(args.root, args.dev_addr, args.verbose)


def cmd_schema(args: argparse.Namespace) -> int:
    from . import json_schema

    documents = {name: document.encode() for name, document in json_schema.documents().items()}
    report = sync(args.root / json_schema.FOLDER, documents)
    print(f"{json_schema.FOLDER}/: {len(report.written)} written, {report.unchanged} unchanged", file=sys.stderr)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
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


def cmd_diff(args: argparse.Namespace) -> int:
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

    generate = commands.add_parser(
        "generate", help="validate, then write the whole publication: docs/ (web) or dist/offline-docs/ (offline)"
    )
    generate.add_argument("--edition", choices=("web", "offline"), default="web", help="which edition (default: web)")
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

    serve = commands.add_parser(
        "serve", help="live preview: regenerates on every save, drafts shown, problems shown on their analysis's page"
    )
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="host:port to serve on (default: 127.0.0.1:8000)")
    serve.add_argument("--verbose", action="store_true", help="MkDocs' debug messages too")
    serve.set_defaults(run=cmd_serve)

    args = parser.parse_args(argv)
    args.root = args.root.resolve()
    command: Callable[[argparse.Namespace], int] = args.run
    return command(args)


if __name__ == "__main__":
    # A run makes many small objects that live until it ends: the default cyclic
    # collection every 700 allocations keeps scanning them and finds little to free.
    gc.set_threshold(100_000, 50, 100)
    sys.exit(main())
