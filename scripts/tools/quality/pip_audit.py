"""Known vulnerabilities in the locked Python requirements (requirements/site.txt and dev.txt).

    python -m scripts.tools.quality.pip_audit          (make pip-audit; .ci/run runs it after the tests)

Where PyPI's per-release JSON API answers (https://pypi.org/pypi/NAME/VERSION/json, what pip-audit reads),
this runs `pip-audit --strict` on the hash-pinned lock files without resolving anything (`--disable-pip`).

Some machines reach PyPI's package index and its per-project JSON but not the per-release one (this
project's CI machines among them). There the audit reads the same advisory data another way: the
per-project JSON (https://pypi.org/pypi/NAME/json) lists the known vulnerabilities of the project's
latest release, so for every pin that IS the latest release the answer is exact. A pin behind the latest
release cannot be checked that way: it is listed, with the reason when it is held back on purpose (HELD),
and the weekly workflow (.github/workflows/links.yml, with the internet) runs pip-audit on every pin.

Exit status 1 on any known vulnerability not listed in IGNORED, or on a project whose advisories could not be read.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
LOCKS = ("requirements/site.txt", "requirements/dev.txt")
# Vulnerability id -> why it does not apply to this project. Empty: nothing is ignored.
IGNORED: dict[str, str] = {}
# Pins kept behind the latest release on purpose -> why, and why that is safe.
HELD: dict[str, str] = {
    "mkdocs-redirects": (
        "1.2.2, not 1.2.3: the only code change in 1.2.3 is an import of properdocs, which prints a banner on "
        "every build (the two sdists compared file by file); so no fix is missed, and any advisory against "
        "1.2.2 would also name 1.2.3, the latest release, which this audit checks"
    ),
}
# A release that certainly exists: if PyPI's per-release JSON does not answer for it, pip-audit cannot run.
PROBE = "https://pypi.org/pypi/pip/24.0/json"
PROJECT_JSON = "https://pypi.org/pypi/{name}/json"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


@dataclass
class Report:
    """What the audit found: pins checked exactly, their vulnerabilities, and pins it could not check."""

    checked: list[str] = field(default_factory=list)
    vulnerable: list[tuple[str, str, str, str]] = field(default_factory=list)  # name, version, id, fixed in
    behind: list[tuple[str, str, str]] = field(default_factory=list)  # name, pinned, latest
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # name, why


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def read_pins(paths: Iterable[Path]) -> dict[str, str]:
    """name -> version for every `name==version` line of the lock files (canonical names)."""
    pins: dict[str, str] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _PIN.match(line.strip())
            if match:
                pins[canonical(match.group(1))] = match.group(2)
    return pins


def fetch_json(url: str, attempts: int = 3) -> dict:
    """The JSON at `url`; a failed request is tried again (twice) before the error counts."""
    for _ in range(attempts - 1):
        try:
            return _get_json(url)
        except (urllib.error.URLError, TimeoutError, OSError):
            continue
    return _get_json(url)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def audit_latest(pins: dict[str, str], fetch: Callable[[str], dict] = fetch_json) -> Report:
    """Check each pin against the vulnerabilities PyPI lists for the project's latest release."""

    def one(item: tuple[str, str]) -> tuple[str, str, dict | str]:
        name, version = item
        try:
            return name, version, fetch(PROJECT_JSON.format(name=name))
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            return name, version, f"{type(exc).__name__}: {exc}"

    report = Report()
    with ThreadPoolExecutor(max_workers=8) as pool:
        for name, version, answer in pool.map(one, sorted(pins.items())):
            if isinstance(answer, str):
                report.unreadable.append((name, answer))
                continue
            latest = str(answer.get("info", {}).get("version", ""))
            if latest != version:
                report.behind.append((name, version, latest))
                if name not in HELD:
                    continue
                # Held on purpose, with a reason that makes the latest release's advisories cover this pin.
            else:
                report.checked.append(name)
            for vuln in answer.get("vulnerabilities") or []:
                if vuln.get("withdrawn"):
                    continue
                ids = [vuln.get("id", "?"), *(vuln.get("aliases") or [])]
                if any(i in IGNORED for i in ids):
                    continue
                fixed = ", ".join(vuln.get("fixed_in") or []) or "no fix yet"
                report.vulnerable.append((name, version, ids[0], fixed))
    return report


def print_report(report: Report, total: int) -> int:
    """Print the fallback audit's findings; return the exit status."""
    for name, version, vuln_id, fixed in report.vulnerable:
        print(f"pip-audit (latest-release data): {name} {version}: {vuln_id} (fixed in {fixed})")
    for name, pinned, latest in report.behind:
        why = HELD.get(name)
        if why:
            print(f"pip-audit (latest-release data): {name} {pinned} held behind {latest}: {why}")
        else:
            print(
                f"pip-audit (latest-release data): {name} {pinned} is behind the latest release {latest}; "
                "its advisories cannot be read from this machine (`make lock` picks up the new release)"
            )
    for name, why in report.unreadable:
        print(f"pip-audit (latest-release data): could not read {name}: {why}")
    for vuln_id, reason in IGNORED.items():
        print(f"pip-audit: ignoring {vuln_id}: {reason}")
    print(
        f"pip-audit (latest-release data): {len(report.checked)} of {total} pinned releases checked exactly, "
        f"{len(report.vulnerable)} known vulnerabilities; {len(report.behind)} behind the latest release "
        f"({sum(1 for n, _, _ in report.behind if n in HELD)} held on purpose); {len(report.unreadable)} unreadable"
    )
    failed = bool(report.vulnerable or report.unreadable)
    if failed:
        print("pip-audit: FAILED: a known vulnerability, or a project whose advisories could not be read", file=sys.stderr)
    return int(failed)


def per_release_api_reachable() -> bool:
    """True when PyPI's per-release JSON API answers (what pip-audit's default service reads)."""
    try:
        with urllib.request.urlopen(PROBE, timeout=20) as response:
            return response.status == 200
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def main() -> int:
    """Command line: see the module docstring."""
    locks = [ROOT / lock for lock in LOCKS]
    if not per_release_api_reachable():
        print(
            f"pip-audit: PyPI's per-release API ({PROBE}) does not answer from this machine; "
            "checking each pin against the advisories PyPI lists for the project's latest release instead."
        )
        pins = read_pins(locks)
        return print_report(audit_latest(pins), len(pins))
    tool = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if tool is None:
        print("pip-audit is not installed: run `make test` or install requirements/dev.txt", file=sys.stderr)
        return 1
    cmd = [tool, "--strict", "--require-hashes", "--disable-pip", "--progress-spinner", "off"]
    for lock in locks:
        cmd += ["-r", str(lock)]
    for vuln_id in IGNORED:
        cmd += ["--ignore-vuln", vuln_id]
    for vuln_id, reason in IGNORED.items():
        print(f"pip-audit: ignoring {vuln_id}: {reason}")
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
