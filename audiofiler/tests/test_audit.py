"""bin/audit: what pip-audit and npm audit report, what audit-ignore.txt leaves out,
and an audit that could not run failing loudly instead of passing."""

import importlib.machinery
import importlib.util
import json

import pytest
from django.conf import settings

PATH = settings.BASE_DIR / "bin" / "audit"
loader = importlib.machinery.SourceFileLoader("bin_audit", str(PATH))
spec = importlib.util.spec_from_loader("bin_audit", loader)
audit = importlib.util.module_from_spec(spec)
loader.exec_module(audit)

#: What pip-audit -f json printed here: PyPI's JSON API knew no package.
PIP_UNREACHABLE = {
    "dependencies": [
        {
            "name": "django",
            "skip_reason": "Dependency not found on PyPI and could not be audited: "
            "django (5.2.19)",
        },
        {
            "name": "numpy",
            "skip_reason": "Dependency not found on PyPI and could not be audited: "
            "numpy (2.4.6)",
        },
    ],
    "fixes": [],
}
PIP_FOUND = {
    "dependencies": [
        {"name": "numpy", "version": "2.4.6", "vulns": []},
        {
            "name": "django",
            "version": "4.2.0",
            "vulns": [
                {
                    "id": "PYSEC-2023-100",
                    "fix_versions": ["4.2.2"],
                    "aliases": ["CVE-2023-36053", "GHSA-jh3w-4vvf-mjgr"],
                    "description": "...",
                },
                {
                    "id": "PYSEC-2023-225",
                    "fix_versions": ["4.2.7"],
                    "aliases": ["CVE-2023-46695"],
                    "description": "...",
                },
            ],
        },
    ],
    "fixes": [],
}
#: What npm audit --json printed here: the registry has no advisory endpoint.
NPM_UNREACHABLE = {
    "message": "405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/"
    "security/advisories/bulk",
    "statusCode": 405,
    "error": {"summary": "", "detail": ""},
}
NPM_FOUND = {
    "auditReportVersion": 2,
    "vulnerabilities": {
        "braces": {
            "name": "braces",
            "severity": "high",
            "via": [
                {
                    "source": 1098094,
                    "name": "braces",
                    "title": "Uncontrolled resource consumption in braces",
                    "url": "https://github.com/advisories/GHSA-grv7-fg5c-xmjg",
                    "severity": "high",
                    "range": "<3.0.3",
                }
            ],
        },
        "micromatch": {"name": "micromatch", "severity": "high", "via": ["braces"]},
    },
    "metadata": {"vulnerabilities": {"total": 2}},
}
NPM_CLEAN = {"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}


def test_packages_pypi_does_not_know_are_reported_not_audited():
    found, skipped = audit.pip_findings(PIP_UNREACHABLE, {})

    assert found == []
    assert skipped == [
        "django: Dependency not found on PyPI and could not be audited: "
        "django (5.2.19)",
        "numpy: Dependency not found on PyPI and could not be audited: numpy (2.4.6)",
    ]


def test_pip_vulnerabilities_and_ignores_by_id_or_alias():
    found, skipped = audit.pip_findings(PIP_FOUND, {"CVE-2023-46695": "n/a"})

    assert found == ["django 4.2.0: PYSEC-2023-100 (fixed in 4.2.2)"]
    assert skipped == []


def test_npm_vulnerabilities_and_ignores():
    found, error = audit.npm_findings(NPM_FOUND, {})
    ignored, _ = audit.npm_findings(NPM_FOUND, {"GHSA-grv7-fg5c-xmjg": "dev only"})

    assert error is None
    assert found == [
        "braces <3.0.3: GHSA-grv7-fg5c-xmjg Uncontrolled resource consumption in braces"
    ]
    assert ignored == []


def test_an_npm_audit_that_could_not_reach_its_service():
    found, error = audit.npm_findings(NPM_UNREACHABLE, {})

    assert found == []
    assert error.startswith("405 Method Not Allowed")


@pytest.mark.parametrize(
    ("pip", "npm", "status", "says"),
    [
        (PIP_UNREACHABLE, NPM_UNREACHABLE, 2, "pip-audit: NOT AUDITED"),
        (PIP_FOUND, NPM_UNREACHABLE, 2, "npm audit: NOT AUDITED"),
        (PIP_FOUND, NPM_CLEAN, 1, "VULNERABLE django 4.2.0: PYSEC-2023-100"),
        ({"dependencies": [], "fixes": []}, NPM_FOUND, 1, "VULNERABLE braces"),
        ({"dependencies": [], "fixes": []}, NPM_CLEAN, 0, "npm audit: 0 found"),
    ],
)
def test_the_exit_status_says_what_happened(
    monkeypatch, capsys, pip, npm, status, says
):
    monkeypatch.setattr(audit, "run_pip_audit", lambda: json.loads(json.dumps(pip)))
    monkeypatch.setattr(audit, "run_npm_audit", lambda: json.loads(json.dumps(npm)))
    monkeypatch.setattr(audit, "read_ignores", dict)

    assert audit.main() == status
    assert says in capsys.readouterr().out


def test_an_ignored_advisory_needs_a_reason(tmp_path):
    listed = tmp_path / "audit-ignore.txt"
    listed.write_text("# comment\nGHSA-aaaa-bbbb-cccc  only in the webpack build\n")
    bare = tmp_path / "bare.txt"
    bare.write_text("PYSEC-2024-1\n")

    assert audit.read_ignores(listed) == {
        "GHSA-aaaa-bbbb-cccc": "only in the webpack build"
    }
    with pytest.raises(SystemExit, match="PYSEC-2024-1 needs a reason"):
        audit.read_ignores(bare)
    assert audit.read_ignores(audit.IGNORE_FILE) == {}
