"""The built site's folder: each build goes into a staging folder beside it and is swapped in whole.

Readers, the Pages upload and the offline bundle must always find a complete
`site/`, even when a build is killed (`kill -9`, a CI timeout, a closed
terminal). MkDocs builds into `.site-staging-<pid>/`; on Linux that folder and
`site/` then trade places in one step (`renameat2` with `RENAME_EXCHANGE`), so
`site/` is the old build until the instant it is the new one, and stays a
plain folder. Where the system can't exchange two paths (another kernel, a
file system without it), `site/` is renamed aside and the new build renamed in:
two steps, with a moment between them without `site/`.

A killed build leaves at most its staging folder (or, in that fallback, the
previous site), named with its process id; the next build removes every such
folder whose process is gone.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP})
"""What renameat2 answers where the kernel or the file system can't exchange: then the fallback."""


class Unsupported(OSError):
    """The system can't exchange two paths in one step."""


def staging(site_dir: Path) -> Path:
    """Where this process builds the site before swapping it in."""
    return site_dir.with_name(f".{site_dir.name}-staging-{os.getpid()}")


def _previous(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}-previous-{os.getpid()}")


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28 and later, musl 1.1.20 and later
    except (AttributeError, OSError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    exchange: Callable[[int, bytes, int, bytes, int], int] = function
    return exchange


def exchange(first: Path, second: Path) -> None:
    """Swap what two paths name, in one step.

    Raises Unsupported where the system can't, FileNotFoundError if either is missing.
    """
    renameat2 = _renameat2()
    if renameat2 is None:
        raise Unsupported(errno.ENOSYS, "no renameat2 here")
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return
    number = ctypes.get_errno()
    if number in _UNSUPPORTED:
        raise Unsupported(number, os.strerror(number), str(first), None, str(second))
    raise OSError(number, os.strerror(number), str(first), None, str(second))


def swap_in(built: Path, site_dir: Path) -> Path | None:
    """Put the finished build `built` in place of `site_dir`; returns where the old site now is, to remove, if any."""
    try:
        exchange(built, site_dir)
        return built  # the old site, under the staging folder's name
    except FileNotFoundError:  # no site yet
        built.rename(site_dir)
        return None
    except Unsupported:
        if not site_dir.exists() and not site_dir.is_symlink():
            built.rename(site_dir)
            return None
        previous = _previous(site_dir)
        site_dir.rename(previous)
        built.rename(site_dir)
        return previous


def remove(path: Path) -> None:
    """Remove a folder this module made (a link or a file in its place too), as far as it can."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own, from a build before in it: not in use
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def leftovers(site_dir: Path) -> list[Path]:
    """The staging and previous folders beside `site_dir` of builds that were killed before they finished.

    A folder whose process still runs (a build under way, or a new process that
    got the same number) is left alone.
    """
    pattern = re.compile(rf"\.{re.escape(site_dir.name)}-(?:staging|previous)-([0-9]+)")
    try:
        entries = list(site_dir.parent.iterdir())
    except FileNotFoundError:
        return []
    return sorted(
        entry for entry in entries if (found := pattern.fullmatch(entry.name)) and not _running(int(found[1]))
    )


def remove_leftovers(site_dir: Path) -> None:
    for leftover in leftovers(site_dir):
        remove(leftover)
