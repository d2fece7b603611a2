"""The command line: exit codes, formats, and that a failed run leaves docs/ and site/ as they were."""

from __future__ import annotations

from pathlib import Path

from projects import run_generator

from generator.paths import undo_folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def break_analysis(project: Path) -> None:
    path = project / "content/analyses/northwind-contoso-safety-lab.yaml"
    path.write_text(
        path.read_text()
        .replace("stakeholder: policymakers", "stakeholder: policymakrs")
        .replace("title: Northwind", "titel: Northwind")
    )


def test_validate_clean_exits_zero(project):
    result = run_generator(project, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_validate_reports_every_problem_and_exits_one(project):
    break_analysis(project)
    (project / "content/entities.yaml").write_text(
        (project / "content/entities.yaml").read_text() + "broken:\n  nam: x\n"
    )
    result = run_generator(project, "validate")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/analyses/northwind-contoso-safety-lab.yaml:1:1: error: missing required field 'title'",
        "content/analyses/northwind-contoso-safety-lab.yaml:1:1: error: unknown field 'titel' (did you mean 'title'?)",
        "content/analyses/northwind-contoso-safety-lab.yaml:15:18: error: unknown stakeholder 'policymakrs' (did you mean 'policymakers'?)",
        "content/entities.yaml:21:3: error: missing required field 'name' in broken",
        "content/entities.yaml:21:3: error: unknown field 'nam' (did you mean 'name'?)",
    ]
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().endswith("5 problems in 2 files")


def test_validate_github_format(project):
    break_analysis(project)
    result = run_generator(project, "validate", "--format", "github")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=content/analyses/northwind-contoso-safety-lab.yaml,line=1,col=1::missing required field 'title'"
    )


def test_broken_yaml_is_one_line_not_a_traceback(project):
    (project / "content/analyses/broken.yaml").write_bytes(b"title: [\n\x00\xff")
    result = run_generator(project, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["content/analyses/broken.yaml"]


def test_generate_writes_only_changed_files_and_removes_gone_pages(project):
    assert run_generator(project, "generate").returncode == 0
    docs = project / "docs"
    page = docs / "analyses/northwind-contoso-safety-lab.md"
    assert page.is_file()
    before = snapshot(docs)
    mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")}
    result = run_generator(project, "generate")
    assert "0 written, 0 removed" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*.md")} == mtimes
    assert snapshot(docs) == before
    (project / "content/analyses/contoso-fabrikam-chip-supply.yaml").unlink()
    result = run_generator(project, "generate")
    assert result.returncode == 0
    assert not (docs / "analyses/contoso-fabrikam-chip-supply.md").exists()
    assert not (docs / "api/analyses/contoso-fabrikam-chip-supply.json").exists()
    assert (docs / "about.md").read_bytes() == before["about.md"]


def test_failed_validation_leaves_docs_and_site_untouched(project):
    assert run_generator(project, "site").returncode == 0
    docs, site = snapshot(project / "docs"), snapshot(project / "site")
    break_analysis(project)
    result = run_generator(project, "site")
    assert result.returncode == 1
    assert "missing required field 'title'" in result.stdout
    assert snapshot(project / "docs") == docs
    assert snapshot(project / "site") == site


def test_failed_mkdocs_build_leaves_docs_and_site_untouched(project):
    assert run_generator(project, "site").returncode == 0
    assert not undo_folder(project / "docs").exists()
    docs, site = snapshot(project / "docs"), snapshot(project / "site")
    # Valid content changes (pages rewritten, removed), and a hand-written page whose broken link fails the build.
    (project / "content/analyses/contoso-fabrikam-chip-supply.yaml").unlink()
    analysis = project / "content/analyses/northwind-contoso-safety-lab.yaml"
    analysis.write_text(analysis.read_text().replace("joint safety lab", "joint evaluation lab"))
    about = project / "content/pages/about.md"
    about.write_text(about.read_text() + "\n[Broken](missing-page.md)\n")
    result = run_generator(project, "site")
    assert result.returncode == 1
    assert "mkdocs build failed" in result.stderr
    assert snapshot(project / "docs") == docs
    assert snapshot(project / "site") == site
    assert not list(project.glob(".site-*"))
    assert not undo_folder(project / "docs").exists()


def test_failed_generation_leaves_docs_and_site_untouched(project, monkeypatch, capsys):
    from generator import render
    from generator.__main__ import main

    assert run_generator(project, "site").returncode == 0
    docs, site = snapshot(project / "docs"), snapshot(project / "site")

    def broken(self, only):
        raise RuntimeError("a template failed")

    monkeypatch.setattr(render.Renderer, "pages", broken)
    for command in ("generate", "site"):
        assert main(["--root", str(project), command]) == 1
        assert "generation failed (RuntimeError: a template failed)" in capsys.readouterr().err
        assert snapshot(project / "docs") == docs
        assert snapshot(project / "site") == site
