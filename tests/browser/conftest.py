"""Browser fixtures: Debian's Chromium driven by Playwright, the public site on 127.0.0.1, the offline
edition unpacked on disk, and a record of every request a test's pages make.

Without Chromium these tests skip, saying why; under CI=true they fail instead, since CI installs it.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import pytest
from projects import make_project, run_generator

from bench.search import CHROMIUM_ARGS  # the benchmark's browser runs as the tests' does
from bench.serving import serving
from tools import page_kinds

CHROMIUM = Path("/usr/bin/chromium")
# Schemes that never leave the machine: files, inline data, in-page blobs and blank frames.
LOCAL_SCHEMES = {"file", "data", "blob", "about"}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}; under CI=true the browser tests must run", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> tuple[str, Path]:
    """The basic fixture's public site served on 127.0.0.1 at a free port: its base URL and folder.

    It is built for that address, as the real site is built for the address it is published at:
    its absolute URLs (canonical, feeds) then name the server it is read from, as they do on the web.
    """
    with built_and_served(make_project(tmp_path_factory.mktemp("public") / "project")) as served:
        yield served


@contextmanager
def built_and_served(project: Path, **environment: str) -> Iterator[tuple[str, Path]]:
    """`project`'s public site built with `python -m generator site` for, and served at, 127.0.0.1 on a free
    port (with `environment` set for the build): its base URL and folder."""
    with serving(project / "site") as address:
        with pytest.MonkeyPatch.context() as patch:
            for name, value in {"SITE_URL": address, **environment}.items():
                patch.setenv(name, value)
            result = run_generator(project, "site")
        assert result.returncode == 0, result.stdout + result.stderr
        yield address, project / "site"


def built_offline(project: Path, folder: Path, **environment: str) -> str:
    """`project`'s offline edition built with `python -m generator offline` (with `environment` set) and unpacked
    into `folder`; the file:// URL of its index.html."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        result = run_generator(project, "offline")
    assert result.returncode == 0, result.stderr
    return unpacked(project / "dist" / "partnership-watch-offline.zip", folder)


def unpacked(offline_zip: Path, folder: Path) -> str:
    """The offline edition unpacked into `folder` as a reader would; the file:// URL of its index.html."""
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(folder)
    return (folder / "partnership-watch-offline" / "index.html").as_uri()


@pytest.fixture(scope="session")
def offline_home(offline_zip, tmp_path_factory) -> str:
    """The offline edition unpacked as a reader would; the file:// URL of its index.html."""
    return unpacked(offline_zip, tmp_path_factory.mktemp("unpacked"))


@pytest.fixture(scope="session")
def sample_pages(public_site) -> dict[str, str]:
    """Every kind of page (tools/page_kinds.py) -> the fixture's page that stands for it. Both editions are made
    from the same fixture, so they have the same pages (the web edition's 404 page aside). Its listings all fit
    on their pages: test_paged_pages.py covers the pages below them."""
    _, site = public_site
    found = page_kinds.samples(site.parent / "docs")
    unpaged = {kind.name for kind in page_kinds.KINDS if kind not in page_kinds.PAGED}
    assert set(found) == unpaged, "the fixture lacks a kind of page, or has a paged listing"
    return found


@dataclass(frozen=True)
class Edition:
    """One way the publication reaches readers: the public site over HTTP, or the offline one from disk."""

    name: str
    home: str
    allowed_hosts: frozenset[str]
    directory_urls: bool
    folder: Path
    """Where its files are on disk."""

    def url(self, page: str) -> str:
        """The URL of a page named as under docs/ without `.md`: `index`, `archive/index`, `analyses/<slug>`."""
        return page_kinds.url(self.home, page, self.directory_urls)


def edition_of(request, public_site: str, offline_home: str) -> Edition:
    """The edition the test is parametrized with ("public" or "offline"), from the named fixtures: a served
    site's (base URL, folder), an unpacked offline edition's home URL."""
    if request.param == "public":
        home, folder = request.getfixturevalue(public_site)
        return Edition("public", home, frozenset({urlsplit(home).netloc}), directory_urls=True, folder=folder)
    home = request.getfixturevalue(offline_home)
    return Edition(
        "offline", home, frozenset(), directory_urls=False, folder=Path(url2pathname(urlsplit(home).path)).parent
    )


@pytest.fixture(params=["public", "offline"])
def edition(request) -> Edition:
    return edition_of(request, "public_site", "offline_home")


@dataclass
class Requests:
    """Every URL that the pages of one test asked for, and which of them left the machine."""

    allowed_hosts: set[str]
    urls: list[str] = field(default_factory=list)

    def leaving(self) -> list[str]:
        return [url for url in self.urls if not self.stays_local(url)]

    def stays_local(self, url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme in LOCAL_SCHEMES or (parts.scheme == "http" and parts.netloc in self.allowed_hosts)


@pytest.fixture
def requests(edition) -> Requests:
    return Requests(set(edition.allowed_hosts))


@pytest.fixture
def context_options() -> dict:
    """Options for the browser context (viewport, colour scheme); a test overrides it with parametrize."""
    return {}


@pytest.fixture
def context(browser, requests, context_options):
    """A fresh browser context that records every request of its pages (frames and workers
    included) and refuses to send one that would leave the machine; the test fails on any."""
    opened = browser.new_context(**context_options)
    opened.on("request", lambda sent: requests.urls.append(sent.url))
    opened.route("**/*", lambda route: route.continue_() if requests.stays_local(route.request.url) else route.abort())
    yield opened
    opened.close()
    assert not requests.leaving(), f"requests left the machine: {requests.leaving()}"


@pytest.fixture
def page(context):
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    return opened
