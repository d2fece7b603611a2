"""The open data: every published analysis as JSON, with its entities and taxonomy resolved.

`api/analyses.json` holds them all, newest first; `api/analyses/<slug>.json`
holds one. Both follow `opendata.schema.json`, published beside them as
`api/analyses.schema.json`. Change the shape only with a new SCHEMA_VERSION.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from . import text
from .model import Analysis, Content, Entity, Signal, Source, Term
from .paths import COLLECTION, HOME, OPENDATA_SCHEMA, Edition, analysis_data, page_of
from .reading import reading_minutes
from .reuse import Reuse

SCHEMA_VERSION = 1
SCHEMA = Path(__file__).with_name("opendata.schema.json")


def _text(value: str) -> dict[str, Any]:
    """A text field three ways: the author's inline Markdown, what a reader sees, and safe HTML."""
    return {"markdown": value, "text": text.to_plain(value), "html": text.to_html(value)}


def _optional_text(value: str | None) -> dict[str, Any] | None:
    return _text(value) if value is not None else None


def _entity(entity: Entity, site: Edition) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": _text(entity.name),
        "kind": entity.kind,
        "website": entity.website,
        "description": _optional_text(entity.description),
        "wikidata": entity.wikidata,
        "url": site.page(page_of("partners", entity.id)),
    }


def _source(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "publisher": _text(source.publisher),
        "title": _optional_text(source.title),
        "url": source.url,
        "date": source.date,
    }


def _signal(signal: Signal) -> dict[str, Any]:
    outcome = signal.outcome
    return {
        **_text(signal.signal),
        "by": signal.by,
        "outcome": None
        if outcome is None
        else {
            "status": outcome.status,
            "date": outcome.date.isoformat(),
            "note": _text(outcome.note),
            "source": _source(outcome.source) if outcome.source else None,
        },
    }


def _term(term: Term, kind: str, site: Edition) -> dict[str, Any]:
    return {
        "id": term.id,
        "label": _text(term.label),
        "description": _optional_text(term.description),
        "url": site.page(page_of(kind, term.id)),
    }


def analysis_record(analysis: Analysis, content: Content, site: Edition, published: set[str]) -> dict[str, Any]:
    """One analysis; `published` holds the slugs in the export, so a draft is never named."""
    stakeholders = content.taxonomy.stakeholders
    return {
        "slug": analysis.slug,
        "url": site.page(page_of("analyses", analysis.slug)),
        "data_url": site.file(analysis_data(analysis.slug)),
        "source_file": analysis.path,
        "title": _text(analysis.title),
        "summary": _text(analysis.summary),
        "published": analysis.published.isoformat(),
        "updated": analysis.updated.isoformat() if analysis.updated else None,
        "reading_minutes": reading_minutes(analysis),
        "authors": [_text(byline) for byline in analysis.authors],
        "partners": [_entity(content.entities[key], site) for key in analysis.partners],
        "topics": [_term(content.taxonomy.topics[key], "topics", site) for key in analysis.topics],
        "sources": [_source(source) for source in analysis.sources],
        "context": [{**_text(paragraph.text), "cite": list(paragraph.cite)} for paragraph in analysis.context],
        "expert_views": [
            {"source": _text(v.source), "view": _text(v.view), "stance": v.stance, "cite": list(v.cite)}
            for v in analysis.expert_views
        ],
        "implications": [
            {
                "stakeholder": _term(stakeholders[i.stakeholder], "stakeholders", site),
                "points": [_text(point) for point in i.points],
            }
            for i in analysis.implications
        ],
        "outlook": {
            "summary": _text(analysis.outlook.summary),
            "watch": [_signal(signal) for signal in analysis.outlook.watch],
        },
        "related": [slug for slug in analysis.related if slug in published],
        "corrections": [{"date": c.date.isoformat(), "text": _text(c.text)} for c in analysis.corrections],
    }


def _publication(site: Edition) -> dict[str, Any]:
    return {"name": site.name, "url": site.page(HOME), "schema": site.file(OPENDATA_SCHEMA)}


def compact_json(value: Any) -> str:
    """JSON for files that programs read (the open data, the JSON Feeds): compact, since json's C encoder
    writes only compact JSON, several times faster than its indenting one, and a build writes thousands."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def json_object_with(value: dict[str, Any], **encoded: str) -> str:
    """`value` (not empty) as compact JSON, with the members `encoded` last, whose values are JSON text already.

    An analysis's record is in two files of the open data, and its feed entry in several feeds: each is
    encoded once and placed in every file that holds it. Encoding every document whole costs 0.3 s more per
    build at 1,000 analyses (of about 1.5 s of `generate`), and the preview could not keep the encoded parts
    from one save to the next.
    """
    members = "".join(f",{compact_json(name)}:{text}" for name, text in encoded.items())
    return f"{compact_json(value)[:-1]}{members}}}"


def json_array(encoded: Iterable[str]) -> str:
    """A JSON array of items that are JSON text already."""
    return f"[{','.join(encoded)}]"


def _inputs(analysis: Analysis, content: Content, site: Edition, published: set[str]) -> tuple[object, ...]:
    """Everything `analysis_record` reads: with these equal, the record is the same."""
    stakeholders = content.taxonomy.stakeholders
    return (
        analysis,
        analysis.path,
        site,
        tuple(content.entities[key] for key in analysis.partners),
        tuple(content.taxonomy.topics[key] for key in analysis.topics),
        tuple(stakeholders[i.stakeholder] for i in analysis.implications),
        tuple(slug for slug in analysis.related if slug in published),
    )


def export_files(
    content: Content, analyses: tuple[Analysis, ...], site: Edition, reuse: Reuse[bytes] | None = None
) -> Iterator[tuple[str, bytes]]:
    """Each export file, made as it is asked for: one file per analysis, then the collection and the schema.

    Each record is encoded once, for its own file and for the collection, and
    kept only as the bytes the collection joins. With `reuse` (the live preview
    keeps one between builds), an analysis whose record would come out the same
    is not made again.
    """
    published = {analysis.slug for analysis in analyses}
    head = {"schema_version": SCHEMA_VERSION, "publication": _publication(site)}
    reuse = reuse if reuse is not None else Reuse()
    reuse.start()

    def encoded(analysis: Analysis) -> bytes:
        return compact_json(analysis_record(analysis, content, site, published)).encode()

    # json_object_with(head, analysis=record), in bytes around a record that is bytes already.
    before, after = json_object_with(head, analysis="\0").split("\0")
    opening, closing = before.encode(), f"{after}\n".encode()
    records = []
    for analysis in analyses:
        record = reuse.get(_inputs(analysis, content, site, published), partial(encoded, analysis))
        records.append(record)
        yield analysis_data(analysis.slug), opening + record + closing
    before, after = json_object_with({**head, "count": len(records)}, analyses="\0").split("\0")
    yield COLLECTION, b"".join((before.encode(), b"[", b",".join(records), b"]", f"{after}\n".encode()))
    yield OPENDATA_SCHEMA, SCHEMA.read_bytes()
