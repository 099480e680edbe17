import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
    "AUDIOFILER_PRODUCTION": "1",
    "ALLOWED_HOSTS": "audiofiler.example.org",
    "SECRET_KEY": "k" * 20 + "-a-long-and-random-enough-production-secret-0123456789",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    done = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}

    done = _manage("check", **env)

    assert done.returncode != 0
    assert "SECRET_KEY must be set when AUDIOFILER_PRODUCTION is on" in done.stderr
