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
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .paths import SEARCH_BUNDLE

EXCLUDED = ".headerlink"
"""What the marked content holds but readers don't read: the permalink (¶) that ends every heading."""


def command(site: Path) -> list[str]:
    """Pagefind's command line for the built site `site`: the binary the site's lock pins (pagefind-bin)."""
    return [
        sys.executable,
        "-m",
        "pagefind_bin",
        "--site",
        str(site),
        "--output-subdir",
        SEARCH_BUNDLE,
        "--exclude-selectors",
        EXCLUDED,
        "--quiet",
    ]


def index(site: Path) -> int:
    """Write the search index into `site`; Pagefind's exit status (its errors go to the terminal)."""
    return subprocess.run(command(site)).returncode
