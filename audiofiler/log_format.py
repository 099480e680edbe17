"""One line per event: the JSON log format of production (Django's and gunicorn's).

Imports nothing of Django, so gunicorn's master (``gunicorn.conf.py``) uses it too.
A record becomes one JSON object on one line::

    {"time": "2026-01-01T12:00:00.123Z", "level": "error", "logger": "django.request",
     "message": "Internal Server Error: /api/x", "status_code": 500,
     "exc_type": "ValueError", "exc": "Traceback (most recent call last):\\n ..."}

A traceback stays whole but inside one JSON string (its newlines escaped), so a log
platform that splits on lines never cuts an event in pieces. gunicorn's access log
records come out as fields (method, path, status, duration_ms ...) rather than as an
Apache-style line.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

#: Attributes every LogRecord has; anything else on a record came in ``extra=``.
_STANDARD = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None))
) | {"message", "asctime", "taskName"}
#: gunicorn's access-log atoms -> our field names.
_ACCESS_FIELDS = {
    "m": "method",
    "U": "path",
    "q": "query",
    "s": "status",
    "B": "bytes",
    "M": "duration_ms",
    "h": "remote_addr",
    "{x-forwarded-for}i": "forwarded_for",
    "{x-request-id}i": "request_id",
    "a": "user_agent",
}
_MAX_EXTRA_CHARS = 500


def json_logs_enabled() -> bool:
    """Whether logs are JSON lines: ``AUDIOFILER_JSON_LOGS``, else production's."""
    value = os.environ.get("AUDIOFILER_JSON_LOGS")
    if value is None:
        value = os.environ.get("AUDIOFILER_PRODUCTION", "")
    return value.strip().lower() in {"1", "true", "yes", "on"}


class JsonFormatter(logging.Formatter):
    """Format each record as one line of JSON (see the module docstring)."""

    def format(self, record: logging.LogRecord) -> str:
        event: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            event.update(_access_fields(record.args))
            event["message"] = f"{event.get('method')} {event.get('path')}"
        else:
            event["message"] = record.getMessage()
            event.update(_extra_fields(record))
        if record.exc_info and record.exc_info[0] is not None:
            event["exc_type"] = record.exc_info[0].__name__
            event["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            event["exc"] = record.exc_text
        if record.stack_info:
            event["stack"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False, default=str)


def _access_fields(atoms: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for atom, name in _ACCESS_FIELDS.items():
        value = atoms.get(atom)
        if value in (None, "-", ""):
            continue
        if name in {"status", "bytes", "duration_ms"} and str(value).isdigit():
            value = int(value)
        fields[name] = value
    return fields


def _extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """What the record carries beyond the standard attributes (``extra=``): plain
    values as they are, objects (a request) as a short text."""
    fields: dict[str, Any] = {}
    for key, value in vars(record).items():
        if key in _STANDARD or key.startswith("_"):
            continue
        if value is None or isinstance(value, bool | int | float | str):
            fields[key] = value
        else:
            fields[key] = str(value)[:_MAX_EXTRA_CHARS]
    return fields


def gunicorn_logconfig() -> dict[str, Any]:
    """gunicorn's ``logconfig_dict``: its error and access logs as JSON on stdout."""
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
        "formatter": "json",
    }
    logger = {"handlers": ["stdout"], "level": "INFO", "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stdout": handler},
        "root": {"handlers": ["stdout"], "level": "INFO"},
        "loggers": {"gunicorn.error": logger, "gunicorn.access": dict(logger)},
    }


def django_logging(*, json_lines: bool, level: str) -> dict[str, Any]:
    """Django's ``LOGGING``: every logger to one handler, JSON lines or plain text.

    The ``django`` logger is set here (not left to Django's default) so that its
    records go through the same handler once, in production and in development.
    """
    formatter = (
        {"()": JsonFormatter}
        if json_lines
        else {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}
    )
    handler = {
        "class": "logging.StreamHandler",
        # Production's JSON lines go to stdout with gunicorn's; the plain text of
        # development stays on stderr, out of commands' output (``classify --json``).
        "stream": "ext://sys.stdout" if json_lines else "ext://sys.stderr",
        "formatter": "default",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            # runserver's request lines; gunicorn has its own access log.
            "django.server": {
                "handlers": ["console"],
                "level": level,
                "propagate": False,
            },
        },
    }
