"""Material's search index in the offline edition, one entry per page.

Material's search plugin writes an entry for every section of a page (each
heading with an id starts one), and its search, in the browser, builds its
index from every entry before it answers the first query. At 1,000 analyses
that is about 10,600 entries, ten or so per analysis, and the time to the
first result follows their number, not their text: with each entry's text cut
to a quarter it stayed at 2.0 s, with a tenth of the entries it fell to 0.3 s
(Chromium from file://, 2 CPUs; BENCHMARKS.md). So the bundle's index holds
each page once, its sections' titles and text joined in page order: every word
is still found, and a result opens its page at the top rather than at the
section. The entries' title and text are the HTML Material made, escaped, and
stay so: joining them adds nothing but spaces.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCRIPT = "search/search_index.js"
"""The index as a script, which pages read from file:// (Material's `offline` plugin writes it)."""
DATA = "search/search_index.json"
_SCRIPT_START = "var __index = "


def one_entry_per_page(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search index with each page's sections joined into one entry, in the order given."""
    pages: dict[str, dict[str, str]] = {}
    for entry in index["docs"]:
        page = entry["location"].partition("#")[0]
        joined = pages.get(page)
        if joined is None:
            pages[page] = {"location": page, "title": entry["title"], "text": entry["text"]}
        else:
            joined["text"] = " ".join(part for part in (joined["text"], entry["title"], entry["text"]) if part)
    return {**index, "docs": list(pages.values())}


def rewrite(site_dir: Path) -> None:
    """Make the built offline site's search index (script and data) hold each page once."""
    script = site_dir / SCRIPT
    index = json.loads(script.read_text("utf-8").removeprefix(_SCRIPT_START).rstrip().removesuffix(";"))
    data = json.dumps(one_entry_per_page(index), ensure_ascii=False, separators=(",", ":"))
    script.write_text(f"{_SCRIPT_START}{data};", "utf-8")
    (site_dir / DATA).write_text(data, "utf-8")
