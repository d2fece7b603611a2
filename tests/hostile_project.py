"""A project whose every text field holds a hostile payload, and its benign twin."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from projects import make_project

PAYLOADS: list[str] = yaml.safe_load((Path(__file__).parent / "hostile" / "payloads.yaml").read_text("utf-8"))
BENIGN = "Plain words"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def write_texts(project: Path, texts: list[str]) -> None:
    """One entity, topic, stakeholder and analysis per text, with the text in every text field."""
    content = project / "content"
    entities = ["base:\n  name: Base Corp\n"]
    topics, stakeholders = [], []
    for i, t in enumerate(texts):
        entities.append(f"e{i}:\n  name: {_q(t)}\n  description: {_q(t)}\n  website: https://e{i}.example/\n")
        topics.append(f"  t{i}:\n    label: {_q(t)}\n    description: {_q(t)}\n")
        stakeholders.append(f"  s{i}:\n    label: {_q(t)}\n    description: {_q(t)}\n")
        (content / "analyses" / f"hostile-{i}.yaml").write_text(
            f"""\
title: {_q(t)}
summary: {_q(t)}
published: 2026-01-{i % 28 + 1:02d}
updated: 2026-02-01
authors: [{_q(t)}]
partners: [e{i}, base]
topics: [t{i}]
sources:
  - id: cited
    publisher: {_q(t)}
    title: {_q(t)}
    url: https://source.example/{i}
    date: 2026-01
context:
  - {_q(t)}
  - text: {_q(t)}
    cite: [cited]
expert_views:
  - source: {_q(t)}
    view: {_q(t)}
    stance: critical
    cite: [cited]
implications:
  - stakeholder: s{i}
    points:
      - {_q(t)}
outlook:
  summary: {_q(t)}
  watch:
    - {_q(t)}
    - signal: {_q(t)}
      by: 2026-01
    - signal: {_q(t)}
      outcome:
        status: partly
        date: 2026-02-01
        note: {_q(t)}
        source:
          publisher: {_q(t)}
          title: {_q(t)}
          url: https://outcome.example/{i}
corrections:
  - date: 2026-02-01
    text: {_q(t)}
""",
            encoding="utf-8",
        )
    (content / "entities.yaml").write_text("".join(entities), encoding="utf-8")
    (content / "taxonomy.yaml").write_text(
        "topics:\n" + "".join(topics) + "stakeholders:\n" + "".join(stakeholders), encoding="utf-8"
    )


def make_hostile_project(destination: Path, texts: list[str] | None = None) -> Path:
    project = make_project(destination)
    for old in (project / "content" / "analyses").glob("*.yaml"):
        old.unlink()
    write_texts(project, PAYLOADS if texts is None else texts)
    return project
