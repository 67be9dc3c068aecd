"""The decision aid "Which model fits us?" in headless Chromium, on the session's strict build.

The browser's ranking and places must equal `scripts.pipeline.render.decide.ranking` and `places` computed
in Python from the data file (a tie shown as a shared place); answers live in the address, and a
malformed address gives no answers and no error; reload restores them; "start over" clears them; no
request leaves the site; keyboard-only use works; without JavaScript the page still explains
scoring by hand.
"""

from __future__ import annotations

import random
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page

from scripts.pipeline.render.decide import places, ranking
from tests.browser.conftest import RequestLog
from tests.conftest import dataset

data = dataset()
QUESTION_IDS = [q.id for q in data.questions]


def answer_sets() -> list[dict[str, str]]:
    """Several answer sets made from the data: none, all first, all last, all middle, half, and seeded random ones."""
    rng = random.Random(5)
    sets = [
        {},
        {q.id: q.answers[0].id for q in data.questions},
        {q.id: q.answers[-1].id for q in data.questions},
        {q.id: q.answers[len(q.answers) // 2].id for q in data.questions},
        {q.id: q.answers[-1].id for q in data.questions[: len(data.questions) // 2]},
    ]
    for _ in range(4):
        sets.append({q.id: rng.choice(q.answers).id for q in data.questions if rng.random() < 0.8})
    return sets


def decide_url(site_url: str, answers: dict[str, str]) -> str:
    return site_url + "decide/" + (f"?{urlencode(answers)}" if answers else "")


def browser_ranking(page: Page) -> list[tuple[str, int]]:
    """(model id, points) in the order the page shows them."""
    return [
        (model, int(score))
        for model, score in page.eval_on_selector_all(
            "#decide-ranking li.decide-rank", "els => els.map(e => [e.dataset.model, e.dataset.score])"
        )
    ]


def browser_places(page: Page) -> dict[str, int]:
    return {
        model: int(place)
        for model, place in page.eval_on_selector_all(
            "#decide-ranking li.decide-rank", "els => els.map(e => [e.dataset.model, e.dataset.place])"
        )
    }


def tied_answer_set() -> dict[str, str]:
    """The first full answer set (in a fixed random order) whose top place is shared."""
    rng = random.Random(11)
    while True:
        answers = {q.id: rng.choice(q.answers).id for q in data.questions}
        if list(places(data, answers).values()).count(1) > 1:
            return answers


def checked(page: Page) -> dict[str, str]:
    """The answer the form shows for each question ('' = not sure)."""
    return {qid: page.eval_on_selector(f'input[name="{qid}"]:checked', "e => e.value") for qid in QUESTION_IDS}


def answers_in_address(page: Page) -> dict[str, str]:
    query = parse_qs(urlsplit(page.url).query)
    return {k: v[0] for k, v in query.items() if k in QUESTION_IDS}


@pytest.fixture
def log(context: BrowserContext) -> RequestLog:
    return RequestLog(context)


@pytest.mark.parametrize("answers", answer_sets(), ids=[f"set{n}-{len(a)}-answers" for n, a in enumerate(answer_sets())])
def test_browser_ranking_equals_python_ranking(page: Page, site_url: str, answers: dict[str, str]) -> None:
    page.goto(decide_url(site_url, answers))
    page.wait_for_selector("#decide-ranking li.decide-rank")
    assert browser_ranking(page) == ranking(data, answers)
    assert browser_places(page) == places(data, answers)
    assert checked(page) == {qid: answers.get(qid, "") for qid in QUESTION_IDS}
    if answers:
        assert f"{len(answers)} of {len(QUESTION_IDS)} questions answered" in page.inner_text("#decide-status")


def test_answering_changes_ranking_and_address_and_reload_restores_it(page: Page, site_url: str, log: RequestLog) -> None:
    page.goto(decide_url(site_url, {}))
    before = browser_ranking(page)
    assert before == ranking(data, {}) and all(score == 0 for _, score in before)
    question = data.questions[2]
    answer = question.answers[-1]
    page.click(f'label[for="q-{question.id}-{answer.id}"]')
    after = browser_ranking(page)
    assert after != before and after == ranking(data, {question.id: answer.id})
    assert answers_in_address(page) == {question.id: answer.id}
    # The result is announced politely, and names the best fit.
    status = page.locator("#decide-status")
    assert status.get_attribute("aria-live") == "polite"
    assert data.model(after[0][0]).label in status.inner_text()
    # Keyboard only: Tab into another question's radio group and move with the arrow keys.
    other = data.questions[0]
    page.focus(f"#q-{other.id}-{other.answers[0].id}")
    page.keyboard.press("ArrowDown")
    expected = {question.id: answer.id, other.id: other.answers[1].id}
    assert answers_in_address(page) == expected
    assert browser_ranking(page) == ranking(data, expected)
    # Reload: the address brings the same answers and the same ranking back.
    page.reload()
    page.wait_for_selector("#decide-ranking li.decide-rank")
    assert {k: v for k, v in checked(page).items() if v} == expected
    assert browser_ranking(page) == ranking(data, expected)
    # The risks shown are the best fit's weaknesses from the data file.
    best = data.model(ranking(data, expected)[0][0])
    risks = page.inner_text("#decide-risks")
    assert best.label in risks and all(w.text in risks for w in best.weaknesses)
    assert log.offsite(site_url) == []


def test_start_over_clears_answers_address_and_ranking(page: Page, site_url: str, log: RequestLog) -> None:
    answers = answer_sets()[1]
    page.goto(decide_url(site_url, answers) + "&h=keep")  # other parameters of the address are left alone
    assert browser_ranking(page) == ranking(data, answers)
    # "Show my result" (the form's submit button) takes keyboard and screen-reader users to the result.
    page.focus("#decide-show")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "decide-result-title"
    assert answers_in_address(page) == answers
    page.click("#decide-reset")
    assert all(v == "" for v in checked(page).values())
    assert answers_in_address(page) == {}
    assert parse_qs(urlsplit(page.url).query) == {"h": ["keep"]}
    assert browser_ranking(page) == ranking(data, {})
    assert "cleared" in page.inner_text("#decide-status")
    # Focus returns to the first question, so keyboard users start again from the top.
    assert page.evaluate("document.activeElement.name") == QUESTION_IDS[0]
    assert log.offsite(site_url) == []


def test_a_tampered_address_is_ignored(page: Page, site_url: str) -> None:
    q = data.questions[0]
    page.goto(decide_url(site_url, {q.id: "no-such-answer", "no-such-question": "x"}))
    assert browser_ranking(page) == ranking(data, {})
    assert checked(page)[q.id] == ""


@pytest.mark.parametrize(
    "query",
    ["%", "%E0%A4%A", "{q}=%", "{q}=%FF%FE", "{q}=%E0%A4%A&{q}=x", "{q}%00=1&%%%", "{q}={a}%C0%AF"],
)
def test_a_malformed_address_gives_no_answers_and_no_error(page: Page, site_url: str, query: str) -> None:
    """Bad percent-encoding in the address: the aid starts with no answers; nothing is thrown."""
    q = data.questions[0]
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(site_url + "decide/?" + query.format(q=q.id, a=q.answers[0].id))
    page.wait_for_selector("#decide-ranking li.decide-rank")
    assert errors == []
    assert browser_ranking(page) == ranking(data, {})
    assert all(v == "" for v in checked(page).values())
    assert "No answers yet" in page.inner_text("#decide-status")


def test_a_tie_at_the_top_is_shown_as_a_tie(page: Page, site_url: str) -> None:
    answers = tied_answer_set()
    expected = places(data, answers)
    top = sorted((m for m, p in expected.items() if p == 1), key=lambda m: data.model(m).label)
    page.goto(decide_url(site_url, answers))
    assert browser_places(page) == expected
    status = page.inner_text("#decide-status")
    assert "tied" in status and all(data.model(m).label in status for m in top)
    assert sorted(page.eval_on_selector_all("li.decide-best", "els => els.map(e => e.dataset.model)")) == sorted(top)
    # Every tied model's risks are shown, not only the first one's.
    risks = page.inner_text("#decide-risks")
    assert all(data.model(m).label in risks for m in top)


def test_explanations_link_to_the_questions_and_the_deep_dives(page: Page, site_url: str, built_site: Path) -> None:
    answers = answer_sets()[2]
    page.goto(decide_url(site_url, answers))
    best = page.locator("#decide-ranking li.decide-best")
    assert best.locator("details").get_attribute("open") is not None
    # "Pushed toward it" names an answer that really gave the best model its largest weight.
    model_id = best.get_attribute("data-model")
    top = max(data.question(q).answer(a).weight(model_id) for q, a in answers.items())
    toward = best.locator(".decide-push").first.inner_text()
    assert f"(+{top})" in toward
    hrefs = best.locator(".decide-push a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs and all(h.startswith("#q-") and page.locator(h).count() == 1 for h in hrefs)
    # Every link to a deep-dive page or section resolves to a built page and an element with that id.
    links = page.eval_on_selector_all("#decide-risks a, #decide-ranking .decide-rank-head a", "els => els.map(e => e.href)")
    assert links
    for url in links:
        path, _, fragment = url[len(site_url) :].partition("#")
        html = built_site / path / "index.html"
        assert html.is_file(), url
        if fragment:
            assert BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").find(id=fragment) is not None, url


def test_without_javascript_the_questions_and_scoring_by_hand_remain(browser: Browser, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(decide_url(site_url, {}))
        assert page.locator("fieldset.decide-q").count() == len(QUESTION_IDS)
        assert page.is_visible(".decide-byhand")
        assert page.is_hidden("#decide-result") and page.is_hidden("#decide-reset")
        # The points to add up are in the page for every answer of every question.
        rows = page.locator("table.decide-weights tr[data-answer]").count()
        assert rows == sum(len(q.answers) for q in data.questions)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_decide_page_with_a_result_has_no_axe_violations(browser: Browser, site_url: str, scheme: str) -> None:
    from tests.browser.test_a11y import SCHEMES, axe_violations, describe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(decide_url(site_url, answer_sets()[3]))
        page.evaluate("document.querySelectorAll('#decide details').forEach(d => d.open = true)")
        assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
        found = axe_violations(page)
        assert found == [], describe({f"decide ({scheme})": found})
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_decide_page_fits_a_phone_with_every_table_open(browser: Browser, site_url: str, scheme: str) -> None:
    """At 360 px the page never scrolls sideways: wide tables scroll inside their own box."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(decide_url(site_url, answer_sets()[1]))
        page.evaluate("document.querySelectorAll('#decide details').forEach(d => d.open = true)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.eval_on_selector_all(".decide-table-scroll", "els => els.every(e => e.scrollWidth > e.clientWidth)")
        font = page.eval_on_selector_all(
            "#decide label, #decide legend, #decide-result li",
            "els => Math.min(...els.map(e => parseFloat(getComputedStyle(e).fontSize)))",
        )
        assert font >= 12
    finally:
        context.close()


def test_the_result_is_announced_to_other_scripts_with_the_ranking(page: Page, site_url: str) -> None:
    """'decide:result' lets later additions (e.g. what to read next) extend the result without the scoring code."""
    page.goto(decide_url(site_url, {}))
    page.evaluate(
        "document.getElementById('decide').addEventListener('decide:result', e => {"
        " window.lastResult = {answers: e.detail.answers,"
        " rows: e.detail.rows.map(r => [r.model.id, r.total, r.place])}; })"
    )
    question = data.questions[1]
    answer = question.answers[0]
    page.click(f'label[for="q-{question.id}-{answer.id}"]')
    got = page.evaluate("window.lastResult")
    answers = {question.id: answer.id}
    assert got["answers"] == answers
    expected_places = places(data, answers)
    assert [(m, s, expected_places[m]) for m, s in ranking(data, answers)] == [tuple(r) for r in got["rows"]]
    assert page.locator("#decide-extra").count() == 1
