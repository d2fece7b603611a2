"""Hand-written pages in two editions: the site on the web, and the offline one read from disk.

A passage that is true only of the web edition (the feeds, which need the
site's address) goes between two marker lines, each alone on its line:

    <!-- web edition only -->
    Every page advertises the publication's feeds ...
    <!-- end web edition only -->

The web edition keeps the passage and drops the markers; the offline edition
drops both. Generated pages never contain the markers: content text reaches
Markdown escaped.
"""

from __future__ import annotations

START = "<!-- web edition only -->"
END = "<!-- end web edition only -->"


class MarkerError(ValueError):
    """Markers that don't pair up; the message names the page and the line."""

    def __init__(self, page: str, line: int, message: str):
        super().__init__(f"{page}:{line}: {message}")
        self.page, self.line, self.message = page, line, message


def for_edition(markdown: str, on_the_web: bool, page: str) -> str:
    """The Markdown of a hand-written page as the given edition shows it."""
    if START not in markdown and END not in markdown:
        return markdown
    kept: list[str] = []
    opened_at = 0
    for number, line in enumerate(markdown.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker not in (START, END) and (START in line or END in line):
            raise MarkerError(page, number, "a web-edition marker must be alone on its line")
        if marker == START:
            if opened_at:
                raise MarkerError(page, number, f"'{START}' inside the passage opened on line {opened_at}")
            opened_at = number
        elif marker == END:
            if not opened_at:
                raise MarkerError(page, number, f"'{END}' without '{START}' before it")
            opened_at = 0
        elif on_the_web or not opened_at:
            kept.append(line)
    if opened_at:
        raise MarkerError(page, opened_at, f"'{START}' is never closed by '{END}'")
    return "".join(kept)
