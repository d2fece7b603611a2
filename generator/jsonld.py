"""schema.org JSON-LD for an analysis page, ready to sit inside a <script> element."""

from __future__ import annotations

import json
from typing import Any

from . import text
from .model import Analysis, Content
from .paths import Edition, page_of, wikidata_item
from .reading import reading_minutes, word_count

ORGANIZATION_TYPES = {
    "company": "Corporation",
    "research-lab": "ResearchOrganization",
    "government": "GovernmentOrganization",
    "nonprofit": "NGO",
    "investor": "Organization",
    "other": "Organization",
}


def analysis_data(analysis: Analysis, content: Content, site: Edition) -> dict[str, Any]:
    url = site.page(page_of("analyses", analysis.slug))
    publication = {"@type": "Organization", "name": site.name, "url": site.url}
    about = []
    for key in analysis.partners:
        entity = content.entities[key]
        organization: dict[str, Any] = {
            "@type": ORGANIZATION_TYPES[entity.kind],
            "name": text.to_plain(entity.name),
            "url": site.page(page_of("partners", key)),
        }
        # The same organization elsewhere: its website, and its Wikidata item, which ties it to other datasets.
        same_as = [entity.website] if entity.website else []
        if entity.wikidata:
            same_as.append(wikidata_item(entity.wikidata))
        if same_as:
            organization["sameAs"] = same_as[0] if len(same_as) == 1 else same_as
        if entity.description:
            organization["description"] = text.to_plain(entity.description)
        about.append(organization)
    citations = []
    for source in analysis.sources:
        citation = {
            "@type": "CreativeWork",
            "name": text.to_plain(source.title or source.publisher),
            "publisher": {"@type": "Organization", "name": text.to_plain(source.publisher)},
        }
        if source.url:
            citation["url"] = source.url
        if source.date:
            citation["datePublished"] = source.date
        citations.append(citation)
    return {
        "@context": "https://schema.org",
        "@type": "AnalysisNewsArticle",
        "@id": url,
        "url": url,
        "mainEntityOfPage": url,
        "headline": text.to_plain(analysis.title),
        "description": text.to_plain(analysis.summary),
        "datePublished": analysis.published.isoformat(),
        "dateModified": analysis.last_modified.isoformat(),
        "inLanguage": site.language,
        "author": (
            [{"@type": "Person", "name": text.to_plain(byline)} for byline in analysis.authors] or [publication]
        ),
        "publisher": publication,
        "about": about,
        "keywords": [text.to_plain(content.taxonomy.topics[key].label) for key in analysis.topics],
        "citation": citations,
        **_corrections(analysis),
        "isPartOf": {"@type": "Periodical", "name": site.name, "url": site.url},
        "wordCount": word_count(analysis),
        "timeRequired": f"PT{reading_minutes(analysis)}M",
    }


def _corrections(analysis: Analysis) -> dict[str, Any]:
    """schema.org `correction`, oldest first as the page lists them; nothing for an analysis never corrected."""
    if not analysis.corrections:
        return {}
    return {
        "correction": [
            {"@type": "CorrectionComment", "text": text.to_plain(c.text), "datePublished": c.date.isoformat()}
            for c in analysis.corrections_oldest_first
        ]
    }


def script_json(data: dict[str, Any]) -> str:
    """JSON that can't end its <script> element or open markup inside it: <, > and & as \\u escapes."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )


def analysis_jsonld(analysis: Analysis, content: Content, site: Edition) -> str:
    return script_json(analysis_data(analysis, content, site))
