"""Typed, immutable view of the data file.

The loader (`scripts.pipeline.loader`) builds a `Dataset` from the YAML; renderers read it.
Nothing here knows about MkDocs, so the site generator can change without touching it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType


@dataclass(frozen=True)
class Level:
    id: str
    label: str
    description: str
    value: int  # 1 (lowest) .. 5 (highest), from the order of the scale


@dataclass(frozen=True)
class DimensionGroup:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Dimension:
    id: str
    group: str
    label: str
    question: str
    high_means: str
    low_means: str
    # Whether more of this dimension is "better" or "worse" for an organisation, or "neutral" (it only
    # describes where things sit). The heat map colours and words each row by it.
    direction: str = "neutral"


@dataclass(frozen=True)
class Claim:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    id: str
    label: str
    family: str
    summary: str
    structure: str
    strengths: tuple[Claim, ...]
    weaknesses: tuple[Claim, ...]
    sources: tuple[str, ...]
    also_known_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Position:
    model: str
    dimension: str
    level: str
    rationale: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PresentersAccount:
    """What the talk itself presents for a case, added after the workshop (empty until then)."""

    structure: tuple[Claim, ...] = ()
    successes: tuple[Claim, ...] = ()
    challenges: tuple[Claim, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.structure or self.successes or self.challenges)


@dataclass(frozen=True)
class CaseStudy:
    id: str
    title: str
    organisation: str
    model: str
    goal: Claim
    facts: tuple[Claim, ...]
    in_the_talk: tuple[str, ...]
    sources: tuple[str, ...]
    account: PresentersAccount = PresentersAccount()


@dataclass(frozen=True)
class Mechanism:
    id: str
    label: str
    how: str
    eases: str
    cost: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PlaybookSection:
    page: str  # path under docs/, e.g. "playbook/people.md"
    anchor: str  # heading id on that page
    label: str


@dataclass(frozen=True)
class PlaybookLinks:
    """The playbook sections to read next for one model (the decision aid's result links to them)."""

    model: str
    sections: tuple[PlaybookSection, ...]


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    definition: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """One short verbatim passage of a source, and where it stands in it."""

    id: str
    quote: str
    locator: str


def split_source(source: str) -> tuple[str, str | None]:
    """'noorzad-2019#coupling' -> ('noorzad-2019', 'coupling'); a plain reference id -> (id, None)."""
    ref_id, _, evidence_id = source.partition("#")
    return ref_id, evidence_id or None


@dataclass(frozen=True)
class Reference:
    id: str
    authors: tuple[str, ...]
    title: str
    venue: str
    kind: str
    supports: str
    year: int | None = None
    date: str | None = None
    url: str | None = None
    page: str | None = None  # a page of this site, for a source with no public address
    evidence: tuple[Evidence, ...] = ()

    def piece(self, evidence_id: str) -> Evidence:
        """The evidence entry with this id (KeyError when there is none)."""
        for item in self.evidence:
            if item.id == evidence_id:
                return item
        raise KeyError(f"{self.id}#{evidence_id}")

    @property
    def short(self) -> str:
        """Author-year label, e.g. 'Skelton and Pais, 2019'."""
        names = [a.split()[-1] if " " in a and not a.isupper() else a for a in self.authors]
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}" if len(names) == 2 else f"{names[0]} et al."
        return f"{who}, {self.year}" if self.year else who


# ---- org charts (pictures) ------------------------------------------------------


@dataclass(frozen=True)
class Team:
    """A box of an org chart: a team, role or forum, placed by row (0 = top) and column."""

    id: str
    label: str
    kind: str  # leadership | science | scientist | product | forum
    row: int
    col: float | None = None  # None: spread evenly across the row in file order
    note: str | None = None


@dataclass(frozen=True)
class Edge:
    """A relation between two teams of a chart, drawn as an arrow from `source` to `target`."""

    source: str
    target: str
    kind: str  # reports-to | requests | delivers | consults | works-with
    note: str | None = None


@dataclass(frozen=True)
class TeamGroup:
    """A frame drawn around teams that belong together."""

    id: str
    label: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class OrgChart:
    """The org chart of one model."""

    model: str
    description: str
    teams: tuple[Team, ...]
    edges: tuple[Edge, ...]
    groups: tuple[TeamGroup, ...] = ()

    def team(self, team_id: str) -> Team:
        return next(t for t in self.teams if t.id == team_id)


# ---- decision aid --------------------------------------------------------------------


@dataclass(frozen=True)
class Adjustment:
    """A named exception to the weight rule: extra points for one model on one answer, with its reason."""

    model: str
    points: int
    reason: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    """One answer to a question: what it asks for (dimension -> signed strength) and the points that follow.

    `wants` maps a dimension to a whole number: positive when the answer asks for more of the
    dimension, negative when it asks for less, and its size says how much that counts. `middle`
    maps a dimension to a strength for an answer that asks for a balance, neither extreme. The points
    (`weights`) are never typed by hand: `answer_weights` computes them from the models' levels.
    """

    id: str
    label: str
    wants: tuple[tuple[str, int], ...]  # (dimension id, signed strength) in file order
    weights: tuple[tuple[str, int], ...]  # (model id, points) in the models' file order, computed
    adjustments: tuple[Adjustment, ...] = ()
    middle: tuple[tuple[str, int], ...] = ()  # (dimension id, strength): the answer asks for neither extreme

    def weight(self, model_id: str) -> int:
        return dict(self.weights).get(model_id, 0)

    def rule_weight(self, model_id: str) -> int:
        """The points from the rule alone, before any named exception."""
        return self.weight(model_id) - sum(a.points for a in self.adjustments if a.model == model_id)


@dataclass(frozen=True)
class Question:
    """A question of the decision aid, with its answers and why they weigh as they do."""

    id: str
    text: str
    help: str
    dimensions: tuple[str, ...]
    rationale: str
    sources: tuple[str, ...]
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer:
        return next(a for a in self.answers if a.id == answer_id)


MIDDLE_OF_SCALE = 3  # the value of "medium" on the five-step scale (1 = very low .. 5 = very high)


def answer_weights(
    wants: Iterable[tuple[str, int]],
    model_ids: Iterable[str],
    level_value: Callable[[str, str], int],
    adjustments: Iterable[Adjustment] = (),
    middle: Iterable[tuple[str, int]] = (),
) -> tuple[tuple[str, int], ...]:
    """The weight rule. A model's points for an answer are the sum of
    - for each dimension in `wants`: strength x (the model's level - medium), levels counted
      very low = -2, low = -1, medium = 0, high = +1, very high = +2 (so a negative strength
      rewards the models low on the dimension);
    - for each dimension in `middle`: strength x (1 - distance of the level from medium), i.e.
      +1 at medium, 0 at low or high, -1 at very low or very high;
    - plus the points of any named exception for that model.

    `level_value(model id, dimension id)` gives the model's level as 1 (very low) .. 5 (very high).
    """
    wants, middle = tuple(wants), tuple(middle)
    extra: dict[str, int] = {}
    for adj in adjustments:
        extra[adj.model] = extra.get(adj.model, 0) + adj.points

    def points(m: str) -> int:
        linear = sum(s * (level_value(m, d) - MIDDLE_OF_SCALE) for d, s in wants)
        balance = sum(s * (1 - abs(level_value(m, d) - MIDDLE_OF_SCALE)) for d, s in middle)
        return linear + balance + extra.get(m, 0)

    return tuple((m, points(m)) for m in model_ids)


# ---- the talk ----------------------------------------------------------------------


@dataclass(frozen=True)
class Presenter:
    name: str
    affiliation: str
    role: str | None = None  # only where the talk description states one
    main: bool = False


@dataclass(frozen=True)
class Talk:
    """The talk as its title slide and handout show it; optional fields are None when unknown."""

    title: str
    source: str  # id of the reference that describes the talk
    presenters: tuple[Presenter, ...]
    date: str | None = None
    venue: str | None = None
    address: str | None = None


def _index(items: Iterable) -> Mapping[str, object]:
    return MappingProxyType({item.id: item for item in items})


@dataclass(frozen=True)
class Dataset:
    """Everything in the data file, in file order, with lookups by id."""

    scale: tuple[Level, ...]
    groups: tuple[DimensionGroup, ...]
    dimensions: tuple[Dimension, ...]
    models: tuple[Model, ...]
    positions: tuple[Position, ...]
    case_studies: tuple[CaseStudy, ...]
    mechanisms: tuple[Mechanism, ...]
    glossary: tuple[Term, ...]
    references: tuple[Reference, ...]
    org_charts: tuple[OrgChart, ...] = ()
    questions: tuple[Question, ...] = ()
    playbook: tuple[PlaybookLinks, ...] = ()
    talk: Talk | None = None

    def __post_init__(self) -> None:
        # Lookups are derived once; the dataclass stays frozen.
        object.__setattr__(self, "_levels", _index(self.scale))
        object.__setattr__(self, "_groups", _index(self.groups))
        object.__setattr__(self, "_dimensions", _index(self.dimensions))
        object.__setattr__(self, "_models", _index(self.models))
        object.__setattr__(self, "_case_studies", _index(self.case_studies))
        object.__setattr__(self, "_references", _index(self.references))
        object.__setattr__(self, "_terms", _index(self.glossary))
        object.__setattr__(self, "_questions", _index(self.questions))
        object.__setattr__(self, "_playbook", MappingProxyType({p.model: p.sections for p in self.playbook}))
        object.__setattr__(self, "_org_charts", MappingProxyType({c.model: c for c in self.org_charts}))
        object.__setattr__(self, "_positions", MappingProxyType({(p.model, p.dimension): p for p in self.positions}))
        object.__setattr__(self, "_ref_numbers", MappingProxyType({r.id: n for n, r in enumerate(self.references, 1)}))

    # ---- lookups ---------------------------------------------------------------
    def level(self, level_id: str) -> Level:
        return self._levels[level_id]  # type: ignore[attr-defined]

    def group(self, group_id: str) -> DimensionGroup:
        return self._groups[group_id]  # type: ignore[attr-defined]

    def dimension(self, dimension_id: str) -> Dimension:
        return self._dimensions[dimension_id]  # type: ignore[attr-defined]

    def model(self, model_id: str) -> Model:
        return self._models[model_id]  # type: ignore[attr-defined]

    def case_study(self, case_id: str) -> CaseStudy:
        return self._case_studies[case_id]  # type: ignore[attr-defined]

    def reference(self, ref_id: str) -> Reference:
        return self._references[ref_id]  # type: ignore[attr-defined]

    def term(self, term_id: str) -> Term:
        return self._terms[term_id]  # type: ignore[attr-defined]

    def position(self, model_id: str, dimension_id: str) -> Position:
        return self._positions[(model_id, dimension_id)]  # type: ignore[attr-defined]

    def org_chart(self, model_id: str) -> OrgChart:
        return self._org_charts[model_id]  # type: ignore[attr-defined]

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]  # type: ignore[attr-defined]

    def playbook_for(self, model_id: str) -> tuple[PlaybookSection, ...]:
        """The playbook sections listed for a model (none if the data file lists none)."""
        return self._playbook.get(model_id, ())  # type: ignore[attr-defined]

    def ref_number(self, ref_id: str) -> int:
        """Stable citation number: the reference's place in the reference list."""
        return self._ref_numbers[ref_id]  # type: ignore[attr-defined]

    # ---- filtered views ----------------------------------------------------------
    def select_models(self, ids: Sequence[str] | None = None, family: str | None = None) -> tuple[Model, ...]:
        """Models in file order, or in the order given by `ids`."""
        chosen = tuple(self.model(i) for i in ids) if ids else self.models
        return tuple(m for m in chosen if family is None or m.family == family)

    def select_dimensions(self, ids: Sequence[str] | None = None, group: str | None = None) -> tuple[Dimension, ...]:
        """Dimensions in file order, or in the order given by `ids`, optionally of one group."""
        chosen = tuple(self.dimension(i) for i in ids) if ids else self.dimensions
        return tuple(d for d in chosen if group is None or d.group == group)

    def ids(self, kind: str) -> tuple[str, ...]:
        """All ids of one collection ('models', 'dimensions', ...), for error messages."""
        return tuple(item.id for item in getattr(self, kind))
