"""`make screenshots` takes its shots (tools/screenshots.py) on the fixture's two editions: a few kinds of page,
enough to cover both editions and both widths; tests/test_screenshots.py checks the whole plan."""

from __future__ import annotations

import struct

from tools import page_kinds, screenshots

PNG = b"\x89PNG\r\n\x1a\n"


def size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG's header (its first chunk, IHDR)."""
    assert png.startswith(PNG) and png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_full_page_screenshots_at_each_width_in_both_editions(
    browser, public_site, offline_zip, offline_home, tmp_path
):
    home, site = public_site
    planned = screenshots.plan({"web": site.parent / "docs", "offline": offline_zip.parent / "offline-docs"})
    shots = [shot for shot in planned.shots if shot.kind in ("analysis", "not-found")]
    homes = {"web": screenshots.Home(home, directory_urls=True), "offline": screenshots.Home(offline_home, False)}
    written = screenshots.take(browser, shots, homes, tmp_path)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in written) == sorted(
        [f"web/{kind}-{width}.png" for kind in ("analysis", "not-found") for width in page_kinds.WIDTHS]
        + [f"offline/analysis-{width}.png" for width in page_kinds.WIDTHS]
    )
    for shot in shots:
        width, height = size((tmp_path / shot.file).read_bytes())
        assert width == shot.width, shot
        assert height >= screenshots.HEIGHT, shot
    _, height = size((tmp_path / "web/analysis-390.png").read_bytes())
    assert height > 3 * screenshots.HEIGHT, "not the full page"
