"""Production logs: one JSON object per line, tracebacks inside it."""

import json
import logging
import os
import signal
import subprocess
import sys
import textwrap
import time

from django.conf import settings

from audiofiler.log_format import JsonFormatter, django_logging, json_logs_enabled


def _record(**kwargs) -> logging.LogRecord:
    options = {
        "name": "classifier.services",
        "level": logging.INFO,
        "pathname": __file__,
        "lineno": 1,
        "msg": "classified %s in %d ms",
        "args": ("song.mp3", 42),
        "exc_info": None,
    }
    options.update(kwargs)
    return logging.LogRecord(**options)


def test_a_record_is_one_line_of_json():
    line = JsonFormatter().format(_record())

    event = json.loads(line)
    assert event.pop("time").endswith("Z")
    assert event == {
        "level": "info",
        "logger": "classifier.services",
        "message": "classified song.mp3 in 42 ms",
    }


def test_a_traceback_stays_on_the_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = _record(level=logging.ERROR, exc_info=sys.exc_info())

    line = JsonFormatter().format(record)

    assert "\n" not in line
    event = json.loads(line)
    assert event["exc_type"] == "ValueError"
    assert event["exc"].startswith("Traceback (most recent call last):\n")
    assert event["exc"].endswith("ValueError: bad\nthing")


def test_extra_values_become_fields():
    record = _record()
    record.status_code = 404
    record.request = object()

    event = json.loads(JsonFormatter().format(record))

    assert event["status_code"] == 404
    assert event["request"].startswith("<object object at")


def test_gunicorns_access_log_becomes_fields():
    atoms = {
        "m": "POST",
        "U": "/api/classifications",
        "q": "",
        "s": "201",
        "B": "1834",
        "M": "87",
        "h": "10.1.2.3",
        "{x-forwarded-for}i": "203.0.113.9",
        "{x-request-id}i": "7c1f-abc",
        "a": "Mozilla/5.0",
    }
    record = _record(name="gunicorn.access", msg="%(m)s %(U)s", args=(atoms,))

    event = json.loads(JsonFormatter().format(record))

    del event["time"]
    assert event == {
        "level": "info",
        "logger": "gunicorn.access",
        "message": "POST /api/classifications",
        "method": "POST",
        "path": "/api/classifications",
        "status": 201,
        "bytes": 1834,
        "duration_ms": 87,
        "remote_addr": "10.1.2.3",
        "forwarded_for": "203.0.113.9",
        "request_id": "7c1f-abc",
        "user_agent": "Mozilla/5.0",
    }


def test_json_lines_follow_the_production_switch(monkeypatch):
    monkeypatch.delenv("AUDIOFILER_JSON_LOGS", raising=False)
    monkeypatch.setenv("AUDIOFILER_PRODUCTION", "1")
    assert json_logs_enabled()
    monkeypatch.setenv("AUDIOFILER_JSON_LOGS", "0")
    assert not json_logs_enabled()
    monkeypatch.delenv("AUDIOFILER_PRODUCTION")
    monkeypatch.delenv("AUDIOFILER_JSON_LOGS")
    assert not json_logs_enabled()
    assert django_logging(json_lines=False, level="INFO")["handlers"]["console"][
        "stream"
    ] == ("ext://sys.stderr")


SERVER_ERROR_SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from django.test import Client, override_settings
    with override_settings(ROOT_URLCONF="audiofiler.tests.error_urls"):
        response = Client(raise_request_exception=False).get(
            "/broken", HTTP_X_FORWARDED_PROTO="https"
        )
    assert response.status_code == 500, response.status_code
    """
)


def _production_env(tmp_path) -> dict[str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
        "AUDIOFILER_PRODUCTION": "1",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "AUDIOFILER_DATA_DIR": str(tmp_path),
        "AUDIOFILER_STATIC_ROOT": str(tmp_path),
    }
    env.pop("AUDIOFILER_JSON_LOGS", None)
    return env


def test_production_logs_a_server_error_as_one_json_line(tmp_path):
    env = _production_env(tmp_path)

    done = subprocess.run(
        [sys.executable, "-c", SERVER_ERROR_SCRIPT],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]  # all JSON
    errors = [e for e in events if e["logger"] == "django.request"]
    assert len(errors) == 1
    assert errors[0]["level"] == "error"
    assert errors[0]["message"] == "Internal Server Error: /broken"
    assert errors[0]["status_code"] == 500
    assert errors[0]["exc_type"] == "RuntimeError"
    assert "raise RuntimeError(SECRET)" in errors[0]["exc"]
    assert done.stderr == ""


def test_the_celery_worker_logs_json_lines_without_its_banner(tmp_path):
    """The Procfile's worker (``celery -A audiofiler -q worker``) in production."""
    env = {**_production_env(tmp_path), "CELERY_BROKER_URL": "memory://"}
    command = [sys.executable, "-m", "celery", "-A", "audiofiler", "-q", "worker"]
    worker = subprocess.Popen(
        [*command, "--loglevel", "INFO", "--concurrency", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any("ready." in x for x in lines):
            line = worker.stdout.readline()
            if not line:
                break
            lines.append(line)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=60)

    events = [json.loads(line) for line in lines]  # every line up to "ready"
    assert events[-1]["logger"] == "celery.apps.worker"
    assert events[-1]["message"].endswith(" ready.")
