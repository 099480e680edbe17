"""Production settings: check --deploy with app.json's environment, secrets from the
environment only, gunicorn's settings and the Procfile."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_JSON = json.loads((ROOT / "app.json").read_text())
#: What the add-ons set (check --deploy connects to neither).
ADDONS = {
    "DATABASE_URL": "postgres://user:pw@db.invalid:5432/audiofiler",
    "REDIS_URL": "rediss://:pw@cache.invalid:6380",
}
#: What the operator sets beside app.json's values.
OPERATOR = {
    "SECRET_KEY": "k" * 20 + "-a-long-and-random-enough-production-secret-0123456789",
    "ALLOWED_HOSTS": "audiofiler.example.org",
}


def app_json_env() -> dict[str, str]:
    """The environment app.json gives a new app (the values it sets itself)."""
    return {
        name: spec["value"] for name, spec in APP_JSON["env"].items() if "value" in spec
    }


def production_env(**changes: str) -> dict[str, str]:
    env = {**app_json_env(), **ADDONS, **OPERATOR, **changes}
    return {name: value for name, value in env.items() if value is not None}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    names = {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in names}
    return subprocess.run(
        args,
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return _run([sys.executable, "manage.py", *args], env)


def test_app_json_sets_the_production_switch_and_the_proxy_count():
    env = app_json_env()

    assert env["AUDIOFILER_PRODUCTION"] == "1"
    assert env["NUM_PROXIES"] == "1"
    assert APP_JSON["env"]["SECRET_KEY"] == {
        "description": "Django's secret key.",
        "generator": "secret",
    }
    assert APP_JSON["env"]["ALLOWED_HOSTS"]["required"] is True
    assert APP_JSON["addons"] == ["heroku-postgresql", "heroku-redis"]


def test_check_deploy_is_clean_with_app_json_environment():
    done = _manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_check_deploy_fails_without_the_production_switch():
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(AUDIOFILER_PRODUCTION="0"),
    )

    assert done.returncode != 0
    for warning in ("W004", "W008", "W012", "W016"):  # HSTS, SSL, cookies
        assert f"security.{warning}" in done.stderr


def test_production_refuses_to_start_without_a_secret_key():
    done = _manage("check", env=production_env(SECRET_KEY=""))

    assert done.returncode != 0
    assert "SECRET_KEY must be set when AUDIOFILER_PRODUCTION is on" in done.stderr


PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'cache': s.CACHES['default']['OPTIONS'], "
    "'broker': s.CELERY_BROKER_USE_SSL, 'hsts': s.SECURE_HSTS_SECONDS, "
    "'proxy': s.SECURE_PROXY_SSL_HEADER, 'redirect': s.SECURE_SSL_REDIRECT}))"
)


def test_heroku_redis_tls_is_used_without_verifying_its_certificate():
    env = production_env(DJANGO_SETTINGS_MODULE="audiofiler.settings.base")

    done = _run([sys.executable, "-c", PRINT_SETTINGS], env)

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {
        "cache": {
            "socket_connect_timeout": 1.0,
            "socket_timeout": 1.0,
            "ssl_cert_reqs": "none",
        },
        "broker": {"ssl_cert_reqs": 0},  # ssl.CERT_NONE
        "hsts": 365 * 24 * 3600,
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "redirect": True,
    }


def _gunicorn(*args: str, **env: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "gunicorn", *args, "-c", "gunicorn.conf.py"]
    return _run([*command, "audiofiler.wsgi"], env)


def _printed_config(done: subprocess.CompletedProcess) -> dict[str, str]:
    assert done.returncode == 0, done.stderr
    pairs = (line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def test_gunicorn_takes_port_and_workers_from_the_environment():
    config = _printed_config(
        _gunicorn("--print-config", PORT="5123", WEB_CONCURRENCY="3")
    )

    assert config["bind"] == "['0.0.0.0:5123']"
    assert config["workers"] == "3"
    assert config["timeout"] == "60"
    assert config["max_requests"] == "10000"
    assert config["max_requests_jitter"] == "1000"
    assert config["accesslog"] == "-"


def test_gunicorn_runs_sync_workers_forked_from_a_preloaded_app():
    default = _printed_config(_gunicorn("--print-config"))
    threaded = _printed_config(
        _gunicorn("--print-config", GUNICORN_THREADS="4", GUNICORN_PRELOAD="0")
    )

    assert (default["worker_class"], default["threads"]) == ("sync", "1")
    assert default["preload_app"] == "True"
    assert default["workers"] == str(max(2, 2 * len(os.sched_getaffinity(0))))
    assert (threaded["worker_class"], threaded["threads"]) == ("gthread", "4")
    assert threaded["preload_app"] == "False"


def test_gunicorn_logs_json_lines_in_production():
    config = _printed_config(_gunicorn("--print-config", **production_env()))

    assert "JsonFormatter" in config["logconfig_dict"]
    assert "ext://sys.stdout" in config["logconfig_dict"]


def test_gunicorn_refuses_a_budget_that_outlives_its_workers():
    done = _gunicorn("--check-config", AUDIOFILER_REQUEST_BUDGET_S="50")

    assert done.returncode != 0
    assert (
        "the worker timeout (60 s) must exceed AUDIOFILER_REQUEST_BUDGET_S (50 s)"
        in (done.stdout + done.stderr)
    )


def test_the_procfile_runs_web_worker_and_release():
    lines = (ROOT / "Procfile").read_text().splitlines()
    processes = dict(line.split(": ", 1) for line in lines if line.strip())

    assert processes == {
        "web": "gunicorn audiofiler.wsgi --config gunicorn.conf.py",
        "worker": "celery -A audiofiler -q worker --loglevel INFO "
        "--concurrency ${CELERY_CONCURRENCY:-2}",
        "release": "python manage.py migrate --noinput",
    }
    package = json.loads((ROOT / "package.json").read_text())
    assert package["scripts"]["heroku-postbuild"] == "npm run build"
    assert APP_JSON["scripts"]["postdeploy"] == "bin/train-default-model"
    assert os.access(ROOT / "bin" / "train-default-model", os.X_OK)


def test_gunicorn_hides_the_preloaded_app_from_the_collector_before_forking():
    code = (
        "import gc, json, runpy; import numpy, django; "
        "hooks = runpy.run_path('gunicorn.conf.py'); before = gc.get_freeze_count(); "
        "hooks['pre_fork'](None, None); "
        "print(json.dumps([before, gc.get_freeze_count(), len(gc.get_objects())]))"
    )

    done = _run([sys.executable, "-c", code], {})

    assert done.returncode == 0, done.stderr
    before, frozen, still_tracked = json.loads(done.stdout.splitlines()[-1])
    assert before == 0
    assert frozen > 10_000  # NumPy and Django's objects, at least
    assert still_tracked < 100
