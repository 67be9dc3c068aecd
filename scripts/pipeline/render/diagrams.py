"""Org charts: one model's teams and relations from the data file, drawn as inline SVG.

Pure Python, no MkDocs and no JavaScript: the layout is computed here at build time.
Teams sit on a grid of rows (0 = top) and columns; relations are drawn as right-angled
arrows that run through the gaps between rows, one lane per kind of relation, so lines of
different kinds never lie on top of each other. Text is real <text>, colours come from CSS
variables (light and dark palette), and the <svg> carries role="img" with <title>/<desc>.
The SVG never shrinks below the size at which its smallest text is 12 px; narrower screens
scroll it sideways instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from scripts.pipeline.model import Dataset, Edge, Model, OrgChart, Team
from scripts.pipeline.render import attr, text

# ---- geometry (SVG user units = CSS px at full size) ---------------------------------
COL_W = 180  # distance between column centres
BOX_W = 152  # width of a team box
MARGIN = 14  # around the whole picture
LABEL_FONT = 15  # team names, bold
NOTE_FONT = 13  # team notes and frame labels: the smallest text
LABEL_LH = 19  # line heights
NOTE_LH = 17
BOX_PAD_Y = 10
BOX_PAD_X = 10
FRAME_PAD = 10  # frame around grouped teams
FRAME_HEAD = 26  # room for a frame's label above its first row
LANE_GAP = 16  # vertical distance between lanes in a gap between rows
MIN_TEXT_PX = 12  # the smallest text size allowed on screen
MAX_SPAN = 9  # the widest chart: columns 0 to 9 (the schema's limit for `col`)

# What each kind of relation reads as, in the legend and in the "chart in words".
EDGE_KINDS = {
    "reports-to": ("reports to", "reports to (line manager)"),
    "requests": ("sends requests to", "asks for work"),
    "delivers": ("delivers to", "delivers models, a platform or prototypes"),
    "consults": ("advises", "advises"),
    "works-with": ("works day to day with", "works day to day with"),
}
TEAM_KINDS = {
    "leadership": "leadership or manager",
    "science": "team of scientists",
    "scientist": "scientist in another team",
    "product": "product, feature or business team",
    "forum": "council or community, no line authority",
}
# Sideways offset of each relation kind where it meets a box, so kinds do not overlap.
_KIND_DX = {"reports-to": 0, "requests": -18, "delivers": 18, "consults": 18, "works-with": 0}
_KIND_ORDER = list(EDGE_KINDS)


# ============================================================================
# Text measuring (an estimate: no font metrics at build time, so err on the wide side)
# ============================================================================

_NARROW = set("ijlt.,;:'!|()[] fr")
_WIDE = set("mwMW@")


def text_width(value: str, size: float, bold: bool = False) -> float:
    """Estimated width of a line of text in a common sans-serif font."""
    em = 0.0
    for ch in value:
        em += 0.32 if ch in _NARROW else 0.88 if ch in _WIDE else 0.68 if ch.isupper() else 0.57
    # 6 % above the widest common sans-serif fonts measured (Arial/Liberation Sans, DejaVu Sans at most ~8 % wider).
    return em * size * (1.08 if bold else 1.0) * 1.06


def wrap(value: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Words of `value` broken into lines no wider than `width` (a long word gets its own line)."""
    lines: list[str] = []
    for word in " ".join(value.split()).split(" "):
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


# ============================================================================
# Layout
# ============================================================================


@dataclass(frozen=True)
class Box:
    team: Team
    x: float  # left
    y: float  # top
    w: float
    h: float
    label: tuple[str, ...]
    note: tuple[str, ...]

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    boxes: dict[str, Box]
    frames: tuple[tuple[str, float, float, float, float], ...]  # (label, x, y, w, h)
    paths: tuple[tuple[Edge, tuple[tuple[float, float], ...]], ...]  # edge, polyline points


def _columns(chart: OrgChart) -> dict[str, float]:
    """Column of every team: its own `col`, or spread evenly across its row in file order."""
    rows: dict[int, list[Team]] = {}
    for team in chart.teams:
        rows.setdefault(team.row, []).append(team)
    explicit = [t.col for t in chart.teams if t.col is not None]
    span = max([len(r) - 1 for r in rows.values()] + [c for c in explicit if c is not None] + [0])
    cols: dict[str, float] = {}
    for members in rows.values():
        free = [t for t in members if t.col is None]
        for n, team in enumerate(free):
            # Even spread over the chart's width: one team in the middle, several from edge to edge.
            cols[team.id] = span / 2 if len(free) == 1 else n * span / (len(free) - 1) if len(free) <= span + 1 else n
        for team in members:
            if team.col is not None:
                cols[team.id] = team.col
    return cols


def _group_rows(chart: OrgChart) -> list[tuple[int, int]]:
    """(first row, last row) of every frame."""
    rows = []
    for group in chart.groups:
        member_rows = [chart.team(m).row for m in group.members]
        rows.append((min(member_rows), max(member_rows)))
    return rows


def _gap_kinds(chart: OrgChart) -> dict[int, list[str]]:
    """Kinds of relation that may run through the gap above each row (filled in by routing)."""
    kinds: dict[int, list[str]] = {}
    for edge in chart.edges:
        a, b = chart.team(edge.source), chart.team(edge.target)
        for row in range(min(a.row, b.row) + 1, max(a.row, b.row) + 1) or [max(a.row, 1)]:
            if edge.kind not in kinds.setdefault(row, []):
                kinds[row].append(edge.kind)
    return {row: sorted(k, key=_KIND_ORDER.index) for row, k in kinds.items()}


def layout(chart: OrgChart) -> Layout:
    """Place boxes, frames and arrows; every number in the picture comes from here."""
    cols = _columns(chart)
    n_rows = max(t.row for t in chart.teams) + 1
    label_w = BOX_W - 2 * BOX_PAD_X
    texts = {
        t.id: (wrap(t.label, label_w, LABEL_FONT, bold=True), wrap(t.note, label_w, NOTE_FONT) if t.note else [])
        for t in chart.teams
    }
    box_h = {tid: BOX_PAD_Y * 2 + len(lab) * LABEL_LH + len(note) * NOTE_LH for tid, (lab, note) in texts.items()}
    row_h = [max([box_h[t.id] for t in chart.teams if t.row == r] or [0]) for r in range(n_rows)]
    frames_rows = _group_rows(chart)
    gap_kinds = _gap_kinds(chart)

    # Vertical layout: each gap holds frame bottoms, the lanes for arrows, then frame labels.
    row_y: list[float] = []
    lanes: dict[int, dict[str, float]] = {}  # row -> kind -> y of its lane in the gap above the row
    y = float(MARGIN)
    for r in range(n_rows):
        starts = any(first == r for first, _ in frames_rows)
        if r > 0:
            ends_above = any(last == r - 1 for _, last in frames_rows)
            y += FRAME_PAD if ends_above else 0
            kinds = gap_kinds.get(r, [])
            lane_area = LANE_GAP * (len(kinds) + 1)
            lanes[r] = {k: y + LANE_GAP * (i + 1) for i, k in enumerate(kinds)}
            y += max(lane_area, 32)
        if starts:
            y += FRAME_HEAD
        row_y.append(y)
        y += row_h[r]
    height = y + (FRAME_PAD if any(last == n_rows - 1 for _, last in frames_rows) else 0) + MARGIN

    width = width_for_span(max(cols.values()))
    boxes: dict[str, Box] = {}
    for team in chart.teams:
        cx = MARGIN + FRAME_PAD + BOX_W / 2 + cols[team.id] * COL_W
        lab, note = texts[team.id]
        top = row_y[team.row] + (row_h[team.row] - box_h[team.id]) / 2
        boxes[team.id] = Box(team, cx - BOX_W / 2, top, BOX_W, box_h[team.id], tuple(lab), tuple(note))

    frames = []
    for group, (first, last) in zip(chart.groups, frames_rows, strict=True):
        members = [boxes[m] for m in group.members]
        left = min(b.x for b in members) - FRAME_PAD
        right = max(b.x + b.w for b in members) + FRAME_PAD
        top = row_y[first] - FRAME_HEAD
        bottom = row_y[last] + row_h[last] + FRAME_PAD
        frames.append((group.label, left, top, right - left, bottom - top))

    paths = tuple((edge, _route(edge, chart, boxes, row_y, row_h, lanes, height)) for edge in chart.edges)
    return Layout(width, height, boxes, tuple(frames), paths)


def _crosses(points: Sequence[tuple[float, float]], boxes: dict[str, Box], skip: set[str]) -> bool:
    """Does the polyline run through any box other than its two ends?"""
    for (x1, y1), (x2, y2) in pairwise(points):
        for tid, b in boxes.items():
            if tid in skip:
                continue
            if x1 == x2 and b.x - 2 <= x1 <= b.x + b.w + 2 and min(y1, y2) < b.bottom and max(y1, y2) > b.y:
                return True
            if y1 == y2 and b.y - 2 <= y1 <= b.bottom + 2 and min(x1, x2) < b.x + b.w and max(x1, x2) > b.x:
                return True
    return False


def _route(
    edge: Edge,
    chart: OrgChart,
    boxes: dict[str, Box],
    row_y: list[float],
    row_h: list[float],
    lanes: dict[int, dict[str, float]],
    height: float,
) -> tuple[tuple[float, float], ...]:
    """Right-angled path from the source box to the target box, through a lane between rows."""
    a, b = boxes[edge.source], boxes[edge.target]
    dx = _KIND_DX[edge.kind]
    skip = {edge.source, edge.target}
    if a.team.row == b.team.row:
        # Same row: a straight line between facing sides if nothing is in between, else over the top.
        left, right = (a, b) if a.cx < b.cx else (b, a)
        mid = a.y + a.h / 2
        straight = ((left.x + left.w, mid), (right.x, mid)) if left is a else ((right.x, mid), (left.x + left.w, mid))
        if not _crosses(straight, boxes, skip):
            return straight
        r = a.team.row
        lane = lanes.get(r, {}).get(edge.kind, row_y[r] - LANE_GAP)
        return ((a.cx + dx, a.y), (a.cx + dx, lane), (b.cx + dx, lane), (b.cx + dx, b.y))
    upper, lower = (a, b) if a.team.row < b.team.row else (b, a)
    x_up, x_low = upper.cx + dx, lower.cx + dx
    candidates = []
    if abs(x_up - x_low) < 0.5:
        candidates.append(((x_up, upper.bottom), (x_low, lower.y)))
    # Lane just above the lower box or just below the upper one; a line manager above collects
    # its reports on a bar right under its box, as org charts usually draw it.
    lane_rows = (lower.team.row, upper.team.row + 1)
    if edge.kind == "reports-to" and upper is b:
        lane_rows = lane_rows[::-1]
    for lane_row in lane_rows:
        lane_y = lanes.get(lane_row, {}).get(edge.kind)
        if lane_y is not None:
            candidates.append(((x_up, upper.bottom), (x_up, lane_y), (x_low, lane_y), (x_low, lower.y)))
    chosen = next((c for c in candidates if not _crosses(c, boxes, skip)), candidates[0])
    return chosen if upper is a else tuple(reversed(chosen))


# ============================================================================
# SVG
# ============================================================================


def width_for_span(span: float) -> float:
    """Width of a chart whose columns run from 0 to `span`."""
    return 2 * MARGIN + span * COL_W + BOX_W + 2 * FRAME_PAD


def size_class(width: float) -> str:
    """CSS class that lets the chart shrink to fit, but never below the width at which its smallest text is 12 px.

    pictures.css holds one rule per possible width (see `size_rules`); a class keeps the HTML free of inline styles.
    """
    return f"oc-w{round(width)}"


def size_rules() -> list[str]:
    """The CSS rules behind `size_class`, one per possible chart width (spans 0 to MAX_SPAN in steps of 0.5)."""
    rules = []
    for half in range(0, MAX_SPAN * 2 + 1):
        width = width_for_span(half / 2)
        rules.append(
            f".oc-svg.{size_class(width)} {{ min-width: {math.ceil(width * MIN_TEXT_PX / NOTE_FONT)}px; max-width: {round(width)}px; }}"
        )
    return rules


def _num(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _markers(prefix: str, kinds: Sequence[str]) -> str:
    """One arrowhead per relation kind present (coloured by the kind's CSS class)."""
    out = []
    for kind in kinds:
        out.append(
            f'<marker id="{prefix}-arrow-{kind}" class="oc-arrow oc-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="11" markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z"/></marker>'
        )
    return f"<defs>{''.join(out)}</defs>"


def _name(chart: OrgChart, team_id: str) -> str:
    """A team's label, made unique with the frame it sits in ('Team manager in Feature team A')."""
    team = chart.team(team_id)
    group = next((g for g in chart.groups if team_id in g.members), None)
    if group and group.label != team.label:
        return f"{team.label} in {group.label}"
    return team.label


def relation_sentence(chart: OrgChart, edge: Edge) -> str:
    """One relation as a sentence: 'Core ML team reports to Science leadership.'"""
    verb = EDGE_KINDS[edge.kind][0]
    note = f": {edge.note}" if edge.note else ""
    return f"{_name(chart, edge.source)} {verb} {_name(chart, edge.target)}{note}."


def svg(chart: OrgChart, model: Model, prefix: str) -> str:
    """The org chart as one <svg> element (well-formed XML; all data text escaped)."""
    lay = layout(chart)
    kinds = [k for k in _KIND_ORDER if any(e.kind == k for e in chart.edges)]
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="oc-svg {size_class(lay.width)}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'viewBox="0 0 {_num(lay.width)} {_num(lay.height)}" width="{_num(lay.width)}" height="{_num(lay.height)}" '
        f'data-model="{attr(chart.model)}">',
        f'<title id="{title_id}">{text(f"Org chart of the {model.label} model")}</title>',
        f'<desc id="{desc_id}">{text(chart.description)}</desc>',
        _markers(prefix, kinds),
    ]
    # Frames first (behind), then arrows, then boxes on top.
    parts.append('<g class="oc-frames">')
    for label, x, y, w, h in lay.frames:
        parts.append(
            f'<g class="oc-frame"><rect x="{_num(x)}" y="{_num(y)}" width="{_num(w)}" height="{_num(h)}" rx="10"/>'
            f'<text x="{_num(x + 10)}" y="{_num(y + 18)}" font-size="{NOTE_FONT}" class="oc-frame-label">{text(label)}</text></g>'
        )
    parts.append('</g><g class="oc-edges">')
    for edge, points in lay.paths:
        d = "M" + " L".join(f"{_num(x)},{_num(y)}" for x, y in points)
        start = f' marker-start="url(#{prefix}-arrow-{edge.kind})"' if edge.kind == "works-with" else ""
        parts.append(
            f'<g class="oc-edge oc-{edge.kind}" data-from="{attr(edge.source)}" data-to="{attr(edge.target)}" data-kind="{edge.kind}">'
            f"<title>{text(relation_sentence(chart, edge))}</title>"
            f'<path d="{d}" fill="none"{start} marker-end="url(#{prefix}-arrow-{edge.kind})"/></g>'
        )
    parts.append('</g><g class="oc-nodes">')
    for team in chart.teams:
        box = lay.boxes[team.id]
        # One <text> per line, so the words stay words when the picture is read or copied as text.
        lines = []
        y = box.y + BOX_PAD_Y + LABEL_FONT
        for line in box.label:
            lines.append(
                f'<text class="oc-label" x="{_num(box.cx)}" y="{_num(y)}" font-size="{LABEL_FONT}" font-weight="700" '
                f'text-anchor="middle">{text(line)}</text>'
            )
            y += LABEL_LH
        if box.note:
            y += NOTE_FONT - LABEL_FONT + 2
            for line in box.note:
                lines.append(
                    f'<text class="oc-note" x="{_num(box.cx)}" y="{_num(y)}" font-size="{NOTE_FONT}" text-anchor="middle">{text(line)}</text>'
                )
                y += NOTE_LH
        label, note = "".join(lines), ""
        parts.append(
            f'<g class="oc-node oc-kind-{team.kind}" data-team="{attr(team.id)}">'
            f'<rect x="{_num(box.x)}" y="{_num(box.y)}" width="{_num(box.w)}" height="{_num(box.h)}" rx="6"/>'
            f"{label}{note}</g>"
        )
    parts.append("</g></svg>")
    return "".join(parts)


def _legend(chart: OrgChart) -> str:
    """Line styles and box kinds used in this chart, each drawn and named (never colour alone)."""
    items = []
    for kind in _KIND_ORDER:
        if any(e.kind == kind for e in chart.edges):
            items.append(
                f'<li><svg class="oc-swatch" width="40" height="14" viewBox="0 0 40 14" aria-hidden="true" focusable="false">'
                f'<g class="oc-edge oc-{kind}"><path d="M2,7 L36,7" fill="none"/><path class="oc-head" d="M32,3 L38,7 L32,11 z"/></g></svg>'
                f"{text(EDGE_KINDS[kind][1])}</li>"
            )
    for kind, meaning in TEAM_KINDS.items():
        if any(t.kind == kind for t in chart.teams):
            items.append(
                f'<li><svg class="oc-swatch" width="24" height="16" viewBox="0 0 24 16" aria-hidden="true" focusable="false">'
                f'<g class="oc-node oc-kind-{kind}"><rect x="1" y="1" width="22" height="14" rx="3"/></g></svg>{text(meaning)}</li>'
            )
    return f'<ul class="oc-legend">{"".join(items)}</ul>'


def org_diagram(data: Dataset, model_id: str, prefix: str | None = None, compact: bool = False) -> str:
    """A <figure>: the chart (scrolls sideways on narrow screens), its description, legend and the chart in words.

    compact: without the teams' notes (the short line under a team's name), for a slide or a
    handout where the chart is drawn large and the speaker or the page's text says the rest.
    """
    chart, model = data.org_chart(model_id), data.model(model_id)
    if compact:
        chart = replace(chart, teams=tuple(replace(t, note=None) for t in chart.teams))
    prefix = prefix or f"oc-{model_id}"
    words = "".join(f"<li>{text(relation_sentence(chart, e))}</li>" for e in chart.edges)
    return (
        f'<figure class="orgchart{" oc-compact" if compact else ""}" id="{attr(prefix)}" data-model="{attr(model_id)}">'
        f'<div class="oc-scroll" tabindex="0">'
        f"{svg(chart, model, prefix)}</div>"
        f'<p class="oc-scroll-hint">Scroll sideways to see the whole chart.</p>'
        f'<figcaption><p class="oc-caption"><strong>{text(model.label)}.</strong> {text(chart.description)}</p>'
        f"{_legend(chart)}"
        f'<details class="oc-words"><summary>The chart in words</summary><ul>{words}</ul></details>'
        f"</figcaption></figure>"
    )
