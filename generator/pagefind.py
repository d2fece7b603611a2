"""The web edition's search index: Pagefind run over a built site, before it is swapped in.

Pagefind indexes built HTML, whatever engine made it (MkDocs, Zensical), into
a chunked index in the site's `pagefind/` folder, with the scripts that read
it: a reader's first search fetches only the chunks its words need, where
Material's search fetched the whole index with every page. It indexes only
what the theme marks `data-pagefind-body`, the reading content of pages whose
text is their own (`Renderer.meta`, overrides/main.html), and the name and
description of each partner, topic and stakeholder (`render.PAGEFIND_BODY`). The offline edition
keeps Material's search: Pagefind's fetch and WebAssembly don't work from
`file://`.

Pagefind is given only those pages (`Publication.searched`), not the site: it
reads and keeps every page it is given before it drops those without
`data-pagefind-body`, so the listings (8,400 of 18,500 pages at 10,000
analyses) cost it 0.5 to 1 GB for nothing. Its command line takes no list of
files, and a glob naming 10,000 of them doesn't parse: the pages are linked
(hard links, no copy) into a folder of their own, at the same paths, which
Pagefind reads as the site, so their URLs are the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

from .paths import SEARCH_BUNDLE

EXCLUDED = ".headerlink"
"""What the marked content holds but readers don't read: the permalink (¶) that ends every heading."""


ALLOCATOR = {"_RJEM_MALLOC_CONF": "dirty_decay_ms:0,muzzy_decay_ms:0"}
"""Pagefind's allocator (jemalloc, built into pagefind-bin, which reads its settings from this variable) gives
memory that was freed back to the system 10 s later, by default. Building the index frees much and allocates
much (it copies every page, then gathers their words): at 10,000 analyses it held 2.06 GB at its peak, and
1.68 GB when freed memory goes back at once, for about 5 s more CPU."""

GIVEN = ".pagefind-pages"
"""The folder of the built site that holds, while Pagefind runs, the pages it is given. A build killed then
leaves it in its staging folder, which the next build removes whole (generator/sitedir.py)."""


def command(pages: Path, site: Path) -> list[str]:
    """Pagefind's command line, reading the folder `pages` and writing into the built site `site`: the binary
    the site's lock pins (pagefind-bin)."""
    return [
        sys.executable,
        "-m",
        "pagefind_bin",
        "--site",
        str(pages),
        "--output-path",
        str(site / SEARCH_BUNDLE),
        "--exclude-selectors",
        EXCLUDED,
        "--quiet",
    ]


def index(site: Path, pages: Iterable[str]) -> int:
    """Write the search index of the built `pages` (HTML files, relative to `site`) into `site`; Pagefind's exit
    status (its errors go to the terminal)."""
    given = site / GIVEN
    try:
        for page in pages:
            _give(site / page, given / page)
        return subprocess.run(command(given, site), env={**os.environ, **ALLOCATOR}).returncode
    except OSError as error:  # a page the engine didn't build
        print(f"error: Pagefind can't be given {error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(given, ignore_errors=True)


def _give(page: Path, given: Path) -> None:
    given.parent.mkdir(parents=True, exist_ok=True)
    os.link(page, given)
