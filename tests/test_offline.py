"""The offline edition's zip: one folder, no drafts, the same bytes for the same content."""

from __future__ import annotations

import datetime as dt
import json
import re
import stat
import zipfile
from pathlib import Path

from conftest import ROOT, run_generator
from hand_written import WEB_ONLY_PAGES, article_words, edition_words
from mkdocs.utils.yaml import yaml_load

from generator import offline
from generator.paths import OFFLINE_CONFIG, WEB_CONFIG, edition
from generator.publication import publish

FOLDER = "partnership-watch-offline"


def entries(zip_path: Path) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.infolist()


def read_all(zip_path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(zip_path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def test_the_zip_is_named_for_the_site_and_unpacks_into_one_folder_with_index_at_its_top(offline_zip):
    assert offline_zip.name == f"{FOLDER}.zip"
    names = [info.filename for info in entries(offline_zip)]
    assert names[0] == f"{FOLDER}/"
    assert all(name.startswith(f"{FOLDER}/") for name in names)
    assert f"{FOLDER}/index.html" in names


def test_pages_are_html_files_so_that_links_open_from_disk(offline_zip):
    names = set(read_all(offline_zip))
    for page in (
        "analyses/contoso-fabrikam-chip-supply.html",
        "partners/fabrikam.html",
        "topics/ai-safety.html",
        "stakeholders/investors.html",
        "archive/index.html",
        "search/search_index.js",
    ):
        assert f"{FOLDER}/{page}" in names
    home = read_all(offline_zip)[f"{FOLDER}/index.html"].decode()
    assert 'href="analyses/contoso-fabrikam-chip-supply.html"' in home


def test_the_same_content_gives_the_same_bytes(offline_zip, tmp_path):
    again = tmp_path / "again.zip"
    result = run_generator(offline_zip.parent.parent, "offline", "--output", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_bytes() == offline_zip.read_bytes()


def test_entries_are_in_path_order_with_the_editions_date_and_fixed_permissions(offline_zip):
    infos = entries(offline_zip)
    assert [info.filename for info in infos] == sorted(info.filename for info in infos)
    # The newest published analysis was updated on 2026-06-01; the draft of 2026-07-01 does not count.
    assert {info.date_time for info in infos} == {(2026, 6, 1, 0, 0, 0)}
    for info in infos:
        mode = info.external_attr >> 16
        assert mode == (stat.S_IFDIR | 0o755 if info.is_dir() else stat.S_IFREG | 0o644), info.filename


def test_drafts_are_left_out(offline_zip):
    files = read_all(offline_zip)
    assert not any("tailspin-fabrikam-stake" in name for name in files)
    assert not [name for name, data in files.items() if b"Draftonlyword" in data]


def test_the_bundle_has_no_sitemap_of_web_addresses(offline_zip):
    assert not [name for name in read_all(offline_zip) if "sitemap" in name]


def test_no_page_names_a_script_style_or_image_from_elsewhere(offline_zip):
    loaded = re.compile(rb'<(?:script|link|img|iframe)\b[^>]*?\b(?:src|href)="([^"]*)"')
    for name, data in read_all(offline_zip).items():
        if name.endswith(".html"):
            outside = [url for url in loaded.findall(data) if re.match(rb"[a-z][a-z0-9+.-]*:|//", url)]
            assert not outside, f"{name} loads {outside}"


def test_search_uses_the_vendored_worker_shim(offline_zip):
    files = read_all(offline_zip)
    assert f"{FOLDER}/assets/vendor/iframe-worker/shim.js" in files
    assert f"{FOLDER}/assets/vendor/iframe-worker/LICENSE" in files
    assert b'src="assets/vendor/iframe-worker/shim.js"' in files[f"{FOLDER}/index.html"]


def load_config(name: str) -> dict:
    with open(ROOT / name, "rb") as stream:
        return yaml_load(stream)


def plugin_names(config: dict) -> set[str]:
    return {next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])}


def test_the_offline_config_keeps_every_plugin_of_the_site_and_neither_runs_hooks():
    site, edition = load_config(WEB_CONFIG), load_config(OFFLINE_CONFIG)
    assert plugin_names(site) <= plugin_names(edition)
    assert "offline" in plugin_names(edition)
    assert site.get("hooks") is None and edition.get("hooks") is None


def test_the_edition_date_is_the_newest_published_or_updated_day():
    from generator.validate import load_content

    content, problems = load_content(ROOT / "tests" / "fixtures" / "basic")
    assert not problems
    assert offline.edition_date(content) == dt.date(2026, 6, 1)
    assert offline.source_date_epoch(dt.date(2026, 6, 1)) == "1780272000"


def test_only_the_offline_edition_carries_the_vendored_search_shim_and_both_the_text_face(project):
    web, _ = publish(project, edition(project, "web"))
    offline_edition, _ = publish(project, edition(project, "offline"))
    shim = "assets/vendor/iframe-worker/shim.js"
    assert shim in offline_edition.files and shim not in web.files
    for published in (web, offline_edition):
        assert "assets/partnership-watch.css" in published.files
        assert "assets/typography.css" in published.files
        face = [path for path in published.files if path.startswith("assets/vendor/source-serif-4/")]
        assert sorted(path.rpartition("/")[2] for path in face) == [
            "LICENSE",
            "package.json",
            "source-serif-4-latin-wght-italic.woff2",
            "source-serif-4-latin-wght-normal.woff2",
        ]


def test_hand_written_pages_say_nothing_of_feeds_the_bundle_does_not_carry(offline_zip: Path) -> None:
    files = read_all(offline_zip)
    assert not any(name.endswith(("feed.xml", "feed.json")) for name in files)
    for page in WEB_ONLY_PAGES:
        html = files[f"{FOLDER}/{page}.html"].decode("utf-8")
        assert "feed" not in html.lower().replace("feedback", ""), page
        assert "web edition only" not in html, page
        web_only, both = edition_words(page)
        shown = article_words(html)
        assert not web_only & shown, f"{page}: a passage for the web edition only is in the offline edition"
        assert both <= shown, f"{page}: the offline edition lost text that is not for the web edition only"


def test_generate_writes_the_offline_edition_into_a_tree_of_its_own(project):
    result = run_generator(project, "generate", "--edition", "offline")
    assert result.returncode == 0, result.stderr
    tree = project / "dist" / "offline-docs"
    assert (tree / "index.md").is_file() and (tree / "assets/vendor/iframe-worker/shim.js").is_file()
    assert not (tree / "feed.xml").exists() and not (project / "docs").exists()
    collection = json.loads((tree / "api/analyses.json").read_text("utf-8"))
    assert collection["publication"]["url"] == "index.html"
    assert "jsonld" not in (tree / "analyses/contoso-fabrikam-chip-supply.md").read_text("utf-8")
