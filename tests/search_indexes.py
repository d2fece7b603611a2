"""The two search indexes as tests read them: Material's in the offline edition, Pagefind's in the web edition."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

OFFLINE_FOLDER = "partnership-watch-offline"
_SCRIPT_START = "var __index = "
_FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""What starts each decompressed page fragment of Pagefind 1.x's index, before the page's JSON."""


def material_index(offline_zip: Path) -> list[dict]:
    """The entries of Material's search index in the offline edition (a script, so that it loads from file://)."""
    with zipfile.ZipFile(offline_zip) as archive:
        script = archive.read(f"{OFFLINE_FOLDER}/search/search_index.js").decode()
    assert script.startswith(_SCRIPT_START), script[:80]
    return json.loads(script.removeprefix(_SCRIPT_START).rstrip().removesuffix(";"))["docs"]


def pagefind_pages(site: Path) -> dict[str, dict]:
    """Page URL (from the site's root, `/analyses/<slug>/`) -> what Pagefind stored of it: its `meta` (the
    title) and its indexed `content`, as results show them. One fragment per page indexed."""
    pages = {}
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        assert data.startswith(_FRAGMENT_SIGNATURE), fragment
        page = json.loads(data.removeprefix(_FRAGMENT_SIGNATURE))
        pages[page["url"]] = page
    return pages
