"""`python -m generator new`: a new analysis with every section present, ready to fill in.

Each text it writes is placeholder text marked with `schema.PLACEHOLDER`,
which the validator rejects wherever it is left, so that an analysis can't be
published with a section still unwritten. The title and partners are checked
by the validator's own rules before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
import unicodedata
from pathlib import Path

from . import json_schema, schema
from .validate import ANALYSES_DIR, ENTITIES_FILE, INVALID, TAXONOMY_FILE, check_arguments, check_file, valid_id

SCHEMA_COMMENT = f"# yaml-language-server: $schema=../../{json_schema.FOLDER}/analysis.schema.json"
"""Tells editors with a YAML language server which schema the file follows (relative to the file)."""


def slug_for(title: str) -> str:
    """The file name a title suggests: ASCII letters and digits joined by single hyphens, at most 80 characters."""
    without_apostrophes = re.sub("['\u2019]", "", title)  # "Contoso's" -> "contosos", not "contoso-s"
    ascii_title = unicodedata.normalize("NFKD", without_apostrophes).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > schema.ID_MAX_LENGTH:
            break
        slug = longer
    return slug


def _placeholder(words: str) -> str:
    return json.dumps(f"{schema.PLACEHOLDER} {words}", ensure_ascii=False)


def _doc(record: schema.Record[object], name: str) -> str:
    doc = record.declared(name).doc
    return _placeholder(doc[:1].lower() + doc[1:])


def _comment_list(intro: str, ids: list[str], indent: str = "") -> str:
    text = f"{intro} {', '.join(ids)}" if ids else f"{intro} (none yet)"
    return "\n".join(
        textwrap.wrap(
            text, width=100, initial_indent=f"{indent}# ", subsequent_indent=f"{indent}#   ", break_on_hyphens=False
        )
    )  # an id split at a hyphen reads as two


def analysis_text(
    title: str, partners: list[str], published: dt.date, topics: list[str], stakeholders: list[str]
) -> str:
    """The new file: the given title, partners and date; placeholder text everywhere else."""
    a, source, view, implication, outlook = (
        schema.ANALYSIS,
        schema.SOURCE,
        schema.EXPERT_VIEW,
        schema.IMPLICATION,
        schema.OUTLOOK,
    )
    stance = view.declared("stance").spec
    assert isinstance(stance, schema.Choice)
    stances = " or ".join([", ".join(stance.options[:-1]), stance.options[-1]])
    partner_lines = "\n".join(f"  - {partner}" for partner in partners)
    return f"""\
{SCHEMA_COMMENT}
# Replace every "{schema.PLACEHOLDER} …" text below: `make validate` lists the ones left, and an analysis
# with one left can't be published. The rules for each field: CONTENT-MODEL.md.
title: {json.dumps(title, ensure_ascii=False)}
summary: {_doc(a, "summary")}
published: {published.isoformat()}
# updated: YYYY-MM-DD  (the date of a later substantive update)
# status: draft        (keeps the analysis out of the public site while you work on it)
authors:
  - {_placeholder("your byline, or remove the authors field")}
partners:
{partner_lines}
{_comment_list("Topic ids from content/taxonomy.yaml:", topics)}
topics: []
sources:
  - publisher: {_doc(source, "publisher")}
    title: {_doc(source, "title")}
    # url: https://…
    # date: YYYY-MM-DD  (or YYYY-MM, or YYYY)
    # id: a-short-name  (to cite it from a paragraph or an expert view: cite: [a-short-name])
context:
  - {_doc(a, "context")}
  # A paragraph that rests on a source cites it by its id:
  # - text: …
  #   cite: [a-short-name]
expert_views:
  - source: {_doc(view, "source")}
    view: {_doc(view, "view")}
    stance: {_placeholder(stances)}
    # cite: [a-short-name]
implications:
{_comment_list("Stakeholder ids from content/taxonomy.yaml:", stakeholders, "  ")}
  - stakeholder: {_placeholder("a stakeholder id")}
    points:
      - {_doc(implication, "points")}
outlook:
  summary: {_doc(outlook, "summary")}
  watch:
    - signal: {_placeholder("a signal to watch, in one line.")}
      # by: YYYY-MM  (when it should be known, where the sources say; YYYY or YYYY-MM-DD too)
      # Once it is known, record how it turned out (and move `updated` to that date):
      # outcome: {{status: happened, date: YYYY-MM-DD, note: …}}  (or partly, or did-not-happen)
# Slugs of other analyses to read next.
related: []
# Once published, a mistake is corrected in the text and said here, never removed (and `updated` moves):
# corrections:
#   - {{date: YYYY-MM-DD, text: …}}
"""


def new_analysis(
    root: Path, title: str, partners: list[str], today: dt.date, slug: str | None = None
) -> tuple[Path | None, list[str]]:
    """Write content/analyses/<slug>.yaml; or, with errors to show, write nothing."""
    folder = root / ANALYSES_DIR
    for linked in (folder.parent, folder):
        if linked.is_symlink():
            # As validation refuses to read through one (`analysis_files`): the file could land anywhere.
            display = linked.relative_to(root).as_posix()
            return None, [f"{display} is a symbolic link; content must be real folders and files"]
    entities, entities_file = check_file(root / ENTITIES_FILE, ENTITIES_FILE, schema.ENTITIES)
    taxonomy, taxonomy_file = check_file(root / TAXONOMY_FILE, TAXONOMY_FILE, schema.TAXONOMY)
    broken = entities_file.problems + taxonomy_file.problems
    if broken or entities is INVALID or taxonomy is INVALID:  # (the same: INVALID comes with a problem)
        return None, [p.plain() for p in broken] + ["fix these problems first: a new analysis needs both files"]
    slug = slug if slug is not None else slug_for(title)
    display = f"{ANALYSES_DIR}/{slug}.yaml"
    problems = check_arguments(display, {"title": title, "partners": partners}, entities, taxonomy)
    errors = [p.message for p in problems]
    if not slug:
        errors.append("the title has no letters or digits to make a file name from; give one with --slug")
    elif not valid_id(slug) or re.fullmatch(schema.ID_PATTERN, slug) is None:  # whole: "$" matches before a "\n"
        errors.append(
            f"{slug!r} is not a valid slug: use lowercase letters, digits and single hyphens, "
            f"at most {schema.ID_MAX_LENGTH} characters"
        )
    else:
        existing = sorted(path.stem for path in folder.glob("*.yaml"))
        if slug in existing:
            errors.append(f"{display} exists already; choose another title or give a slug with --slug")
    if errors:
        return None, errors
    text = analysis_text(title, partners, today, sorted(taxonomy.topics), sorted(taxonomy.stakeholders))
    path = root / display
    folder.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:  # "x": never overwrite a file that appeared meanwhile
        stream.write(text)
    return path, []
