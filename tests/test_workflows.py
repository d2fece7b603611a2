"""The GitHub workflows: hardened (zizmor finds nothing), valid (GitHub's workflow schema), and doing their jobs."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*\s*$")


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true


def steps(workflow: dict):
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


ALL = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))


def test_the_workflows_exist():
    assert {"pr.yml", "publish.yml"} <= set(ALL)


def test_zizmor_finds_nothing():
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path):
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        """\
on: pull_request_target
jobs:
  greet:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
""",
        "utf-8",
    )
    result = zizmor(unsafe.parent)
    assert result.returncode != 0
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked"):
        assert audit in result.stdout, audit


def test_workflows_match_githubs_schema():
    files = [str(WORKFLOWS / name) for name in ALL]
    result = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    dependabot = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.dependabot",
            str(ROOT / ".github" / "dependabot.yml"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dependabot.returncode == 0, dependabot.stdout + dependabot.stderr


@pytest.mark.parametrize("name", ALL)
def test_every_action_is_pinned_by_sha_with_its_version(name):
    lines = [line for line in (WORKFLOWS / name).read_text("utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines
    for line in lines:
        assert PINNED.match(line), line


@pytest.mark.parametrize("name", ALL)
def test_hardening(name):
    workflow = load(name)
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert "permissions" in job, job_name
        for scope, level in job["permissions"].items():
            if level == "write":
                assert (name, job_name, scope) in {
                    ("publish.yml", "deploy", "pages"),
                    ("publish.yml", "deploy", "id-token"),
                }
    for job_name, step in steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in step.get("run", ""), f"{job_name}: pass context through env:, not inside run:"


def test_pull_request_workflow_checks_builds_and_summarizes():
    workflow = load("pr.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["jobs"]["check"]["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for _, step in steps(workflow))
    for command in (
        ".venv/bin/python -m generator validate --format github",
        "make test",
        "make site",
        "make offline",
        '.venv/bin/python -m generator diff "origin/$BASE_REF" >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in runs, command
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for _, step in steps(workflow)
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {"site-preview": "site/", "offline-bundle": "dist/*-offline.zip"}
    summary = next(step for _, step in steps(workflow) if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    assert summary["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    checkout = next(step for _, step in steps(workflow) if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, for the diff


def test_publish_workflow_deploys_to_pages_one_at_a_time():
    workflow = load("publish.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [step.get("uses", "").split("@")[0] for _, step in steps(workflow)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    bundle = [step for _, step in steps(workflow) if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["path"] for step in bundle] == ["dist/*-offline.zip"]


def test_every_make_target_the_workflows_use_exists():
    defined = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text("utf-8"), re.MULTILINE))
    used = {
        target
        for name in ("pr.yml", "publish.yml")
        for _, step in steps(load(name))
        for target in re.findall(r"^make (\S+)", step.get("run", ""), re.MULTILINE)
    }
    assert used == {"install", "site", "offline", "test"}
    assert used <= defined
