"""The live preview's server: MkDocs' `LiveReloadServer`, building what browsers show first, then the rest.

After a change, the first pass builds the pages browsers asked for lately
(`Viewed`) and reloads the browsers that show one of them; page requests wait
for it, as they wait for any build in `mkdocs serve`. The second pass builds
the rest of the site while pages are served, then reloads only the browsers
showing a page it changed (`Reloads`). A change while it runs cuts it short
(`Preview.second_pass`), and the next change's passes build what it left. The
precedent is Hugo's "fast render mode", which renders the pages being
visited first.

What this relies on in MkDocs' server beyond its public methods: its build
loop's conditions and epochs (`_rebuild_cond`, `_want_rebuild`, `_epoch_cond`,
`_wanted_epoch`, `_visible_epoch`, `_shutdown`, `build_delay`,
`shutdown_delay`), and `_serve_request`, whose `/livereload/<epoch>/<id>`
answers the script it puts in every page.
"""

from __future__ import annotations

import logging
import re
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections import OrderedDict
from collections.abc import Callable, Iterable
from os.path import isfile, join
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from .preview import POLLING_INTERVAL, WATCHED, Built, Preview

log = logging.getLogger("mkdocs.partnership_watch.preview")

BUILDING = "Building documentation..."
"""What the log says as a build (a pass) begins, as `mkdocs serve` says it."""
SHOWN = "Shown"
"""What the log says once the first pass has built the pages browsers show: 'Shown: …'."""
SETTLED = "Settled"
"""What the log says once the whole site is built: 'Settled: …'."""
_POLL = re.compile(r"/livereload/([0-9]+)/[0-9]+")


class Viewed:
    """The pages browsers asked for lately, most recent first, by their address relative to the home page's.

    As Hugo's fast render mode keeps the last ten pages visited, so does this: a page shown in a browser asks
    again whenever its script's wait for a change ends (a minute at most), and stays among them.
    """

    LIMIT = 10

    def __init__(self) -> None:
        self._pages: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, address: str) -> None:
        with self._lock:
            self._pages.pop(address, None)
            self._pages[address] = None
            while len(self._pages) > self.LIMIT:
                self._pages.popitem(last=False)

    def recent(self) -> list[str]:
        with self._lock:
            return list(reversed(self._pages))


class Reloads:
    """When each page last changed, as an epoch of the server: a browser showing a page loaded at an earlier
    epoch reloads it, and no other browser reloads."""

    def __init__(self, epoch: int) -> None:
        self._every_page = epoch
        """The last epoch at which every page changed."""
        self._pages: dict[str, int] = {}
        self._latest = epoch

    def changed(self, built: Built, epoch: int) -> None:
        if built.everything:
            self._every_page = epoch
        for page in built.pages:
            self._pages[page] = epoch
        if built.everything or built.pages:
            self._latest = epoch

    def since(self, page: str | None, epoch: int) -> int | None:
        """The epoch at which `page` changed after `epoch`, if it did; for a page not named, any page's."""
        changed = self._latest if page is None else max(self._every_page, self._pages.get(page, 0))
        return changed if changed > epoch else None


def _address(url: str, mount_path: str) -> str | None:
    """A page's address relative to the home page's, from a request's path or a Referer; None for other files."""
    path = urlsplit(url).path
    if not path.startswith(mount_path) or not (path.endswith("/") or path.endswith(".html")):
        return None
    return path[len(mount_path) :]


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, building a `Preview` in two passes (see the module's description)."""

    def __init__(self, preview: Preview, site_dir: str, **options: Any) -> None:
        # MkDocs' own build loop, the one caller of `builder`, is replaced by `_build_loop`.
        super().__init__(builder=lambda: preview.build(site_dir), root=site_dir, **options)
        self.preview, self.site_dir = preview, site_dir
        self.viewed = Viewed()
        self.reloads = Reloads(self._visible_epoch)

    def _serve_request(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        poll = _POLL.fullmatch(path)
        if poll is not None:
            page = _address(environ.get("HTTP_REFERER") or "", self.mount_path)
            if page is not None:
                self.viewed.note(page)
            return self._answer_poll(page, int(poll[1]), start_response)
        page = _address(path, self.mount_path)
        if page is not None:
            self.viewed.note(page)
        result: Iterable[bytes] | None = super()._serve_request(environ, start_response)
        return result

    def _answer_poll(self, page: str | None, epoch: int, start_response: Callable[..., Any]) -> list[bytes]:
        """Answer the script of a page loaded at `epoch` once the page changes (or after a while, with its own
        epoch): a newer epoch reloads it."""
        start_response("200 OK", [("Content-Type", "text/plain")])
        with self._epoch_cond:
            self._epoch_cond.wait_for(
                lambda: self.reloads.since(page, epoch) is not None, timeout=self.poll_response_timeout
            )
            return [b"%d" % (self.reloads.since(page, epoch) or epoch)]

    def _build_loop(self) -> None:
        while True:
            with self._rebuild_cond:
                while not self._rebuild_cond.wait_for(
                    lambda: self._want_rebuild or self._shutdown, timeout=self.shutdown_delay
                ):
                    pass  # a timeout now and then, as MkDocs' loop has, lets a KeyboardInterrupt through
                if self._shutdown:
                    break
                log.info("Detected file changes")
                while self._rebuild_cond.wait(timeout=self.build_delay):
                    log.debug("Waiting for file changes to stop happening")
                self._wanted_epoch = _timestamp()
                self._want_rebuild = False
            self._passes()

    def _passes(self) -> None:
        """The two passes after a change. Page requests wait for the first, as MkDocs' own loop has them wait
        for a build (and for ever, after an error, until a change builds); the second runs while they are
        served."""
        started = time.perf_counter()
        log.info(BUILDING)
        try:
            first = self.preview.first_pass(self.site_dir, self.viewed.recent())
        except Exception:
            traceback.print_exc()
            log.error("An error happened during the rebuild. The server will appear stuck until it is fixed.")
            return
        self._show(first or Built(), self._wanted_epoch)
        log.info(f"{SHOWN}: {_pages(first)} viewed lately, in {time.perf_counter() - started:.2f} s")
        if first is None:
            return
        log.info(BUILDING)
        try:
            rest = self.preview.second_pass(self.site_dir, superseded=lambda: self._want_rebuild)
        except Exception:
            traceback.print_exc()
            log.error("An error happened while the rest of the site was built; the next change builds it.")
            return
        self._show(rest, _timestamp())
        if self.preview.unsettled:
            log.info(f"A newer change: {_pages(rest)} more built, the rest follows it")
        else:
            log.info(f"{SETTLED}: {_pages(rest)} more, in {time.perf_counter() - started:.2f} s in all")

    def _show(self, built: Built, epoch: int) -> None:
        """Serve the site as built now, and have the browsers showing a page it changed reload it."""
        with self._epoch_cond:
            self.reloads.changed(built, epoch)
            self._visible_epoch = self._wanted_epoch = epoch
            log.info("Reloading browsers")
            self._epoch_cond.notify_all()


def _pages(built: Built | None) -> str:
    if built is None:
        return "no page"
    count = len(built.pages)
    return f"{count} page{'s' if count != 1 else ''}{' (and every page: the theme or assets)' * built.everything}"


def _timestamp() -> int:
    """An epoch, as MkDocs' server counts them."""
    return round(time.monotonic() * 1000)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(root: Path, dev_addr: str, verbose: bool = False) -> int:
    """Serve the preview on `dev_addr` (host:port) until interrupted (Ctrl-C, or a SIGTERM as `kill` sends: either
    way the preview writes the cache of checked files and removes its folders)."""
    signal.signal(signal.SIGTERM, _interrupt)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(levelname)-7s -  %(message)s")
    host, _, port = dev_addr.rpartition(":")
    url = f"http://{host}:{port}/"
    tree = Path(tempfile.mkdtemp(prefix="partnership-watch-preview-"))
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    preview = Preview(root, tree, url)
    log.debug(f"The preview's tree (what MkDocs builds from): {tree}")
    log.debug(f"The preview's site (what it serves): {site_dir}")
    server = PreviewServer(
        preview, site_dir, host=host, port=int(port), mount_path="/", polling_interval=POLLING_INTERVAL
    )

    def error_page(code: int) -> bytes | None:
        page = join(site_dir, f"{code}.html")
        if code in (404, 500) and isfile(page):
            return Path(page).read_bytes()
        return None

    server.error_handler = error_page
    try:
        log.info(BUILDING)
        preview.build(site_dir)
        log.info(f"{SETTLED}: every page")
        for name in WATCHED:
            if (root / name).exists():
                server.watch(str(root / name))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        finally:
            server.shutdown()
            preview.close()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        shutil.rmtree(tree, ignore_errors=True)
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0
