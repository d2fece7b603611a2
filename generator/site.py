"""The published site as the feeds, the open data and the page metadata address it.

On the web every URL is absolute; the offline edition has no address, and its
URLs are relative to the root of the bundle.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass


@dataclass(frozen=True)
class Site:
    name: str
    url: str
    """The address of the home page, ending in '/'; empty for the offline edition, which has none."""
    description: str
    language: str = "en"
    directory_urls: bool = True

    @classmethod
    def of(
        cls, name: str, url: str | None, description: str | None, language: str = "en", directory_urls: bool = True
    ) -> Site:
        url = url or ""
        if url and not url.endswith("/"):
            url += "/"
        return cls(name, url, description or "", language, directory_urls)

    @property
    def on_the_web(self) -> bool:
        """Whether pages have absolute addresses, which feeds and search engines need."""
        return bool(self.url)

    def page(self, path: str) -> str:
        """The URL of a page given by its path under docs/, as MkDocs writes it."""
        stem, _ = posixpath.splitext(path)
        if not self.directory_urls:
            return f"{self.url}{stem}.html"
        if stem == "index":
            return self.url or "./"
        if stem.endswith("/index"):
            stem = stem[: -len("/index")]
        return f"{self.url}{stem}/"

    def file(self, path: str) -> str:
        """The absolute URL of a file that is published as it is (feeds, exports)."""
        return self.url + path
