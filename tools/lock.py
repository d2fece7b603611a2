"""Re-pin the two locks from the ranges in pyproject.toml, with the hash of every file of each pinned version.

Run it with `make lock`. pyproject.toml stays the one place where the ranges are:

- requirements.lock: what builds the site, `[project] dependencies` and theirs. `make site`
  (and every target that only runs the generator) installs only this, and so does the
  job that publishes the site.
- requirements-dev.lock: the tools that check the code (tests, browser, linters, benchmarks),
  every extra of `[project.optional-dependencies]` and theirs, resolved with requirements.lock
  as a constraint so that a package both need has one version. `make test`, `make check` and
  `make bench` install it on top.

pip-compile (pip-tools, installed in a throwaway virtual environment) resolves both afresh
from the package index and writes, for each pinned version, the sha256 of every file the
index has of it (every platform's wheel and the sdist); `pip install --require-hashes`
then refuses a file the lock did not name, and any dependency the lock left out. The
locks are resolved for the Python that runs this script: use 3.11, the one CI runs.
requirements-zensical.lock follows requirements.lock: run `make lock-zensical` after this.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import tomllib
import venv
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PIP_TOOLS = "pip-tools==7.6.2"
SITE_LOCK = "requirements.lock"
DEV_LOCK = "requirements-dev.lock"
HEADERS = {
    SITE_LOCK: "# What builds the site: pyproject.toml's [project] dependencies and theirs, every file's hash.\n"
    "# Re-pin with `make lock`; install with `pip install --require-hashes -r requirements.lock`.\n",
    DEV_LOCK: "# The tools that check the code (pyproject.toml's optional dependencies: tests, browser, linters,\n"
    "# benchmarks) and theirs, every file's hash, at the versions of requirements.lock where both have a\n"
    "# package. Re-pin with `make lock`; install after requirements.lock, with --require-hashes.\n",
}
SOURCES = {SITE_LOCK: "pyproject.toml (dependencies)", DEV_LOCK: "pyproject.toml (optional-dependencies)"}


def inputs(pyproject: dict[str, Any]) -> dict[str, str]:
    """The input of pip-compile for each lock (lock file name -> requirements), from pyproject.toml's ranges."""
    project = pyproject["project"]
    site = list(project["dependencies"])
    tools = [requirement for extra in project.get("optional-dependencies", {}).values() for requirement in extra]
    return {SITE_LOCK: "\n".join(site) + "\n", DEV_LOCK: "\n".join([f"-c {SITE_LOCK}", *tools]) + "\n"}


def compile_lock(pip_compile: Path, folder: Path, lock: str, requirements: str) -> str:
    """pip-compile's lock of `requirements`, resolved afresh in `folder`, its input named after pyproject.toml."""
    source = folder / lock.replace(".lock", ".in")
    source.write_text(requirements, "utf-8")
    subprocess.run(
        [
            str(pip_compile),
            "--quiet",
            "--generate-hashes",
            "--allow-unsafe",
            "--strip-extras",
            "--no-emit-index-url",
            "--no-emit-find-links",
            "--no-emit-trusted-host",
            "--output-file",
            lock,
            source.name,
        ],
        cwd=folder,
        env={**os.environ, "CUSTOM_COMPILE_COMMAND": "make lock"},  # what the lock's header says made it
        check=True,
    )
    text = (folder / lock).read_text("utf-8").replace(f"-r {source.name}", SOURCES[lock])
    return HEADERS[lock] + text


def main() -> int:
    if sys.version_info[:2] != (3, 11):
        print(f"note: resolving for Python {sys.version_info[0]}.{sys.version_info[1]}; CI runs 3.11", file=sys.stderr)
    wanted = inputs(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8")))
    with tempfile.TemporaryDirectory(prefix="lock-") as temporary:
        folder = Path(temporary)
        tools = folder / "venv"
        venv.create(tools, with_pip=True)
        pip = [str(tools / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, PIP_TOOLS], check=True)
        locks: dict[str, str] = {}
        for lock in (SITE_LOCK, DEV_LOCK):  # the site's first: the other is constrained by it
            locks[lock] = compile_lock(tools / "bin" / "pip-compile", folder, lock, wanted[lock])
    for lock, text in locks.items():  # both or neither
        (ROOT / lock).write_text(text, "utf-8")
        print(f"{lock}: written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
