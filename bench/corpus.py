"""A synthetic but valid content folder of any size, the same for the same size and seed.

The benchmark measures the generator and the site on it, and tests use small
ones. Text lengths follow the seed analysis (a 400-character summary, five
context paragraphs, three expert views, three or four stakeholders with two or
three points each); a few texts use inline Markdown so that the Markdown path
is exercised, as in real content. Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

ENTITIES = 50
TOPICS = 20
STAKEHOLDERS = {
    "businesses": "Businesses",
    "investors": "Investors",
    "policymakers": "Policymakers",
    "developers": "Developers",
}
KINDS = ("company", "research-lab", "investor", "government", "nonprofit", "other")
STANCES = ("supportive", "cautious", "critical", "neutral")
FIRST_DAY = dt.date(2018, 1, 1)

_WORDS = [
    "the",
    "partnership",
    "gives",
    "each",
    "side",
    "access",
    "to",
    "what",
    "the",
    "other",
    "lacks",
    "capacity",
    "models",
    "customers",
    "distribution",
    "chips",
    "data",
    "centers",
    "contracts",
    "revenue",
    "risk",
    "regulators",
    "markets",
    "developers",
    "tools",
    "platform",
    "cloud",
    "supply",
    "years",
    "deal",
    "terms",
    "investment",
    "licence",
    "agreement",
    "integration",
    "software",
    "services",
    "compute",
    "training",
    "inference",
    "demand",
    "growth",
    "pricing",
    "competition",
    "rivals",
    "scrutiny",
    "authorities",
    "consumers",
    "enterprises",
    "operations",
    "costs",
    "margins",
    "shares",
    "exposure",
    "commitments",
    "deliveries",
    "plant",
    "output",
    "volume",
    "research",
    "safety",
    "governance",
    "standards",
    "interoperability",
    "access",
    "openness",
    "lock-in",
    "switching",
    "portability",
    "privacy",
    "processing",
    "sovereignty",
    "trade",
    "policy",
    "rules",
    "analysts",
    "observers",
    "strategists",
    "executives",
    "engineers",
    "buyers",
    "sellers",
    "suppliers",
    "partners",
    "announcement",
    "statement",
    "filing",
    "report",
    "quarter",
    "schedule",
    "timeline",
    "milestone",
    "phase",
    "scale",
    "capability",
    "roadmap",
    "products",
    "features",
    "adoption",
    "pilots",
    "production",
    "workloads",
    "hosting",
    "network",
]
_GLUE = [
    "and",
    "or",
    "but",
    "while",
    "because",
    "so",
    "as",
    "with",
    "for",
    "from",
    "into",
    "across",
    "under",
    "over",
    "within",
]
_SYLLABLES = [
    "con",
    "to",
    "so",
    "fab",
    "ri",
    "kam",
    "north",
    "wind",
    "lit",
    "ware",
    "tail",
    "spin",
    "mar",
    "gin",
    "vel",
    "ora",
    "quin",
    "tes",
    "ad",
    "ven",
    "tur",
    "hal",
]


def _words(rng: random.Random, count: int) -> str:
    words = []
    for i in range(count):
        words.append(rng.choice(_GLUE) if i % 6 == 5 else rng.choice(_WORDS))
    return " ".join(words)


def _text(rng: random.Random, length: int, markdown: bool = False) -> str:
    """Sentences of about `length` characters; with `markdown`, sometimes some inline Markdown."""
    sentences, size = [], 0
    while size < length:
        sentence = _words(rng, rng.randint(8, 18))
        sentence = sentence[0].upper() + sentence[1:] + "."
        sentences.append(sentence)
        size += len(sentence) + 1
    if markdown and rng.random() < 0.3:
        i = rng.randrange(len(sentences))
        word = rng.choice(_WORDS)
        sentences[i] += rng.choice(
            [
                f" It is *{word}*.",
                f" See [the {word} filing](https://example.org/{word}).",
                f" The `{word}` clause matters.",
            ]
        )
    text = " ".join(sentences)
    if len(text) > length + 60:
        text = text[: length + 60].rsplit(" ", 1)[0]
    return text.rstrip(". ") + "."


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _folded(value: str, indent: str) -> str:
    """A `>-` block scalar wrapped at about 76 columns, as authors write them."""
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(indent) + len(line) + 1 + len(word) > 76:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "\n".join(indent + line for line in lines)


def entity_ids() -> list[str]:
    return [f"org-{i:02d}" for i in range(1, ENTITIES + 1)]


def topic_ids() -> list[str]:
    return [f"topic-{i:02d}" for i in range(1, TOPICS + 1)]


def slug(index: int) -> str:
    return f"analysis-{index:05d}"


def _entities(rng: random.Random) -> str:
    out = []
    for entity in entity_ids():
        out.append(f"{entity}:")
        out.append(f"  name: {_quote(_name(rng) + ' ' + rng.choice(['Labs', 'Cloud', 'Systems', 'Capital', 'Group']))}")
        out.append(f"  kind: {rng.choice(KINDS)}")
        out.append(f"  website: https://{entity}.example")
        out.append(f"  description: {_folded(_text(rng, 300), '    ')}")
    return "\n".join(out) + "\n"


def _taxonomy(rng: random.Random) -> str:
    out = ["topics:"]
    for topic in topic_ids():
        out.append(f"  {topic}:")
        out.append(f"    label: {_quote(_words(rng, 2).capitalize() + ' ' + topic[-2:])}")
        out.append(f"    description: {_folded(_text(rng, 150), '      ')}")
    out.append("stakeholders:")
    for stakeholder, label in STAKEHOLDERS.items():
        out.append(f"  {stakeholder}:")
        out.append(f"    label: {label}")
        out.append(f"    description: {_folded(_text(rng, 150), '      ')}")
    return "\n".join(out) + "\n"


def _analysis(rng: random.Random, index: int, published: dt.date) -> str:
    out = [
        f"title: {_quote(_text(rng, 90).rstrip('.'))}",
        f"summary: {_folded(_text(rng, 420, markdown=True), '  ')}",
        f"published: {published.isoformat()}",
    ]
    if rng.random() < 0.2:
        out.append(f"updated: {(published + dt.timedelta(days=rng.randint(1, 60))).isoformat()}")
    out.append("authors:")
    out.append(f"  - {_quote(_name(rng) + ' ' + _name(rng))}")
    out.append("partners: [" + ", ".join(rng.sample(entity_ids(), rng.choice((2, 2, 2, 3)))) + "]")
    out.append("topics: [" + ", ".join(rng.sample(topic_ids(), rng.randint(1, 4))) + "]")
    out.append("sources:")
    for _ in range(rng.randint(1, 3)):
        out.append(f"  - publisher: {_quote(_name(rng))}")
        out.append(f"    title: {_quote(_text(rng, 60).rstrip('.'))}")
        out.append(f"    url: https://news.example/{index}/{rng.randrange(10**6)}")
        out.append(f'    date: "{published.year}-{published.month:02d}"')
    out.append("context:")
    for _ in range(rng.randint(4, 6)):
        out.append(f"  - {_folded(_text(rng, rng.randint(350, 600), markdown=True), '    ')}")
    out.append("expert_views:")
    for _ in range(3):
        out.append(f"  - source: {_quote(_words(rng, 2).capitalize())}")
        out.append(f"    stance: {rng.choice(STANCES)}")
        out.append(f"    view: {_folded(_text(rng, rng.randint(280, 420)), '      ')}")
    out.append("implications:")
    for stakeholder in rng.sample(list(STAKEHOLDERS), rng.randint(3, 4)):
        out.append(f"  - stakeholder: {stakeholder}")
        out.append("    points:")
        for _ in range(rng.randint(2, 3)):
            out.append(f"      - {_folded(_text(rng, rng.randint(140, 240)), '        ')}")
    out.append("outlook:")
    out.append(f"  summary: {_folded(_text(rng, 250), '    ')}")
    out.append("  watch:")
    for _ in range(rng.randint(2, 4)):
        out.append(f"    - {_quote(_text(rng, 90))}")
    earlier = list(range(1, index))
    if earlier and rng.random() < 0.5:
        out.append(
            "related: [" + ", ".join(slug(i) for i in rng.sample(earlier, min(len(earlier), rng.randint(1, 3)))) + "]"
        )
    return "\n".join(out) + "\n"


def write_content(folder: Path, analyses: int, seed: int = 7) -> list[Path]:
    """Write content/ (entities, taxonomy and `analyses` analyses) under `folder`; returns the analysis files.

    About two analyses a week from 2018 on: 1,000 analyses span ten years.
    """
    rng = random.Random(seed)
    content = folder / "content"
    (content / "analyses").mkdir(parents=True, exist_ok=True)
    (content / "entities.yaml").write_text(_entities(rng), "utf-8")
    (content / "taxonomy.yaml").write_text(_taxonomy(rng), "utf-8")
    paths = []
    for index in range(1, analyses + 1):
        published = FIRST_DAY + dt.timedelta(days=(index * 7) // 2)
        path = content / "analyses" / f"{slug(index)}.yaml"
        path.write_text(_analysis(rng, index, published), "utf-8")
        paths.append(path)
    return paths
