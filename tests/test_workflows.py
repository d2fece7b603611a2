"""The GitHub workflows: hardened (zizmor finds nothing), valid (GitHub's workflow schema), and doing their jobs.

What a workflow does is read from its parsed YAML, by what its steps run (a make target,
a generator command, pytest) rather than by their exact command lines.
"""

from __future__ import annotations

import fnmatch
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from generator import offline

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
SITE_DIR = "site"
"""Where `python -m generator site` (`make site`) builds the site."""
OFFLINE_ZIP = f"dist/{offline.bundle_name(ROOT)}.zip"
"""Where `python -m generator offline` (`make offline`) writes the offline edition."""
WRITES_ALLOWED = {("publish.yml", "deploy", "pages"), ("publish.yml", "deploy", "id-token")}
"""The only write permissions any job has: deploying to Pages."""


def load(name: str) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    return workflow


def triggers(workflow: dict[Any, Any]) -> dict[Any, Any]:
    on = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict)
    return on


def steps(workflow: dict[Any, Any]) -> Iterator[tuple[str, dict[Any, Any]]]:
    for job_name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def action(step: dict[Any, Any]) -> str:
    """The action a step uses, without its version: `actions/checkout`; empty for a `run:` step."""
    return str(step.get("uses", "")).split("@")[0]


def commands(step: dict[Any, Any]) -> list[list[str]]:
    """The commands of a step's `run:` script, each as its words (`make test` -> ["make", "test"])."""
    script = str(step.get("run", "")).replace("\\\n", " ")
    found: list[list[str]] = []
    for line in script.splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        try:
            split = list(lexer)
        except ValueError:  # a quotation that goes on to the next line
            split = line.split()
        words: list[str] = []
        for word in split:
            if word and set(word) <= set(";&|()"):
                found.append(words)
                words = []
            else:
                words.append(word)
        found.append(words)
    return [words for words in found if words]


def make_targets(words: list[str]) -> list[str]:
    """The targets a `make` command names; none for another command."""
    if not words or Path(words[0]).name != "make":
        return []
    return [word for word in words[1:] if not word.startswith("-") and "=" not in word]


def generator_command(words: list[str]) -> str | None:
    """The subcommand of `python -m generator SUBCOMMAND ...`, if that is what `words` runs."""
    for i in range(len(words) - 2):
        if words[i] == "-m" and words[i + 1] == "generator":
            rest = iter(words[i + 2 :])
            for word in rest:
                if word == "--root":  # the one option before the subcommand that takes a value
                    next(rest, None)
                elif not word.startswith("-"):
                    return word
    return None


def runs(step: dict[Any, Any], what: str) -> bool:
    """Whether the step runs `what`: the project's tests, or a generator command directly or by its make target."""
    for words in commands(step):
        if what == "test":
            if "test" in make_targets(words) or any(Path(word).name == "pytest" for word in words):
                return True
            if any(words[i : i + 2] == ["-m", "pytest"] for i in range(len(words))):
                return True
        elif what in make_targets(words) or generator_command(words) == what:
            return True
    return False


def step_running(workflow: dict[Any, Any], what: str) -> tuple[str, dict[Any, Any]]:
    found = [(job, step) for job, step in steps(workflow) if runs(step, what)]
    assert found, f"no step runs {what}"
    return found[0]


def position(workflow: dict[Any, Any], job: str, chosen: dict[Any, Any]) -> int:
    return next(i for i, step in enumerate(workflow["jobs"][job]["steps"]) if step is chosen)


def uploads(workflow: dict[Any, Any], uses: str) -> list[tuple[str, dict[Any, Any]]]:
    return [(job, step) for job, step in steps(workflow) if action(step) == uses]


def needs(workflow: dict[Any, Any], job: str) -> set[str]:
    """The jobs that must succeed before `job` starts: those it needs, and theirs."""
    found: set[str] = set()
    waiting = [job]
    while waiting:
        listed = workflow["jobs"][waiting.pop()].get("needs", [])
        for name in [listed] if isinstance(listed, str) else listed:
            if name not in found:
                found.add(name)
                waiting.append(name)
    return found


def dry_run(*targets: str) -> str:
    """What `make TARGETS` runs on a fresh clone: make -n -B runs nothing and takes everything as out of date."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *targets], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def pip_installs(job: dict[Any, Any]) -> list[list[str]]:
    """Every `pip install` a job runs, by itself or through the make targets it runs, as its words."""
    found: list[list[str]] = []
    targets: list[str] = []
    for step in job.get("steps", []):
        for words in commands(step):
            targets += make_targets(words)
            found.append(words)
    if targets:
        found += [line.split() for line in dry_run(*targets).splitlines()]
    return [words for words in found if any(words[i : i + 2] == ["pip", "install"] for i in range(len(words)))]


def container_image(job: dict[Any, Any]) -> str | None:
    container = job.get("container")
    return container.get("image") if isinstance(container, dict) else container


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )


ALL = sorted(p.name for p in WORKFLOWS.glob("*.y*ml"))


def test_the_workflows_exist() -> None:
    assert {"pr.yml", "publish.yml"} <= set(ALL)


def test_zizmor_finds_nothing() -> None:
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_zizmor_would_catch_an_unsafe_workflow(tmp_path: Path) -> None:
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


def test_workflows_match_githubs_schema() -> None:
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
def test_every_action_is_pinned_by_sha_with_its_version(name: str) -> None:
    workflow = load(name)
    used = [step["uses"] for _, step in steps(workflow) if "uses" in step]
    used += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]  # reusable workflows
    assert used
    for uses in used:
        assert SHA_PINNED.match(uses), f"{uses}: pin the action by a full commit SHA"
    lines = [line for line in (WORKFLOWS / name).read_text("utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert len(lines) == len(used)
    for line in lines:
        assert re.search(r"#\s*v\d", line), f"{line.strip()}: say in a comment which version the SHA is"


@pytest.mark.parametrize("name", ALL)
def test_hardening(name: str) -> None:
    workflow = load(name)
    assert "pull_request_target" not in triggers(workflow)
    assert workflow["permissions"] == {}
    for job_name, job in workflow["jobs"].items():
        assert isinstance(job.get("permissions"), dict), f"{job_name}: give the job its own, explicit permissions"
        for scope, level in job["permissions"].items():
            assert level in ("read", "write", "none"), (job_name, scope, level)
            if level == "write":
                assert (name, job_name, scope) in WRITES_ALLOWED
    for job_name, step in steps(workflow):
        if action(step) == "actions/checkout":
            assert step["with"]["persist-credentials"] is False
        assert "${{" not in str(step.get("run", "")), f"{job_name}: pass context through env:, not inside run:"


def test_pull_request_workflow_checks_builds_and_summarizes() -> None:
    workflow = load("pr.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    jobs = workflow["jobs"]
    for job_name, job in jobs.items():
        assert job["permissions"] in ({}, {"contents": "read"}), f"{job_name}: a pull request's jobs only read"
    for what in ("test", "site", "offline"):
        step_running(workflow, what)
    assert any(
        (generator_command(words) == "validate" or "validate" in make_targets(words))
        and re.search(r"--format[= ]github\b", " ".join(words))
        for _, step in steps(workflow)
        for words in commands(step)
    ), "content is validated, its problems reported as annotations on the pull request (--format github)"
    uploaded = [step["with"]["path"] for _, step in uploads(workflow, "actions/upload-artifact")]
    assert any(path.rstrip("/") == SITE_DIR for path in uploaded), "the site preview is downloadable"
    assert any(fnmatch.fnmatch(OFFLINE_ZIP, path) for path in uploaded), "the offline bundle is downloadable"
    _, summary = step_running(workflow, "diff")
    assert "GITHUB_STEP_SUMMARY" in summary["run"]
    base = [name for name, value in summary.get("env", {}).items() if "github.base_ref" in str(value)]
    assert base and any(f"${name}" in summary["run"] or f"${{{name}}}" in summary["run"] for name in base)
    checkouts = [step for _, step in steps(workflow) if action(step) == "actions/checkout"]
    assert checkouts and checkouts[0]["with"]["fetch-depth"] == 0  # the base branch, for the diff


def test_publish_workflow_tests_builds_then_deploys_to_pages_one_at_a_time() -> None:
    workflow = load("publish.yml")
    assert triggers(workflow)["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    [(built_in, pages)] = uploads(workflow, "actions/upload-pages-artifact")
    assert pages["with"]["path"].rstrip("/") == SITE_DIR
    job, site = step_running(workflow, "site")
    assert job == built_in and position(workflow, job, site) < position(workflow, job, pages)
    tested_in, _ = step_running(workflow, "test")
    assert tested_in in needs(workflow, built_in), "the site is built only once the tests pass"
    _, site = step_running(workflow, "site")
    configure = [step for _, step in steps(workflow) if action(step) == "actions/configure-pages"]
    assert configure and f"steps.{configure[0]['id']}.outputs.base_url" in str(site.get("env", {}).get("SITE_URL"))
    deployers = [job for job, step in steps(workflow) if action(step) == "actions/deploy-pages"]
    assert len(deployers) == 1
    deploy = workflow["jobs"][deployers[0]]
    assert built_in in needs(workflow, deployers[0])
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    step_running(workflow, "offline")
    kept = [step["with"]["path"] for _, step in uploads(workflow, "actions/upload-artifact")]
    assert any(fnmatch.fnmatch(OFFLINE_ZIP, path) for path in kept), "each published edition keeps its offline bundle"


def test_every_make_target_the_workflows_use_exists() -> None:
    defined = set(re.findall(r"^([\w.-]+):", (ROOT / "Makefile").read_text("utf-8"), re.MULTILINE))
    used = {
        target
        for name in ALL
        for _, step in steps(load(name))
        for words in commands(step)
        for target in make_targets(words)
    }
    assert used
    assert used <= defined


def test_the_job_that_publishes_the_site_installs_only_what_builds_it() -> None:
    """The tests' tools (Playwright, zizmor, pytest, …: requirements-dev.lock) never run where the site is built."""
    workflow = load("publish.yml")
    [(built_in, _)] = uploads(workflow, "actions/upload-pages-artifact")
    job = workflow["jobs"][built_in]
    installed = pip_installs(job)
    assert installed, "the job installs the site's lock"
    for words in installed:
        assert words[-2:] == ["-r", "requirements.lock"], " ".join(words)
    assert not any(runs(step, "test") for step in job["steps"])


@pytest.mark.parametrize("name", ALL)
def test_every_pip_install_requires_hashes(name: str) -> None:
    for job in load(name)["jobs"].values():
        for words in pip_installs(job):
            assert "--require-hashes" in words, " ".join(words)
            assert any(word.startswith("requirements") and word.endswith(".lock") for word in words), " ".join(words)


@pytest.mark.parametrize("name", ALL)
def test_container_images_are_pinned_by_digest(name: str) -> None:
    images = [container_image(job) for job in load(name)["jobs"].values() if "container" in job]
    for image in images:
        assert image and re.fullmatch(r"[\w.:/-]+@sha256:[0-9a-f]{64}", image), f"{image}: pin the image by its digest"
    everywhere = {container_image(job) for other in ALL for job in load(other)["jobs"].values() if "container" in job}
    assert len(everywhere) == 1, "every job runs in the same image"
