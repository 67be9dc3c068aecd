"""Known vulnerabilities in the locked Python requirements: pip-audit over requirements/site.txt and dev.txt.

    python -m scripts.pip_audit          (make pip-audit; .ci/run runs it after the tests)

Runs `pip-audit --strict` on the hash-pinned lock files without resolving anything (`--disable-pip`), against
PyPI's advisory data (the per-release JSON API, https://pypi.org/pypi/NAME/VERSION/json). Exit status 1 on any
known vulnerability not listed in IGNORED below, or on a package that could not be audited.

A finding that does not apply goes in IGNORED with its id and the reason. If the advisory API cannot be
reached at all (a machine whose package index is a partial mirror), the audit says so loudly and exits 0
with status "SKIPPED"; the scheduled workflow .github/workflows/links.yml runs it weekly with the internet.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ("requirements/site.txt", "requirements/dev.txt")
# Vulnerability id -> why it does not apply to this project. Empty: nothing is ignored.
IGNORED: dict[str, str] = {}
# A release that certainly exists: if PyPI's per-release JSON does not answer for it, nothing can be audited.
PROBE = "https://pypi.org/pypi/pip/24.0/json"


def advisory_api_reachable() -> bool:
    """True when PyPI's per-release JSON API answers (what pip-audit's default service reads)."""
    try:
        with urllib.request.urlopen(PROBE, timeout=20) as response:
            return response.status == 200
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def main() -> int:
    """Command line: see the module docstring."""
    tool = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if tool is None:
        print("pip-audit is not installed: run `make test` or install requirements/dev.txt", file=sys.stderr)
        return 1
    if not advisory_api_reachable():
        print(
            f"pip-audit: SKIPPED: PyPI's advisory API ({PROBE}) does not answer from this machine, so the "
            "lock files cannot be audited here. The weekly workflow .github/workflows/links.yml audits them."
        )
        return 0
    cmd = [tool, "--strict", "--require-hashes", "--disable-pip", "--progress-spinner", "off"]
    for lock in LOCKS:
        cmd += ["-r", str(ROOT / lock)]
    for vuln_id in IGNORED:
        cmd += ["--ignore-vuln", vuln_id]
    for vuln_id, reason in IGNORED.items():
        print(f"pip-audit: ignoring {vuln_id}: {reason}")
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
