"""The pre-commit hooks: which files start them, and that the commands they run pass and fail as they should."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT
from with_make import make, prepare

HOOKS = {
    hook["id"]: hook
    for repo in yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    for hook in repo["hooks"]
}


@pytest.mark.parametrize(
    "hook,path,runs",
    [
        ("validate-content", "content/analyses/some-slug.yaml", True),
        ("validate-content", "content/entities.yaml", True),
        ("validate-content", "docs/about.md", False),
        ("validate-content", "tests/fixtures/basic/content/entities.yaml", False),
        ("json-schemas", "generator/schema.py", True),
        ("json-schemas", "schema/analysis.schema.json", True),
        ("json-schemas", "generator/render.py", False),
        ("lint", "generator/render.py", True),
        ("lint", "tests/test_build.py", True),
        ("lint", "content/pages/about.md", False),
    ],
)
def test_which_files_start_a_hook(hook, path, runs):
    assert bool(re.search(HOOKS[hook]["files"], path)) is runs


def test_hooks_run_make_targets_on_the_whole_content():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for hook in HOOKS.values():
        assert hook["pass_filenames"] is False  # references cross files: a change can break a file not committed
        target = hook["entry"].split()[-1]
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target


def test_the_validate_hook_passes_clean_content_and_stops_a_broken_one(project):
    entry = HOOKS["validate-content"]["entry"].split()[1:]
    prepare(project)
    assert make(project, *entry).returncode == 0
    entities = project / "content" / "entities.yaml"
    entities.write_text(entities.read_text("utf-8").replace("fabrikam:", "fabrikom:"), "utf-8")
    result = make(project, *entry)
    assert result.returncode != 0
    assert "error: unknown partner 'fabrikam' (did you mean 'fabrikom'?)" in result.stdout
