"""The offline edition: the published site built for file:// and packed into one reproducible zip.

The same content gives the same bytes: entries are sorted, every entry carries
the edition's date and fixed permissions, and the build sees that date as its
SOURCE_DATE_EPOCH, so nothing depends on when or where the zip was made.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from . import offline_search
from .atomic import remove_temporaries, write_atomic
from .model import Content
from .paths import edition

# A sitemap lists web addresses, and the offline edition has none.
LEFT_OUT = frozenset({"sitemap.xml", "sitemap.xml.gz"})
# The earliest date a zip entry can carry.
ZIP_EPOCH = dt.date(1980, 1, 1)
FILE_MODE = stat.S_IFREG | 0o644
FOLDER_MODE = stat.S_IFDIR | 0o755

Build = Callable[[Path, dict[str, str]], int]
"""Builds the site with the offline config into the given folder, with extra environment variables."""


def bundle_name(root: Path) -> str:
    """`<site name as a slug>-offline`: the zip's file name and its one top folder."""
    site_name = edition(root, "offline").name
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-")
    return f"{slug}-offline"


def default_zip(root: Path) -> Path:
    """Where `python -m generator offline` writes the zip unless told otherwise: `dist/<bundle name>.zip`."""
    return root / "dist" / f"{bundle_name(root)}.zip"


def edition_date(content: Content) -> dt.date:
    """The day the newest published analysis was published or updated."""
    return max((a.last_modified for a in content.published), default=ZIP_EPOCH)


def source_date_epoch(date: dt.date) -> str:
    return str(int(dt.datetime.combine(date, dt.time(), dt.UTC).timestamp()))


def pack(site_dir: Path, folder: str, date: dt.date) -> bytes:
    """The zip of `site_dir`, every entry under `folder/`, in path order, dated `date`."""
    day = max(date, ZIP_EPOCH)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    members: dict[str, Path | None] = {f"{folder}/": None}
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir).as_posix()
        if relative not in LEFT_OUT:
            members[f"{folder}/{relative}/" if path.is_dir() else f"{folder}/{relative}"] = path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, member in sorted(members.items()):
            if member is None or member.is_dir():
                archive.writestr(_entry(name, stamp, FOLDER_MODE), b"")
            else:
                archive.writestr(
                    _entry(name, stamp, FILE_MODE),
                    member.read_bytes(),
                    compress_type=zipfile.ZIP_DEFLATED,
                    compresslevel=9,
                )
    return buffer.getvalue()


def _entry(name: str, stamp: tuple[int, int, int, int, int, int], mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.create_system = 3  # Unix, so that unzip applies the permissions below
    info.external_attr = mode << 16
    if stat.S_ISDIR(mode):
        info.external_attr |= 0x10  # the MS-DOS directory flag
    return info


def make(root: Path, content: Content, build: Build, output: Path) -> int:
    """Build the offline site into a temporary folder and write its zip to `output`."""
    date = edition_date(content)
    with tempfile.TemporaryDirectory(prefix="offline-") as temporary:
        site_dir = Path(temporary) / "site"
        if build(site_dir, {"SOURCE_DATE_EPOCH": source_date_epoch(date)}) != 0:
            return 1
        offline_search.rewrite(site_dir)
        remove_temporaries(output)  # those of a run killed while it wrote the zip
        write_atomic(output, pack(site_dir, bundle_name(root), date))
    return 0
