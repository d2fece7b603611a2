"""The floor: libyaml (PyYAML's CSafeLoader) reading the same files and doing nothing else.

Run as its own process, like the commands it is compared with:
`python -m bench.floor PROJECT parse|compose`. `parse` pulls every event, which
is what the generator's loader does; `compose` also builds libyaml's node tree.
Prints the seconds spent reading and parsing, without interpreter start-up.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml


def main(project: Path, how: str) -> None:
    started = time.perf_counter()
    paths = sorted((project / "content").rglob("*.yaml"))
    for path in paths:
        text = path.read_bytes().decode("utf-8-sig")
        if how == "parse":
            for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass
        else:
            yaml.compose(text, Loader=yaml.CSafeLoader)
    print(f"{time.perf_counter() - started:.4f} {len(paths)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
