"""How the app meets a database that is down or stalled: short connect timeouts,
kept connections health-checked, a statement timeout in the web workers."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PRINT_DATABASE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "d = s.DATABASES['default']; print(json.dumps({k: d.get(k) for k in "
    "('OPTIONS', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}))"
)


def _python(code: str, **env: str) -> str:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DB_", "DJANGO_", "GUNICORN_")) and k != "DATABASE_URL"
    }
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_postgres_connections_time_out_fast_and_are_health_checked():
    printed = _python(PRINT_DATABASE, DATABASE_URL="postgres://u@db.invalid:5432/a")

    assert json.loads(printed) == {
        "OPTIONS": {"connect_timeout": 3},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def test_the_timeouts_come_from_the_environment():
    printed = _python(
        PRINT_DATABASE,
        DATABASE_URL="postgres://u@db.invalid:5432/a",
        DB_CONNECT_TIMEOUT_S="2",
        DB_STATEMENT_TIMEOUT_S="12.5",
        DB_CONN_MAX_AGE="30",
    )

    assert json.loads(printed) == {
        "OPTIONS": {"connect_timeout": 2, "options": "-c statement_timeout=12500"},
        "CONN_MAX_AGE": 30,
        "CONN_HEALTH_CHECKS": True,
    }


def test_gunicorn_gives_its_workers_a_statement_timeout_of_half_its_own():
    code = (
        "import os, runpy; runpy.run_path('gunicorn.conf.py'); "
        "print(os.environ['DB_STATEMENT_TIMEOUT_S'])"
    )

    assert _python(code) == "30"
    assert _python(code, GUNICORN_TIMEOUT="90") == "45"
    assert _python(code, DB_STATEMENT_TIMEOUT_S="5") == "5"
