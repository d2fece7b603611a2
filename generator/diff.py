"""`python -m generator diff BASE`: what the working tree changes in the publication since a git ref.

It prints Markdown for a pull request's job summary: each content file
added, removed or changed since BASE; for an analysis, which sections changed
(implications per stakeholder); for entities.yaml and taxonomy.yaml, which
entries; and whether each file passes validation now, with its problems.

Everything shown comes from the pull request, so every piece of content text
is escaped to read as literal text in GitHub's Markdown, and files are compared
through the safe loader's nodes: nothing in them is handed to PyYAML to
construct, so a file that `validate` refuses is reported with its problems,
never with a traceback.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from . import schema
from .problems import Problem
from .source import Mapping, Node, Scalar, load
from .validate import ANALYSES_DIR, ENTITIES_FILE, TAXONOMY_FILE, load_content

CONTENT = "content"
UNREADABLE = "the whole file (one version can't be read, so sections can't be compared)"


class GitError(Exception):
    """BASE is not a ref git knows, or the folder is not a git work tree."""


@dataclass(frozen=True)
class Change:
    path: str
    kind: str
    """'added', 'removed' or 'changed'."""
    title: str | None
    """The analysis's title (now, or at BASE for a removed one), if it can be read."""
    parts: tuple[str, ...]
    """What changed inside the file: sections of an analysis, entries of entities.yaml or taxonomy.yaml."""


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise GitError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result.stdout


def base_files(root: Path, base: str) -> dict[str, bytes]:
    """The content files at `base`, read with two git commands whatever their number."""
    listing = _git(root, "ls-tree", "-r", "-z", base, "--", CONTENT)
    blobs: dict[str, str] = {}
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        info, raw_path = entry.split(b"\t", 1)
        mode, kind, oid = info.split(b" ")
        if kind == b"blob" and mode != b"120000":  # a symlink is no content file
            blobs[raw_path.decode("utf-8", "surrogateescape")] = oid.decode("ascii")
    if not blobs:
        return {}
    output = _git(root, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid in blobs.values()).encode("ascii"))
    files: dict[str, bytes] = {}
    offset = 0
    for path in blobs:
        header_end = output.index(b"\n", offset)
        size = int(output[offset:header_end].split(b" ")[2])
        files[path] = output[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
    return files


def work_files(root: Path) -> dict[str, Path]:
    """The content files in the working tree, without hidden ones and without symlinks (as at BASE).

    A symlinked content/ holds none: through it, the summary would read and
    show files from anywhere on the machine (validation refuses it too).
    """
    folder = root / CONTENT
    if folder.is_symlink() or not folder.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and not path.is_symlink()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    }


_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")
_NULL = "tag:yaml.org,2002:null"

Plain: TypeAlias = str | tuple[str, str] | list["Plain"] | dict[str, "Plain"] | None
"""A file's value as far as comparing versions needs: text, a scalar YAML reads as
something else (its tag and its text as written), lists and mappings; None for an empty value."""


def plain(node: Node) -> Plain:
    """The value of a node for comparison, without constructing anything.

    Text and dates are their text, as an editor sees them; an empty value is
    None, like a missing one; any other scalar (a number, a yes/no value, or a
    tag like `!!int "[1"` that `validate` refuses) stays its tag and the text
    as written. Nesting is bounded by the loader, so recursion is safe.
    """
    if isinstance(node, Scalar):
        if node.tag in _TEXT_TAGS:
            return node.value
        if node.tag == _NULL:
            return None
        return (node.tag, node.value)
    if isinstance(node, Mapping):
        return {key.value: plain(value) for key, value in node.entries}
    return [plain(item) for item in node.items]


def _read(path: Path, display: str) -> Plain:
    node, problems = load(path, display)
    return plain(node) if node is not None and not problems else None


def _mapping(data: object) -> dict[str, object]:
    return data if isinstance(data, dict) else {}


def _keyed(entries: object, key: str) -> dict[str, object]:
    """A list of mappings by one of their fields; entries without it keep their place in the list."""
    if not isinstance(entries, list):
        return {}
    return {_key_of(entry, key, index): entry for index, entry in enumerate(entries, start=1)}


def _key_of(entry: object, key: str, index: int) -> str:
    value = entry.get(key) if isinstance(entry, dict) else None
    return value if isinstance(value, str) else f"#{index}"


def _entries_changed(old: dict[str, object], new: dict[str, object]) -> list[str]:
    """'x added', 'y changed', 'z removed' for the keys of two mappings."""
    words: list[str] = []
    for key in sorted(set(old) | set(new), key=str):
        if key not in old:
            words.append(f"{key} added")
        elif key not in new:
            words.append(f"{key} removed")
        elif old[key] != new[key]:
            words.append(f"{key} changed")
    return words


def analysis_sections(old: object, new: object) -> tuple[str, ...]:
    """The sections that differ, in the order of the content model; implications per stakeholder."""
    old, new = _mapping(old), _mapping(new)
    changed: list[str] = []
    for field in schema.ANALYSIS.fields:
        before, after = old.get(field.name), new.get(field.name)
        if before == after:
            continue
        label = field.name.replace("_", " ")
        if field.name == "implications":
            stakeholders = _entries_changed(_keyed(before, "stakeholder"), _keyed(after, "stakeholder"))
            label += f" ({', '.join(stakeholders)})" if stakeholders else " (order)"
        changed.append(label)
    unknown = sorted((set(old) | set(new)) - {field.name for field in schema.ANALYSIS.fields})
    changed += [f"{name} (not a field)" for name in unknown if old.get(name) != new.get(name)]
    return tuple(changed)


def _parts(path: str, old: object, new: object) -> tuple[str, ...]:
    if path == ENTITIES_FILE:
        return tuple(_entries_changed(_mapping(old), _mapping(new)))
    if path == TAXONOMY_FILE:
        old, new = _mapping(old), _mapping(new)
        return tuple(
            f"{section}: {word}"
            for section in ("topics", "stakeholders")
            for word in _entries_changed(_mapping(old.get(section)), _mapping(new.get(section)))
        )
    if _is_analysis(path):
        return analysis_sections(old, new)
    return ()


def _has_parts(path: str) -> bool:
    return path in (ENTITIES_FILE, TAXONOMY_FILE) or _is_analysis(path)


def _is_analysis(path: str) -> bool:
    folder, _, name = path.rpartition("/")
    return folder == ANALYSES_DIR and name.endswith(".yaml")


def _title(path: str, data: Plain) -> str | None:
    title = _mapping(data).get("title") if _is_analysis(path) else None
    return title if isinstance(title, str) else None


def changes(root: Path, base: str) -> list[Change]:
    """Every content file that differs between `base` and the working tree, by path."""
    before = base_files(root, base)
    now = work_files(root)
    result: list[Change] = []
    with tempfile.TemporaryDirectory() as folder:

        def old_data(path: str) -> Plain:
            copy = Path(folder) / path
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(before[path])
            return _read(copy, path)

        for path in sorted(set(before) | set(now)):
            if path not in now:
                result.append(Change(path, "removed", _title(path, old_data(path)), ()))
                continue
            if path in before and _same_bytes(now[path], before[path]):
                continue
            new = _read(now[path], path)
            if path not in before:
                result.append(Change(path, "added", _title(path, new), ()))
            else:
                old = old_data(path)
                parts = _parts(path, old, new) if old is not None and new is not None else (UNREADABLE,)
                result.append(Change(path, "changed", _title(path, new), parts))
    return result


def _same_bytes(path: Path, data: bytes) -> bool:
    return path.stat().st_size == len(data) and path.read_bytes() == data


# Every ASCII punctuation mark that can start Markdown, HTML or an autolink; "/" alone never does.
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-.:;<=>?@[\\]^_`{|}~")


def literal(text: str) -> str:
    """Text that GitHub's Markdown shows as typed: every ASCII punctuation mark escaped, on one line."""
    return "".join("\\" + char if char in _ASCII_PUNCTUATION else char for char in " ".join(text.split()))


def _status(problems: list[Problem]) -> list[str]:
    if not problems:
        return ["✅ valid"]
    noun = "problem" if len(problems) == 1 else "problems"
    lines = [f"❌ {len(problems)} {noun}:", ""]
    for problem in problems:
        where = f"line {problem.line}, column {problem.col}: " if problem.line is not None else ""
        lines.append(f"- {where}{literal(problem.message)}")
    return lines


def report(root: Path, base: str) -> str:
    """The job summary in Markdown."""
    found = changes(root, base)
    _, problems = load_content(root)
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)

    lines = [f"## Content changes since {literal(base)}", ""]
    if problems:
        files = len(by_path)
        lines.append(
            f"❌ Validation: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}; the site can't be published until they are fixed."
        )
    else:
        lines.append("✅ Validation: every content file is valid.")
    lines.append("")
    if not found:
        lines += ["No content file changed.", ""]
    counts = {kind: sum(1 for change in found if change.kind == kind) for kind in ("added", "changed", "removed")}
    if found:
        lines += [", ".join(f"{count} {kind}" for kind, count in counts.items()) + ".", ""]
    for change in found:
        heading = f"### {change.kind.capitalize()}: {literal(change.path)}"
        if change.title:
            heading += f" — {literal(change.title)}"
        lines += [heading, ""]
        if change.kind == "changed" and _has_parts(change.path):
            what = ", ".join(literal(part) for part in change.parts) or "formatting or comments only"
            lines += [f"Changed: {what}", ""]
        if change.kind != "removed":
            lines += [*_status(by_path.pop(change.path, [])), ""]
    if by_path:
        lines += [
            "### Problems in files this change did not touch",
            "",
            "They come from references to what changed (a removed entity, topic or analysis, say).",
            "",
        ]
        for path, file_problems in sorted(by_path.items()):
            lines += [f"#### {literal(path)}", "", *_status(file_problems), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
