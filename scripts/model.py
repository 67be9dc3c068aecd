"""Typed, immutable view of the data file.

The loader (`scripts.loader`) builds a `Dataset` from the YAML; renderers read it.
Nothing here knows about MkDocs, so the site generator can change without touching it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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
class CaseStudy:
    id: str
    title: str
    organisation: str
    model: str
    goal: Claim
    facts: tuple[Claim, ...]
    in_the_talk: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Mechanism:
    id: str
    label: str
    how: str
    eases: str
    cost: str
    sources: tuple[str, ...]


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
class Answer:
    """One answer to a question and the points it gives each model."""

    id: str
    label: str
    weights: tuple[tuple[str, int], ...]  # (model id, points) in file order

    def weight(self, model_id: str) -> int:
        return dict(self.weights).get(model_id, 0)


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
