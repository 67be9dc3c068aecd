"""The decision aid's points follow from the comparison's levels by one rule, and the aid is balanced.

- every answer's points equal the documented rule applied to the levels (recomputed here
  independently), plus only the named exceptions, each with a reason and sources;
- a model added to a copy of the data file gets its points with no edit under `questions`;
- no tie is settled by the order of the models in the data file;
- calibration over every full answer set: the talk's three models each first alone in at least
  15%, no model in more than 40%, every model first for at least one answer set, ties under 5%;
- consistency with the talk and the sources, checked for every answer set: needing more long-term
  research never lowers the centralised model against the embedded one, faster-changing product
  needs never lower the embedded model against the centralised one, more teams sharing one ML
  capability never lowers a reuse-oriented model against any other, and moving ML effort more
  often never lowers the centralised model against the embedded one.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.pipeline.loader import load
from scripts.pipeline.model import Adjustment, answer_weights
from scripts.pipeline.render import decide
from tests import data_edits
from tests.conftest import DATA, dataset

TEXT = DATA.read_text(encoding="utf-8")
data = dataset()
MODELS = [m.id for m in data.models]
TALK_MODELS = ("centralised", "embedded", "hybrid")


def level(model_id: str, dim_id: str) -> int:
    """A model's level on a dimension counted from the middle: very low -2 .. very high +2."""
    return data.level(data.position(model_id, dim_id).level).value - 3


# ============================================================================
# The rule
# ============================================================================


def test_the_rule_on_a_small_example() -> None:
    levels = {("a", "x"): 5, ("b", "x"): 3, ("c", "x"): 1, ("a", "y"): 4, ("b", "y"): 2, ("c", "y"): 3}
    value = lambda m, d: levels[(m, d)]  # noqa: E731
    # More of x (x2), less of y (x1).
    assert answer_weights((("x", 2), ("y", -1)), "abc", value) == (("a", 3), ("b", 1), ("c", -4))
    # A middle level of x: +1 at medium, 0 one step away, -1 at either end; times the strength.
    assert answer_weights((), "abc", value, middle=(("x", 2),)) == (("a", -2), ("b", 2), ("c", -2))
    assert answer_weights((), "abc", value, middle=(("y", 1),)) == (("a", 0), ("b", 0), ("c", 1))
    # A named exception adds its points to one model only.
    bonus = (Adjustment("b", 2, "why", ("talk",)),)
    assert answer_weights((("x", 1),), "abc", value, bonus) == (("a", 2), ("b", 2), ("c", -2))
    # Asking for nothing gives every model 0.
    assert answer_weights((), "abc", value) == (("a", 0), ("b", 0), ("c", 0))


def test_every_point_in_the_data_follows_from_the_levels_by_the_rule() -> None:
    for question in data.questions:
        named = {d for a in question.answers for d, _ in (*a.wants, *a.middle)}
        assert named == set(question.dimensions), question.id
        for answer in question.answers:
            for model_id in MODELS:
                expected = sum(s * level(model_id, d) for d, s in answer.wants)
                expected += sum(s * (1 - abs(level(model_id, d))) for d, s in answer.middle)
                expected += sum(x.points for x in answer.adjustments if x.model == model_id)
                assert answer.weight(model_id) == expected, (question.id, answer.id, model_id)


def test_hand_adjustments_are_few_named_and_listed_on_the_page() -> None:
    adjustments = [(q, a, x) for q in data.questions for a in q.answers for x in a.adjustments]
    assert len(adjustments) <= 3, "the rule, not hand adjustments, should set the points"
    page = BeautifulSoup(decide.exceptions_list(data, lambda r: f"#ref-{r}"), "html.parser")
    items = page.select("li")
    assert len(items) == len(adjustments)
    for (q, a, x), item in zip(adjustments, items, strict=True):
        assert (item["data-question"], item["data-answer"], item["data-model"]) == (q.id, a.id, x.model)
        assert x.reason.strip() and x.sources
        assert x.reason in item.get_text()
        assert a.rule_weight(x.model) == a.weight(x.model) - x.points
    # Without exceptions the list says so instead of being empty.
    bare = replace(
        data, questions=tuple(replace(q, answers=tuple(replace(a, adjustments=()) for a in q.answers)) for q in data.questions)
    )
    assert "no exceptions" in decide.exceptions_list(bare, lambda r: r)


def test_a_new_model_gets_computed_points_with_no_edit_to_the_questions(tmp_path: Path) -> None:
    text = data_edits.add_model(TEXT)
    # Give the new model a distinctive level on one dimension, so its points are not all trivial.
    needle = f"  - model: {data_edits.NEW_MODEL}\n    dimension: long-term-research\n    level: medium\n"
    assert needle in text
    text = text.replace(needle, needle.replace("level: medium", "level: very-high"))
    assert text[text.index("\nquestions:") :] == TEXT[TEXT.index("\nquestions:") :], "questions must stay untouched"
    path = tmp_path / "organisation-models.yaml"
    path.write_text(text, encoding="utf-8")
    bigger = load(path)
    new = data_edits.NEW_MODEL
    research = bigger.question("research-horizon")
    for answer in research.answers:
        wanted = sum(s * 2 for d, s in answer.wants if d == "long-term-research")
        middle = sum(s * (1 - 2) for d, s in answer.middle if d == "long-term-research")
        assert answer.weight(new) == wanted + middle
    for question in bigger.questions:
        for answer in question.answers:
            assert [m for m, _ in answer.weights] == [m.id for m in bigger.models]
            # The existing models keep exactly the points they had.
            old = data.question(question.id).answer(answer.id)
            assert [w for m, w in answer.weights if m != new] == [w for _, w in old.weights]
    # And it takes part in the ranking and the calibration like any other model.
    assert new in dict(decide.ranking(bigger, {"research-horizon": "a-lot"}))


# ============================================================================
# Ties
# ============================================================================


def sample_answer_sets(n: int, seed: int = 13) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{q.id: rng.choice(q.answers).id for q in data.questions if rng.random() < 0.9} for _ in range(n)]


def test_no_tie_is_settled_by_the_order_of_the_models() -> None:
    shuffled = list(data.models)
    random.Random(3).shuffle(shuffled)
    others = (replace(data, models=tuple(reversed(data.models))), replace(data, models=tuple(shuffled)))
    ties = 0
    for answers in sample_answer_sets(1500) + [{}]:
        places = decide.places(data, answers)
        totals = decide.scores(data, answers)
        # Equal points, equal place; more points, a better place.
        for a, b in itertools.combinations(MODELS, 2):
            assert (places[a] == places[b]) == (totals[a] == totals[b])
            if totals[a] > totals[b]:
                assert places[a] < places[b]
        ties += list(places.values()).count(1) > 1
        for other in others:
            assert decide.places(other, answers) == places
            assert decide.ranking(other, answers) == decide.ranking(data, answers)
    assert ties > 0, "the sample should contain at least one tie at the top"


# ============================================================================
# Calibration
# ============================================================================


@pytest.fixture(scope="module")
def cal() -> decide.Calibration:
    return decide.calibration(data)


def test_calibration_counts_every_full_answer_set(cal: decide.Calibration) -> None:
    expected = 1
    for q in data.questions:
        expected *= len(q.answers)
    assert cal.total == expected
    assert sum(cal.first.values()) + cal.tied == cal.total


def test_calibration_meets_the_balance_targets(cal: decide.Calibration) -> None:
    shares = {m: round(cal.share(m), 1) for m in MODELS}
    for model_id in TALK_MODELS:
        assert cal.share(model_id) >= 15, shares
    assert all(cal.share(m) <= 40 for m in MODELS), shares
    assert all(cal.first[m] > 0 for m in MODELS), shares
    assert cal.tied_share < 5, (shares, cal.tied_share)


def test_calibration_agrees_with_the_ranking_on_a_sample(cal: decide.Calibration) -> None:
    """Recount a random sample of full answer sets with `places` and compare with the exact shares."""
    rng = random.Random(7)
    n, first, tied = 4000, dict.fromkeys(MODELS, 0), 0
    for _ in range(n):
        answers = {q.id: rng.choice(q.answers).id for q in data.questions}
        top = [m for m, p in decide.places(data, answers).items() if p == 1]
        if len(top) > 1:
            tied += 1
        else:
            first[top[0]] += 1
    for m in MODELS:
        assert abs(100 * first[m] / n - cal.share(m)) < 2.5, m
    assert abs(100 * tied / n - cal.tied_share) < 2


def test_each_models_best_case_makes_it_first_alone_by_the_stated_lead(cal: decide.Calibration) -> None:
    for model_id in MODELS:
        found = cal.best_case[model_id]
        assert found is not None, model_id
        answers, lead = found
        assert set(answers) == {q.id for q in data.questions}
        totals = decide.scores(data, answers)
        assert totals[model_id] - max(t for m, t in totals.items() if m != model_id) == lead > 0
    html = BeautifulSoup(decide.best_cases(data, "../decide/"), "html.parser")
    assert [li["data-model"] for li in html.select("li[data-model]")] == MODELS
    assert all(li.a["href"].startswith("../decide/?") for li in html.select("li[data-model]"))


def test_the_page_shows_the_computed_shares(cal: decide.Calibration) -> None:
    html = BeautifulSoup(decide.calibration_table(data), "html.parser")
    for model_id in MODELS:
        cell = html.select_one(f'tr[data-model="{model_id}"] td')
        assert cell.get_text() == f"{cal.share(model_id):.1f}%"
    assert html.select_one("tr.decide-cal-tie td").get_text() == f"{cal.tied_share:.1f}%"
    assert f"{cal.total:,}" in html.caption.get_text()


# ============================================================================
# Consistency with the talk and the sources, for every answer set
# ============================================================================

REUSE_ORIENTED = tuple(m for m in MODELS if level(m, "platform-reuse") >= 1)

# (question, its answers from less to more, model that must never lose ground, model it is compared with)
RULES = [
    ("research-horizon", ("little", "some", "a-lot"), "centralised", "embedded"),  # talk: research room
    ("pace-of-change", ("slowly", "every-few-months", "fast"), "embedded", "centralised"),  # talk: adaptability
    ("company-priorities", ("rarely", "sometimes", "often"), "centralised", "embedded"),  # FSDL: marshal resources
    *(
        ("shared-capability", ("separate", "some-pieces", "platform"), r, other)  # talk: scalable platforms
        for r in REUSE_ORIENTED
        for other in MODELS
        if other not in REUSE_ORIENTED
    ),
]


@pytest.mark.parametrize("question_id, order, up, down", RULES, ids=[f"{r[0]}-{r[2]}-vs-{r[3]}" for r in RULES])
def test_more_of_a_need_never_lowers_the_model_built_for_it(question_id: str, order: tuple[str, ...], up: str, down: str) -> None:
    question = data.question(question_id)
    assert [a.id for a in question.answers] == list(order)
    others = [q for q in data.questions if q.id != question_id]
    gap = [question.answer(a).weight(up) - question.answer(a).weight(down) for a in order]
    per_question = [[a.weight(up) - a.weight(down) for a in q.answers] for q in others]
    checked = 0
    for combo in itertools.product(*per_question):
        base = sum(combo)
        totals = [base + g for g in gap]
        assert all(x <= y for x, y in zip(totals, totals[1:], strict=False)), (question_id, up, down, combo)
        checked += 1
    assert checked == cal_total_without(question)
    assert "centralised" in REUSE_ORIENTED and "embedded" not in REUSE_ORIENTED


def cal_total_without(question) -> int:  # noqa: ANN001
    n = 1
    for q in data.questions:
        if q.id != question.id:
            n *= len(q.answers)
    return n


def test_too_many_answer_sets_are_sampled_and_the_page_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    copy = replace(data)
    monkeypatch.setattr(decide, "EXACT_LIMIT", 20_000)  # part of the cache key: the figures are computed anew
    cal = decide.calibration(copy)
    assert not cal.exact and 0 < cal.total <= 20_000
    assert sum(cal.first.values()) + cal.tied == cal.total
    assert "a fixed random sample of" in decide.calibration_table(copy)
    monkeypatch.undo()  # the real limit: every answer set is counted
    assert "all " in decide.calibration_table(data) and decide.calibration(data).exact


def test_calibration_is_reused_while_the_points_are_the_same_and_redone_when_they_change() -> None:
    """`mkdocs serve` reloads the data file on every save: an edit that leaves every point as it was
    (a summary, a source) reuses the figures; one that changes a point computes them anew."""
    same = replace(data)  # a new dataset object with the same points
    assert same is not data and decide.calibration(same) is decide.calibration(data)
    question = data.questions[0]
    answer = question.answers[0]
    weights = tuple((m, w + 1 if m == data.models[0].id else w) for m, w in answer.weights)
    changed_question = replace(question, answers=(replace(answer, weights=weights), *question.answers[1:]))
    changed = replace(data, questions=(changed_question, *data.questions[1:]))
    assert decide.calibration(changed) is not decide.calibration(data)


def test_calibration_is_kept_between_builds_and_a_file_that_does_not_fit_is_counted_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build is a new process: with a store named, the figures are read back from a file named by the
    points, so the next build skips the count; a damaged or mismatched file is ignored, never shown."""
    monkeypatch.setattr(decide, "_STORE", tmp_path)
    monkeypatch.setattr(decide, "_CALIBRATIONS", {})
    small = replace(data, questions=data.questions[:6])  # 3^6 answer sets: counted at once
    counted = decide.calibration(small)
    files = list(tmp_path.glob("calibration-*.json"))
    assert len(files) == 1
    # The next process (memory emptied) reads the file: a consistent edit to it shows up, so it was read.
    raw = json.loads(files[0].read_text(encoding="utf-8"))
    a = max(counted.first, key=counted.first.__getitem__)  # a model that comes first, so it has a best case
    b = next(m.id for m in small.models if m.id != a)
    raw["first"][a], raw["first"][b] = raw["first"][a] + 1, raw["first"][b] - 1
    files[0].write_text(json.dumps(raw), encoding="utf-8")
    decide._CALIBRATIONS.clear()
    read = decide.calibration(small)
    assert read.first[a] == counted.first[a] + 1 and read.total == counted.total
    assert list(read.best_case[a][0]) == [q.id for q in small.questions]  # the order of the questions
    # Files that cannot be read, or whose counts do not add up, are counted again.
    for damaged in ("{", json.dumps({**raw, "tied": raw["tied"] + 1}), json.dumps({"total": 1})):
        files[0].write_text(damaged, encoding="utf-8")
        decide._CALIBRATIONS.clear()
        assert decide.calibration(small) == counted
    # Other points, another file; an unwritable store only means nothing is kept.
    question, answer = small.questions[0], small.questions[0].answers[0]
    weights = tuple((m, w + 1 if m == a else w) for m, w in answer.weights)
    changed = replace(
        small,
        questions=(replace(question, answers=(replace(answer, weights=weights), *question.answers[1:])), *small.questions[1:]),
    )
    decide.calibration(changed)
    assert len(list(tmp_path.glob("calibration-*.json"))) == 2
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setattr(decide, "_STORE", blocked / "below")
    decide._CALIBRATIONS.clear()
    assert decide.calibration(small) == counted
