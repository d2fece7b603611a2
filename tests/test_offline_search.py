"""The offline edition's search index holds each page once: its sections' titles and text joined in order."""

from __future__ import annotations

import json

from generator import offline_search

INDEX = {
    "config": {"lang": ["en"]},
    "docs": [
        {"location": "index.html", "title": "Home", "text": "<p>Welcome</p>"},
        {"location": "analyses/a.html", "title": "A &amp; B", "text": "<p>Intro</p>"},
        {"location": "analyses/a.html#context", "title": "Context", "text": "<p>Quillwort</p>"},
        {"location": "analyses/a.html#implications", "title": "Implications", "text": ""},
        {"location": "analyses/a.html#sources", "title": "Sources", "text": "<p>Contoso</p>"},
    ],
}


def test_each_page_is_one_entry_with_its_sections_in_order():
    joined = offline_search.one_entry_per_page(INDEX)
    assert joined["config"] == INDEX["config"]
    assert joined["docs"] == [
        {"location": "index.html", "title": "Home", "text": "<p>Welcome</p>"},
        {
            "location": "analyses/a.html",
            "title": "A &amp; B",
            "text": "<p>Intro</p> Context <p>Quillwort</p> Implications Sources <p>Contoso</p>",
        },
    ]


def test_the_script_and_the_data_are_rewritten_alike(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / offline_search.SCRIPT).write_text(f"var __index = {json.dumps(INDEX)};", "utf-8")
    (tmp_path / offline_search.DATA).write_text(json.dumps(INDEX), "utf-8")
    offline_search.rewrite(tmp_path)
    script = (tmp_path / offline_search.SCRIPT).read_text("utf-8")
    data = json.loads((tmp_path / offline_search.DATA).read_text("utf-8"))
    assert script == f"var __index = {json.dumps(data, separators=(',', ':'))};"
    assert len(data["docs"]) == 2
