"""Gives back to the system what a build let go of, before `site` waits for MkDocs and Pagefind.

The machine then needs what this process still holds plus what they hold. Python frees
the files and the content a build made, but the C library keeps most of that memory for
the process to use again (at 10,000 analyses, 0.8 GB of it): `malloc_trim` returns the
free pages (glibc; elsewhere nothing is done).
"""

from __future__ import annotations

import ctypes
import gc

from . import reading, render, text


def release() -> None:
    """Let go of what the build's caches hold of the content, and give the freed memory back."""
    reading.word_count.cache_clear()  # keyed by analysis: it holds up to 4,096 of them, with all their text
    # Tens of thousands of small strings, made late and kept, each keeping an arena of Python's allocator in
    # use: at 10,000 analyses this process held 350 MiB (303 arenas of 1 MiB for 65 MB of objects) while
    # MkDocs and Pagefind ran, and 181 MiB (160 arenas for 16 MB) without them.
    text.forget()
    render.forget()
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc
        return
    trim(0)
