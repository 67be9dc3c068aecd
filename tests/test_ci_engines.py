"""CI runs both engines' builds and gives the browser tests a browser that GitHub's runners have."""

from __future__ import annotations

import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
# Where GitHub's Ubuntu runner images install browsers (actions/runner-images, google-chrome.sh):
# Google Chrome from its .deb, and a Chromium snapshot linked as /usr/bin/chromium.
RUNNER_BROWSERS = {"/usr/bin/google-chrome", "/usr/bin/chromium"}


def _jobs(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))["jobs"]


def _runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_ci_builds_with_both_engines_and_tests() -> None:
    job = _jobs("ci.yml")["test"]
    runs = _runs(job)
    for command in ("make build\n", "make build-zensical", "make test"):
        assert command in runs + "\n", command


def test_browser_path_comes_from_one_variable_that_exists_on_github_runners() -> None:
    for name in sorted(p.name for p in WORKFLOWS.glob("*.yml")):
        for job_name, job in _jobs(name).items():
            runs = _runs(job)
            assert "apt-get install" not in runs or "chromium" not in runs, f"{name}:{job_name}: Ubuntu's chromium is a snap"
            if "make test" in runs:
                assert job.get("env", {}).get("CHROMIUM_PATH") in RUNNER_BROWSERS, f"{name}:{job_name}: CHROMIUM_PATH"


def test_make_test_installs_the_zensical_environment() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_rule = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "$(ZVENV)/.installed" in test_rule
    assert "requirements/zensical.txt" in makefile
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
