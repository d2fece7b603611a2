"""Runs `python -m generator ARGS...` and kills it with SIGKILL just before one step of its work on the project.

    python tests/killed_build.py N STEPS_FILE --root PROJECT site

A step is a file moved into place (`os.replace`: a page written), a folder renamed or swapped
(`os.rename`, `generator.sitedir.exchange`), an entry removed (`os.unlink`, `os.rmdir`), MkDocs
returning from its build ("built") or Pagefind from indexing it ("indexed"), all inside the project folder. Each step is appended to
STEPS_FILE, numbered, as it is about to happen, and the process kills itself (as `kill -9` would)
before step N. With N = 0 it kills nothing: a first run lists the steps to choose from.
It hooks the standard library's functions, not the generator's, so it can kill any version of it.
"""

from __future__ import annotations

import os
import runpy
import shutil  # imported before the hooks, so that rmtree chooses its functions as it would without them
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    kill_before, steps_file, args = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]
    project = Path(args[args.index("--root") + 1]).resolve()
    log = steps_file.open("a", encoding="utf-8")
    count = 0

    def step(kind: str, what: object) -> None:
        nonlocal count
        count += 1
        log.write(f"{count} {kind} {what}\n")
        log.flush()
        if count == kill_before:
            os.kill(os.getpid(), signal.SIGKILL)

    def inside(path: Any) -> bool:
        try:
            return Path(os.fsdecode(path)).resolve().is_relative_to(project)
        except (TypeError, ValueError):
            return False

    def hooked(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            if kwargs.get("dir_fd") is not None or (args and inside(args[0])):  # rmtree passes names relative to dir_fd
                step(name, os.fsdecode(args[0]) if args else "")
            return function(*args, **kwargs)

        return run

    for name in ("replace", "rename", "unlink", "rmdir"):
        setattr(os, name, hooked(name, getattr(os, name)))

    run_process = subprocess.run

    def run_and_step(*args: Any, **kwargs: Any) -> Any:
        result = run_process(*args, **kwargs)
        command = args[0] if args else kwargs.get("args", ())
        step("indexed" if "pagefind_bin" in command else "built", result.returncode)
        return result

    subprocess.run = run_and_step  # type: ignore[assignment]

    sys.path.insert(0, str(ROOT))
    try:
        from generator import sitedir  # type: ignore[attr-defined]
    except ImportError:  # a version of the generator without it
        pass
    else:
        sitedir.exchange = hooked("exchange", sitedir.exchange)

    sys.argv = ["generator", *args]
    assert shutil  # used for its side effect above
    runpy.run_module("generator", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main()
