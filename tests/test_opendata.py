"""The open data of the fixture build: every export valid against the published JSON Schema and true to the content."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from generator import opendata, schema, text
from generator.paths import Edition

DRAFT_SLUG = "tailspin-fabrikam-stake"
SITE_URL = "https://partnership-watch.github.io/partnership-watch/"


@pytest.fixture(scope="module")
def validator():
    document = json.loads(opendata.SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(document)
    return jsonschema.Draft202012Validator(document, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def errors(validator, document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


def load(site: Path, path: str) -> dict:
    return json.loads((site / path).read_text("utf-8"))


def test_the_published_schema_is_the_one_in_the_repository(site):
    assert (site / "api" / "analyses.schema.json").read_bytes() == opendata.SCHEMA.read_bytes()


def test_every_export_follows_the_schema(site, validator):
    exports = sorted((site / "api").rglob("*.json"))
    assert len(exports) == 5  # the schema, the collection and the three published analyses
    for export in exports:
        if export.name != "analyses.schema.json":
            assert errors(validator, json.loads(export.read_text("utf-8"))) == [], export


def test_the_collection_holds_every_published_analysis_newest_first(site, content):
    collection = load(site, "api/analyses.json")
    assert collection["schema_version"] == opendata.SCHEMA_VERSION
    assert collection["publication"] == {
        "name": "Partnership Watch",
        "url": SITE_URL,
        "schema": f"{SITE_URL}api/analyses.schema.json",
    }
    assert [a["slug"] for a in collection["analyses"]] == [a.slug for a in content.published]
    assert collection["count"] == len(content.published)
    for record in collection["analyses"]:
        assert load(site, f"api/analyses/{record['slug']}.json")["analysis"] == record


def test_drafts_are_not_exported(site):
    assert not (site / "api" / "analyses" / f"{DRAFT_SLUG}.json").exists()
    for export in (site / "api").rglob("*.json"):
        assert DRAFT_SLUG not in export.read_text("utf-8") and "Draftonlyword" not in export.read_text("utf-8")


def test_a_record_is_true_to_the_analysis(site, content):
    records = {r["slug"]: r for r in load(site, "api/analyses.json")["analyses"]}
    for analysis in content.published:
        record = records[analysis.slug]
        assert record["url"] == f"{SITE_URL}analyses/{analysis.slug}/"
        assert record["source_file"] == f"content/analyses/{analysis.slug}.yaml"
        assert record["title"] == {
            "markdown": analysis.title,
            "text": text.to_plain(analysis.title),
            "html": text.to_html(analysis.title),
        }
        assert record["published"] == analysis.published.isoformat()
        assert record["updated"] == (analysis.updated.isoformat() if analysis.updated else None)
        assert [p["id"] for p in record["partners"]] == list(analysis.partners)
        for exported, key in zip(record["partners"], analysis.partners, strict=True):
            entity = content.entities[key]
            assert exported["name"]["markdown"] == entity.name and exported["kind"] == entity.kind
            assert exported["website"] == entity.website
            assert exported["url"] == f"{SITE_URL}partners/{key}/"
        assert [(t["id"], t["label"]["text"]) for t in record["topics"]] == [
            (key, content.taxonomy.topics[key].label) for key in analysis.topics
        ]
        assert [i["stakeholder"]["id"] for i in record["implications"]] == [
            i.stakeholder for i in analysis.implications
        ]
        assert [[p["markdown"] for p in i["points"]] for i in record["implications"]] == [
            list(i.points) for i in analysis.implications
        ]
        assert [p["markdown"] for p in record["context"]] == [p.text for p in analysis.context]
        assert [(v["source"]["markdown"], v["view"]["markdown"], v["stance"]) for v in record["expert_views"]] == [
            (v.source, v.view, v.stance) for v in analysis.expert_views
        ]
        assert [(s["publisher"]["markdown"], s["url"], s["date"]) for s in record["sources"]] == [
            (s.publisher, s.url, s.date) for s in analysis.sources
        ]
        assert [w["markdown"] for w in record["outlook"]["watch"]] == [s.signal for s in analysis.outlook.watch]
        assert record["related"] == list(analysis.related)


def test_every_field_of_the_content_model_is_exported(site):
    """A field added to the content model must reach the open data too (drafts aside, all are published)."""
    record = load(site, "api/analyses.json")["analyses"][0]
    assert {f.name for f in schema.ANALYSIS.fields} - {"status"} <= set(record)


def test_text_comes_three_ways(site):
    records = {r["slug"]: r for r in load(site, "api/analyses.json")["analyses"]}
    hosted = records["contoso-fabrikam-chip-supply"]["context"][0]
    assert hosted["markdown"].count("*hosted*") == 1
    assert "<em>hosted</em>" in hosted["html"] and "*" not in hosted["text"]
    literal = records["northwind-contoso-safety-lab"]["context"][0]
    assert "<b>" not in literal["html"] and "&lt;b&gt;" in literal["html"] and "<b>not bold</b>" in literal["text"]


def test_the_schema_refuses_what_it_should(site, validator):
    document = load(site, "api/analyses.json")
    record = document["analyses"][0]
    for broken in (
        {**document, "schema_version": 2},
        {**document, "analyses": [{**record, "published": "28 April 2026"}]},
        {**document, "analyses": [{**record, "title": "plain string"}]},
        {**document, "analyses": [{**record, "surprise": True}]},
        {**document, "analyses": [{k: v for k, v in record.items() if k != "partners"}]},
    ):
        assert errors(validator, broken), broken


def test_the_open_data_page_documents_the_files(site):
    html = (site / "open-data" / "index.html").read_text("utf-8")
    for link in ('href="../api/analyses.json"', 'href="../api/analyses.schema.json"'):
        assert link in html
    assert "schema_version" in html and "api/analyses/&lt;slug&gt;.json" in html


def test_exports_are_deterministic(content):
    site = Edition("web", "Partnership Watch", SITE_URL, "")
    first, second = (dict(opendata.export_files(content, content.published, site)) for _ in range(2))
    assert first == second


def test_the_offline_edition_exports_relative_urls_that_follow_the_schema(content, validator):
    offline = Edition("offline", "Partnership Watch", "", "", directory_urls=False)
    files = dict(opendata.export_files(content, content.published, offline))
    collection = json.loads(files["api/analyses.json"])
    assert errors(validator, collection) == []
    assert collection["publication"]["url"] == "index.html"
    assert collection["analyses"][0]["url"] == f"analyses/{content.published[0].slug}.html"


def test_the_schema_states_the_content_models_rules():
    """The rules the export schema repeats must be the content model's own (generator/schema.py, model.py)."""
    from generator import model

    defs = json.loads(opendata.SCHEMA.read_text("utf-8"))["$defs"]
    assert defs["id"]["pattern"] == schema.ID_PATTERN and defs["id"]["maxLength"] == schema.ID_MAX_LENGTH
    assert defs["entity"]["properties"]["kind"]["enum"] == list(model.ENTITY_KINDS)
    stances = defs["analysis"]["properties"]["expert_views"]["items"]["properties"]["stance"]["enum"]
    assert stances == [*model.STANCES, None]
    assert defs["collection"]["properties"]["schema_version"]["const"] == opendata.SCHEMA_VERSION
