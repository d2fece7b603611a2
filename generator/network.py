"""The partnership network: organizations as nodes, the analyses they share as ties, drawn as SVG at build time.

`/partners/` shows the whole network and each partner's page its own
neighbourhood: the partner in the middle, the organizations it shares
analyses with around it. Each picture is an HTML block of its page, a
`<figure>` holding an inline `<svg>`, so that its names are text and link to
the partner pages with no script and no request, in both editions.

The layout is a ring: the organizations on a circle, the most analysed first
from the top, clockwise; every tie is a curve through the middle, thicker
the more analyses the two share (a neighbourhood: straight spokes from the
partner in the middle). A force layout (networkx's `spring_layout`) was
measured and not taken: see BENCHMARKS.md. Same content, same bytes: no
randomness, every order is total, every number is rounded to a tenth.

Everything the picture writes goes through ElementTree, which escapes text
and attributes; names are written as the reader sees them (`text.to_plain`),
and every `href` is a page's address relative to the page the picture is on,
as `Edition.link` makes it (the engine rewrites Markdown links, not these).
Colours come from `currentColor` and the theme's palette in
`assets/partnership-watch.css`, so the picture follows the light and the
dark scheme.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from itertools import combinations

from . import text
from .indexes import Index
from .model import Analysis
from .paths import Edition, page_of
from .wording import counted

MAX_TIES = 150
"""At most this many ties are drawn on one picture: those with the most analyses (the caption says so)."""
LABEL_CHARS = 30
"""A longer name is cut short on the picture (its title and the list below it give it whole)."""
FONT = 12.0
"""The labels' size, in the picture's units (CSS pixels at its natural size)."""
CHAR_WIDTH = 0.6 * FONT
"""A generous estimate of a character's width, to leave room for the labels."""
HORIZONTAL_UP_TO = 12
"""Rings of at most this many organizations have level labels; larger ones have them along the radius."""
SPACING = 28.0
"""The room each organization has along the ring."""
MIN_RING = 110.0
GAP = 6.0
"""Between a node and its label."""
TOP, RIGHT = -90.0, 0.0
"""Where a ring starts: the whole network's at 12 o'clock; a neighbourhood's at 3 o'clock, so that one or two
organizations sit level with the partner in the middle, away from its label below it."""


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    """As the author wrote it, with its inline Markdown."""
    analyses: int


@dataclass(frozen=True)
class Tie:
    a: str
    b: str
    """The two organizations, `a` first by name."""
    analyses: int
    """How many analyses name both."""

    def other(self, id: str) -> str:
        return self.b if id == self.a else self.a


@dataclass(frozen=True)
class Graph:
    nodes: dict[str, Node]
    """id -> node, the most analysed first, then by name."""
    ties: tuple[Tie, ...]
    """The most analyses first, then by the names of `a` and `b`."""
    by_node: dict[str, tuple[Tie, ...]]
    """id -> its ties, in the same order."""

    def ties_of(self, key: str) -> tuple[Tie, ...]:
        return self.by_node.get(key, ())


@dataclass(frozen=True)
class Picture:
    """One page's picture and what it draws, for the text equivalent the page writes below it."""

    figure: str
    """The HTML block: a `<figure>` with the `<svg>` and its caption, on lines with no blank line between."""
    ties: tuple[Tie, ...]
    """The ties drawn, in the graph's order."""
    total: int
    """How many ties there are, drawn or not."""


def graph(partners: Index, analyses: tuple[Analysis, ...]) -> Graph:
    """The network of the partners in use and the ties between those named together in `analyses`."""
    order = {key: position for position, key in enumerate(partners.terms)}  # by name, as the index sorts them
    by_name = sorted(partners.terms, key=lambda key: (-len(partners.analyses[key]), order[key]))
    nodes = {key: Node(key, partners.terms[key][0], len(partners.analyses[key])) for key in by_name}
    shared: Counter[tuple[str, str]] = Counter()
    for analysis in analyses:
        in_use = sorted((key for key in dict.fromkeys(analysis.partners) if key in order), key=order.__getitem__)
        shared.update(combinations(in_use, 2))
    ties = sorted(
        (Tie(a, b, count) for (a, b), count in shared.items()),
        key=lambda tie: (-tie.analyses, order[tie.a], order[tie.b]),
    )
    by_node: dict[str, list[Tie]] = {key: [] for key in nodes}
    for tie in ties:
        by_node[tie.a].append(tie)
        by_node[tie.b].append(tie)
    return Graph(nodes, tuple(ties), {key: tuple(own) for key, own in by_node.items()})


def strongest(ties: tuple[Tie, ...], limit: int = MAX_TIES) -> tuple[Tie, ...]:
    """The ties to draw: all of them up to `limit`; beyond it, those with the most analyses.

    Ties with as many analyses are drawn all or none, so the choice says
    something ("3 analyses or more"); only when the most analysed ties alone
    exceed `limit` are they cut, in the graph's order. `ties` are in that order.
    """
    if len(ties) <= limit:
        return ties
    taken = ties[:limit]
    below = ties[limit].analyses  # the first tie left out: none with as many analyses is drawn
    whole = tuple(tie for tie in taken if tie.analyses > below)
    return whole or taken


def overview(network: Graph, edition: Edition, page: str, limit: int = MAX_TIES) -> Picture | None:
    """The whole network, for the page `page` (a path in the tree); None when no analysis is published."""
    if not network.nodes:
        return None
    drawn = strongest(network.ties, limit)
    nodes = list(network.nodes.values())
    count, ring, radial = len(nodes), _ring_radius(len(nodes)), len(nodes) > HORIZONTAL_UP_TO
    spots = {
        node.id: _Spot(
            node, *_on_ring(position, count, ring, TOP), radial, edition.link(page_of("partners", node.id), page)
        )
        for position, node in enumerate(nodes)
    }
    lines = [(tie, _curve(spots[tie.a], spots[tie.b])) for tie in drawn]
    title = f"The partnership network: {counted(count, 'organization')}, {counted(len(drawn), 'tie')} drawn"
    caption = (
        f"{counted(count, 'organization')}, and a line between each two that analyses name together:"
        " the more analyses, the thicker the line. Select a name for that organization's page."
    )
    if len(drawn) < len(network.ties):
        least = min(tie.analyses for tie in drawn)
        caption += (
            f" Of the {len(network.ties):,} ties, the {len(drawn)} with the most analyses are drawn"
            f" ({counted(least, 'analysis')} or more each) and listed below; each partner's page shows all its own."
        )
    else:
        caption += " The ties are listed below."
    return Picture(_figure(network, title, list(spots.values()), lines, caption), drawn, len(network.ties))


def neighbourhood(network: Graph, key: str, edition: Edition, page: str, limit: int = MAX_TIES) -> Picture | None:
    """`key` in the middle, the organizations it shares analyses with around it; None if it has none."""
    own = network.ties_of(key)
    drawn = strongest(own, limit)
    if not drawn:
        return None
    centre = network.nodes[key]
    count, ring, radial = len(drawn), _ring_radius(len(drawn)), len(drawn) > HORIZONTAL_UP_TO
    middle = _Spot(centre, 0.0, 0.0, 90.0, False, None)  # its name below it, level; no link to its own page
    spots = [middle] + [
        _Spot(
            network.nodes[tie.other(key)],
            *_on_ring(position, count, ring, RIGHT),
            radial,
            edition.link(page_of("partners", tie.other(key)), page),
        )
        for position, tie in enumerate(drawn)
    ]
    lines = [(tie, f"M0 0L{_n(spot.x)} {_n(spot.y)}") for tie, spot in zip(drawn, spots[1:], strict=True)]
    name = _plain(centre.name)
    title = f"{name} and the {counted(len(own), 'organization')} it shares analyses with"
    if len(drawn) < len(own):
        title = f"{name} and the {len(drawn)} of the {len(own)} organizations it shares the most analyses with"
    caption = (
        f"{title}: the more analyses they share, the thicker the line."
        " Select a name for that organization's page; the list below says the same."
    )
    if len(drawn) < len(own):
        least = min(tie.analyses for tie in drawn)
        caption += (
            f" Of the {len(own)} it shares analyses with, the {len(drawn)} with the most are drawn and listed"
            f" ({counted(least, 'analysis')} or more each)."
        )
    return Picture(_figure(network, title, spots, lines, caption), drawn, len(own))


@dataclass(frozen=True)
class _Spot:
    """Where a node is drawn, and how."""

    node: Node
    x: float
    y: float
    angle: float
    """Where its label goes from it: degrees clockwise from 3 o'clock."""
    radial: bool
    """Whether its label runs along the radius (else it is level)."""
    href: str | None
    """Its page, relative to the picture's page; None for no link."""


Box = tuple[float, float, float, float]


def _curve(one: _Spot, other: _Spot) -> str:
    """A tie across the ring: through a point near the centre, so that ties fan out from each node."""
    bend = 0.25  # the control point: the chord's middle, pulled most of the way to the centre
    mx, my = bend * (one.x + other.x) / 2, bend * (one.y + other.y) / 2
    return f"M{_n(one.x)} {_n(one.y)}Q{_n(mx)} {_n(my)} {_n(other.x)} {_n(other.y)}"


def _figure(network: Graph, title: str, spots: list[_Spot], lines: list[tuple[Tie, str]], caption: str) -> str:
    """The HTML block: a figure with the picture (in a box that scrolls on a narrow screen) and its caption."""
    figure = ET.Element("figure", {"class": "pw-network", "data-search-exclude": ""})
    frame = ET.SubElement(figure, "div", {"class": "pw-network__frame"})
    svg = ET.SubElement(frame, "svg", {"xmlns": "http://www.w3.org/2000/svg", "class": "pw-network__picture"})
    ET.SubElement(svg, "title").text = _xml(title)  # the picture's accessible name
    # The ties are for the eye (each has a title, shown on hover); the list below the picture says the same in
    # text, so assistive technologies skip them here.
    ties = ET.SubElement(svg, "g", {"class": "pw-network__ties", "fill": "none", "aria-hidden": "true"})
    for tie, path in reversed(lines):  # the strongest last, on top
        width = min(6.0, 1 + 1.2 * math.log2(tie.analyses))
        line = ET.SubElement(ties, "path", {"d": path, "stroke": "currentColor", "stroke-width": _n(width)})
        names = f"{_plain(network.nodes[tie.a].name)} and {_plain(network.nodes[tie.b].name)}"
        ET.SubElement(line, "title").text = _xml(f"{names}: {counted(tie.analyses, 'analysis')}")
    group = ET.SubElement(svg, "g", {"class": "pw-network__nodes", "fill": "currentColor", "font-size": _n(FONT)})
    most = max(spot.node.analyses for spot in spots)
    _fit(svg, [_node(group, spot, most) for spot in spots])
    ET.SubElement(figure, "figcaption").text = _xml(caption)
    ET.indent(figure, space="")  # a line per element: no blank line, which would end the HTML block
    return ET.tostring(figure, encoding="unicode")


def _node(group: ET.Element, spot: _Spot, most: int) -> Box:
    """Draw a node, its size by its analyses against the `most` any node has, and its label; its extent."""
    element = ET.SubElement(group, "a", {"href": spot.href}) if spot.href is not None else ET.SubElement(group, "g")
    node, x, y = spot.node, spot.x, spot.y
    name = _plain(node.name)
    ET.SubElement(element, "title").text = _xml(f"{name}: {counted(node.analyses, 'analysis')}")
    radius = 3 + 6 * math.sqrt(node.analyses / most)
    ET.SubElement(element, "circle", {"cx": _n(x), "cy": _n(y), "r": _n(radius)})
    shown = name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"
    length = len(shown) * CHAR_WIDTH
    cos, sin = math.cos(math.radians(spot.angle)), math.sin(math.radians(spot.angle))
    away = radius + GAP
    label: dict[str, str]
    if spot.radial:
        # Along the radius, outward, read left to right on both halves of the ring.
        lx, ly = x + away * cos, y + away * sin
        right = cos >= -1e-9
        label = {"x": _n(lx), "y": _n(ly), "dy": "0.35em", "text-anchor": "start" if right else "end"}
        label["transform"] = f"rotate({_n(spot.angle if right else spot.angle + 180)} {_n(lx)} {_n(ly)})"
        ex, ey = lx + length * cos, ly + length * sin
        box = (min(lx, ex) - FONT, min(ly, ey) - FONT, max(lx, ex) + FONT, max(ly, ey) + FONT)
    else:
        # Level: beside the node on the sides of the ring, above or below it at the top and the bottom.
        if abs(cos) < 0.3:
            anchor, lx, ly = "middle", x, y + (away + FONT / 2) * (1 if sin > 0 else -1)
            left = lx - length / 2
        else:
            anchor, lx, ly = ("start", x + away, y) if cos > 0 else ("end", x - away, y)
            left = lx if cos > 0 else lx - length
        label = {"x": _n(lx), "y": _n(ly), "dy": "0.35em", "text-anchor": anchor}
        box = (left, ly - FONT, left + length, ly + FONT)
    ET.SubElement(element, "text", label).text = _xml(shown)
    x0, y0, x1, y1 = box
    return (min(x0, x - radius), min(y0, y - radius), max(x1, x + radius), max(y1, y + radius))


def _fit(svg: ET.Element, boxes: list[Box]) -> None:
    """Size the picture to hold every node and label, with a margin: its natural size, in CSS pixels."""
    left = math.floor(min(box[0] for box in boxes)) - 4
    top = math.floor(min(box[1] for box in boxes)) - 4
    width = math.ceil(max(box[2] for box in boxes)) + 4 - left
    height = math.ceil(max(box[3] for box in boxes)) + 4 - top
    svg.set("viewBox", f"{left} {top} {width} {height}")
    svg.set("width", str(width))
    svg.set("height", str(height))


def _ring_radius(count: int) -> float:
    return max(MIN_RING, count * SPACING / (2 * math.pi))


def _on_ring(position: int, count: int, radius: float, start: float) -> tuple[float, float, float]:
    """Where the node at `position` of `count` sits on a ring: x, y, and its angle in degrees clockwise from
    3 o'clock, the first at `start`, the others clockwise after it."""
    angle = start + 360.0 * position / count
    return radius * math.cos(math.radians(angle)), radius * math.sin(math.radians(angle)), angle


def _n(value: float) -> str:
    """A coordinate to a tenth, as short as it goes: `12`, `-3.5`, never `-0`."""
    rounded = round(value, 1)
    return f"{rounded:.1f}".removesuffix(".0") if rounded != 0 else "0"


def _plain(name: str) -> str:
    return text.to_plain(name)


def _xml(value: str) -> str:
    """Text that XML can hold: characters it can't are shown as U+FFFD."""
    return text.NOT_XML.sub("\ufffd", value)
