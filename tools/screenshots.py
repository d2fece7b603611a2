"""`make screenshots`: a full-page screenshot of every kind of page (tools/page_kinds.py) at each width, in both
editions, into dist/screenshots/ (`web/analysis-1280.png`, `offline/analysis-390.png`), for a reviewer to look
at. Nothing compares them: a change of look is judged by eye.

It reads what `make site` and `make offline` made: `site/` is served on 127.0.0.1 under the path of its
`site_url` (its 404 page names its assets from there), and the offline zip is unpacked and read from disk.
Chromium is Debian's, driven by the dev lock's Playwright, and no request may leave the machine.
"""

from __future__ import annotations

import functools
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.search import CHROMIUM, CHROMIUM_ARGS
from bench.serving import serving
from generator import offline
from generator.paths import OFFLINE_TREE, WEB_TREE, edition
from tools import page_kinds

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = "dist/screenshots"
HEIGHT = 900
"""The window's height; a full-page screenshot is as tall as the page."""
LOCAL_SCHEMES = {"file", "data", "blob", "about"}
EDITIONS = ("web", "offline")


@dataclass(frozen=True)
class Shot:
    edition: str
    """'web' or 'offline'."""
    kind: str
    page: str
    """As in the edition's tree without `.md` (`partners/contoso`)."""
    width: int

    @property
    def file(self) -> str:
        """Where it goes under the output folder."""
        return f"{self.edition}/{self.kind}-{self.width}.png"


@dataclass(frozen=True)
class Plan:
    shots: list[Shot]
    missing: list[str]
    """`<edition>: <kind>` for each kind of page the edition's tree has no page of."""


def plan(trees: dict[str, Path]) -> Plan:
    """The shots to take of each edition whose tree (`docs/`, `dist/offline-docs/`) `trees` names."""
    shots, missing = [], []
    for name, tree in trees.items():
        found = page_kinds.samples(tree, web=name == "web")
        for kind in page_kinds.KINDS:
            if kind.web_only and name != "web":
                continue
            if kind.name not in found:
                missing.append(f"{name}: {kind.name}")
                continue
            shots.extend(Shot(name, kind.name, found[kind.name], width) for width in page_kinds.WIDTHS)
    return Plan(shots, missing)


@dataclass(frozen=True)
class Home:
    """Where an edition is read from: its home page's URL, and whether its pages are folders (`partners/x/`)."""

    url: str
    directory_urls: bool


def take(browser, shots: list[Shot], homes: dict[str, Home], output: Path) -> list[Path]:
    """Take every shot with `browser` (Playwright's Chromium) and return the files written under `output`.

    Each page is shot once its requests have stopped (`networkidle`), with animations at their end.
    """
    written = []
    for name, home in homes.items():
        allowed = {urlsplit(home.url).netloc} - {""}
        for width in page_kinds.WIDTHS:
            context = browser.new_context(viewport={"width": width, "height": HEIGHT})
            context.route("**/*", functools.partial(_local_only, allowed=allowed))
            page = context.new_page()
            try:
                for shot in shots:
                    if shot.edition != name or shot.width != width:
                        continue
                    page.goto(page_kinds.url(home.url, shot.page, home.directory_urls), wait_until="networkidle")
                    target = output / shot.file
                    target.parent.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=target, full_page=True, animations="disabled")
                    written.append(target)
            finally:
                context.close()
    return written


def _local_only(route, allowed: set[str]) -> None:
    parts = urlsplit(route.request.url)
    if parts.scheme in LOCAL_SCHEMES or (parts.scheme == "http" and parts.netloc in allowed):
        route.continue_()
    else:
        route.abort()


@contextmanager
def served_at_its_path(site: Path, site_url: str) -> Iterator[str]:
    """`site` served on 127.0.0.1 under the path of `site_url` (`/partnership-watch/`); yields the home's URL."""
    path = urlsplit(site_url).path.strip("/")
    with tempfile.TemporaryDirectory() as folder:
        served = Path(folder)
        if path:
            mount = served / path
            mount.parent.mkdir(parents=True, exist_ok=True)
            mount.symlink_to(site.resolve(), target_is_directory=True)
        with serving(served if path else site) as address:
            yield address + (f"{path}/" if path else "")


def unpacked(bundle: Path, folder: Path) -> str:
    """The offline zip unpacked into `folder`, as a reader would; the file:// URL of its home page (in the zip's
    one top folder)."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    return (folder / bundle.stem / "index.html").as_uri()


def main(root: Path = ROOT) -> int:
    site, bundle = root / "site", offline.default_zip(root)
    unbuilt = [str(path.relative_to(root)) for path in (site, bundle) if not path.exists()]
    if unbuilt:
        print(f"error: {', '.join(unbuilt)} missing: run make site and make offline", file=sys.stderr)
        return 1
    planned = plan({"web": root / WEB_TREE, "offline": root / OFFLINE_TREE})
    for missing in planned.missing:
        print(f"warning: no page of this kind to photograph: {missing}", file=sys.stderr)
    output = root / OUTPUT
    shutil.rmtree(output, ignore_errors=True)  # no shot of a kind of page that is gone
    web, offline_edition = edition(root), edition(root, "offline")
    from playwright.sync_api import sync_playwright

    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        homes = {
            "web": Home(stack.enter_context(served_at_its_path(site, web.url)), web.directory_urls),
            "offline": Home(unpacked(bundle, folder), offline_edition.directory_urls),
        }
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        written = take(browser, planned.shots, homes, output)
    for path in written:
        print(path.relative_to(root))
    print(f"{len(written)} screenshots in {OUTPUT}/", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
