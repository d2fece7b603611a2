"""MkDocs hook: the generated pages join the build straight from content/.

`mkdocs build` and `mkdocs serve` therefore always show the current YAML, and
the live preview regenerates in memory when a file under content/ changes:
nothing is written to docs/, so nothing triggers a second rebuild. Drafts are
shown in the preview only.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import json_schema, pipeline  # noqa: E402
from generator.problems import format_problems  # noqa: E402

log = logging.getLogger("mkdocs.hooks.partnership_watch")
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_files(files: Files, config) -> Files:
    root = Path(config.config_file_path).resolve().parent
    pages, problems = pipeline.render(root, include_drafts=_command == "serve")
    if pages is None:
        raise PluginError("the content has problems:\n" + "\n".join(format_problems(problems)))
    for file in list(files):
        if pipeline.is_generated(file.src_uri):
            files.remove(file)
    for src_uri, markdown in sorted(pages.items()):
        files.append(File.generated(config, src_uri, content=markdown))
    # Published so that a file anywhere can name its schema by URL.
    for name, text in json_schema.documents().items():
        files.append(File.generated(config, f"{json_schema.FOLDER}/{name}", content=text))
    return files
