"""The playbook in headless Chromium: the worked example's link opens the decision aid with its
answers filled in, and the aid's result shows the playbook sections of the best fit only.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Page

from scripts.pipeline.render.decide import ranking, scores
from tests.conftest import dataset

data = dataset()


def best_fits(answers: dict[str, str]) -> set[str]:
    """The model or models with the highest score (a tie shows every tied model's sections)."""
    points = scores(data, answers)
    return {m for m, p in points.items() if p == max(points.values())}


def visible_playbook_models(page: Page) -> list[str]:
    return page.eval_on_selector_all(
        "#decide-playbook .decide-playbook-model", "els => els.filter(e => !e.hidden).map(e => e.dataset.model)"
    )


def test_worked_example_link_fills_in_the_aid(page: Page, site_url: str) -> None:
    page.goto(site_url + "playbook/worked-example/")
    link = page.locator(".decide-example-link a")
    expected = dict(parse_qsl(urlsplit(link.get_attribute("href")).query))
    link.click()
    page.wait_for_url("**/decide/?*")
    page.wait_for_selector("#decide.decide-ready")
    shown = {q.id: page.eval_on_selector(f'input[name="{q.id}"]:checked', "e => e.value") for q in data.questions}
    assert shown == expected, "the aid does not show the worked example's answers"
    assert page.eval_on_selector("#decide-ranking li.decide-best", "e => e.dataset.model") == ranking(data, expected)[0][0]
    # The playbook sections sit in the result area and only the best fit's (all tied ones) are shown.
    assert page.eval_on_selector("#decide-playbook", "e => !!e.closest('#decide-result')")
    assert set(visible_playbook_models(page)) == best_fits(expected)


def test_without_answers_every_models_sections_are_listed(page: Page, site_url: str) -> None:
    page.goto(site_url + "decide/")
    page.wait_for_selector("#decide.decide-ready")
    assert visible_playbook_models(page) == [m.id for m in data.models]
    # Answering one question narrows the list to the new best fit.
    question = data.questions[0]
    answer = question.answers[0]
    page.check(f'input[name="{question.id}"][value="{answer.id}"]')
    shown = visible_playbook_models(page)
    assert set(shown) == best_fits({question.id: answer.id}) and len(shown) < len(data.models)
