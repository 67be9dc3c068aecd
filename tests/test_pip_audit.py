"""The supply-chain audit's fallback (scripts/tools/quality/pip_audit.py): reading PyPI's latest-release advisories."""

from __future__ import annotations

import urllib.error
from pathlib import Path

import pytest

from scripts.tools.quality import pip_audit
from scripts.tools.quality.pip_audit import HELD, audit_latest, print_report, read_pins

ROOT = Path(__file__).resolve().parents[1]


def project(version: str, *vulns: dict) -> dict:
    return {"info": {"version": version}, "vulnerabilities": list(vulns)}


def fake(answers: dict[str, dict | Exception]):
    def fetch(url: str) -> dict:
        name = url.removeprefix("https://pypi.org/pypi/").removesuffix("/json")
        answer = answers[name]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return fetch


def test_reads_every_pin_of_the_lock_files_with_canonical_names(tmp_path: Path) -> None:
    lock = tmp_path / "lock.txt"
    lock.write_text(
        "# comment\nMarkdown==3.7 \\\n    --hash=sha256:abc\npyyaml_env_tag==1.1 \\\n"
        "mkdocs-material[imaging]==9.8.2 ; python_version >= '3.11'\n    # via mkdocs\n",
        encoding="utf-8",
    )
    assert read_pins([lock]) == {"markdown": "3.7", "pyyaml-env-tag": "1.1", "mkdocs-material": "9.8.2"}


def test_the_real_lock_files_pin_the_stack() -> None:
    pins = read_pins(ROOT / lock for lock in pip_audit.LOCKS)
    assert pins["mkdocs"] == "1.6.1" and pins["mkdocs-macros-plugin"] == "1.5.0"
    assert pins["mkdocs-material"].startswith("9.8.") and pins["pymdown-extensions"].startswith("13.")
    # Every held pin is really pinned (a stale HELD entry would hide nothing but mislead).
    assert set(HELD) <= set(pins)


def test_a_vulnerability_of_the_pinned_latest_release_fails_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    vuln = {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fixed_in": ["2.0.1"], "withdrawn": None}
    report = audit_latest({"good": "1.0", "bad": "2.0"}, fake({"good": project("1.0"), "bad": project("2.0", vuln)}))
    assert report.checked == ["bad", "good"]
    assert report.vulnerable == [("bad", "2.0", "PYSEC-2099-1", "2.0.1")]
    assert print_report(report, 2) == 1
    assert "bad 2.0: PYSEC-2099-1 (fixed in 2.0.1)" in capsys.readouterr().out


def test_withdrawn_and_ignored_advisories_do_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pip_audit, "IGNORED", {"CVE-2099-2": "does not apply: the feature is not used"})
    withdrawn = {"id": "GHSA-x", "aliases": [], "fixed_in": [], "withdrawn": "2099-01-01"}
    ignored = {"id": "PYSEC-2099-2", "aliases": ["CVE-2099-2"], "fixed_in": []}
    report = audit_latest({"pkg": "1.0"}, fake({"pkg": project("1.0", withdrawn, ignored)}))
    assert report.vulnerable == [] and report.checked == ["pkg"]
    assert print_report(report, 1) == 0


def test_a_pin_behind_the_latest_release_is_listed_not_checked(capsys: pytest.CaptureFixture[str]) -> None:
    vuln = {"id": "PYSEC-2099-3", "fixed_in": ["1.2"]}
    report = audit_latest({"old": "1.0"}, fake({"old": project("1.1", vuln)}))
    assert report.checked == [] and report.vulnerable == [] and report.behind == [("old", "1.0", "1.1")]
    assert print_report(report, 1) == 0
    assert "old 1.0 is behind the latest release 1.1" in capsys.readouterr().out


def test_a_held_pin_answers_for_the_advisories_of_the_latest_release(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pip_audit, "HELD", {"held": "the newer release only adds a banner"})
    vuln = {"id": "PYSEC-2099-4", "fixed_in": []}
    report = audit_latest({"held": "1.0"}, fake({"held": project("1.1", vuln)}))
    assert report.vulnerable == [("held", "1.0", "PYSEC-2099-4", "no fix yet")]
    assert print_report(report, 1) == 1


def test_an_unreadable_project_fails_the_audit(capsys: pytest.CaptureFixture[str]) -> None:
    report = audit_latest({"a": "1.0", "b": "1.0"}, fake({"a": project("1.0"), "b": urllib.error.URLError("refused")}))
    assert report.checked == ["a"] and report.unreadable[0][0] == "b"
    assert print_report(report, 2) == 1
    assert "could not read b" in capsys.readouterr().out
