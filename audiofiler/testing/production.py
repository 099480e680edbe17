"""The production stack on this machine: gunicorn on 127.0.0.1 with the production
settings, a PostgreSQL database of its own, collected static files.

For tests and benchmarks (no pytest needed)::

    from audiofiler.testing.postgres import postgres_server_url
    from audiofiler.testing.production import production_stack

    with production_stack(tmp_dir, postgres_url=postgres_server_url()) as server:
        client = server.client()          # HTTPS as the proxy says, CSRF token set
        client.get(server.url + "/api/models/active")
        server.manage("register_model", str(artifact), "--activate")

The server runs ``gunicorn audiofiler.wsgi --config gunicorn.conf.py`` (the
Procfile's web process) with app.json's environment, ``AUDIOFILER_PRODUCTION=1``,
a random ``SECRET_KEY``, ``ALLOWED_HOSTS=127.0.0.1,localhost`` and whatever ``env``
adds; it binds a free port. Requests must say ``X-Forwarded-Proto: https`` (the
proxy's header), or they get a redirect to https, as on Heroku.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from .postgres import StackUnavailable, create_database, drop_database

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 90.0
STOP_TIMEOUT_S = 30.0
_LISTENING = re.compile(r"Listening at: http://127\.0\.0\.1:(\d+)")


@dataclass
class ProductionServer:
    """A running gunicorn of the production stack."""

    url: str  # http://127.0.0.1:<port>
    process: subprocess.Popen
    env: dict[str, str]
    log_path: Path
    database_url: str
    _tokens: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        """gunicorn's master process."""
        return self.process.pid

    def worker_pids(self) -> list[int]:
        """The worker processes the master runs now."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def csrf_token(self) -> str:
        """A CSRF token from the page (``GET /`` sets the cookie), fetched once."""
        if "csrftoken" not in self._tokens:
            response = requests.get(
                self.url + "/", headers=self.https_headers(), timeout=30
            )
            response.raise_for_status()
            self._tokens["csrftoken"] = response.cookies["csrftoken"]
        return self._tokens["csrftoken"]

    def https_headers(self) -> dict[str, str]:
        """What the proxy adds: the request came over HTTPS."""
        return {"X-Forwarded-Proto": "https"}

    def client(self) -> requests.Session:
        """A session that talks like the page behind the proxy: HTTPS said by the
        proxy's header, the CSRF cookie and token, a Referer of the site (Django
        checks it on HTTPS). The cookie is set by hand: it is ``Secure`` and the
        connection is plain http, so requests would not send it back itself."""
        session = requests.Session()
        session.trust_env = False
        token = self.csrf_token()
        session.headers.update(
            {
                **self.https_headers(),
                "X-CSRFToken": token,
                "Cookie": f"csrftoken={token}",
                "Referer": "https://" + urlsplit(self.url).netloc + "/",
            }
        )
        return session

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """``manage.py <args>`` with the server's settings and database."""
        return _manage(args, self.env, check=check)

    def log_lines(self) -> list[str]:
        """What gunicorn and the app wrote so far (stdout and stderr)."""
        return self.log_path.read_text(errors="replace").splitlines()

    def log_events(self) -> list[dict]:
        """The log lines, parsed (each is one JSON object in production)."""
        return [json.loads(line) for line in self.log_lines() if line.strip()]

    def wait_for_event(self, matches, timeout_s: float = 15.0) -> dict:
        """The first log event for which ``matches(event)`` is true, waiting for it
        (gunicorn writes the access line after the response has gone)."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = [event for event in self.log_events() if matches(event)]
            if found:
                return found[0]
            if time.monotonic() > deadline:
                raise AssertionError(f"no such log event in {self.log_path}")
            time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM (gunicorn's graceful shutdown), then SIGKILL if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def production_env(
    *, database_url: str, data_dir: Path, static_root: Path, extra: dict | None = None
) -> dict[str, str]:
    """The environment of the stack's processes: app.json's values, production's
    switch, and this machine's paths."""
    app_json = json.loads((REPO / "app.json").read_text())
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    for name in ("DEBUG", "REDIS_URL", "CELERY_BROKER_URL", "AUDIOFILER_JSON_LOGS"):
        env.pop(name, None)
    env.update(
        {name: s["value"] for name, s in app_json["env"].items() if "value" in s}
    )
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "audiofiler.settings.base",
            "AUDIOFILER_PRODUCTION": "1",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "AUDIOFILER_DATA_DIR": str(data_dir),
            "AUDIOFILER_STATIC_ROOT": str(static_root),
            "PYTHONPATH": str(REPO),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra or {})
    return env


def collect_static(static_root: Path, env: dict[str, str]) -> None:
    """``collectstatic`` into ``static_root`` (hashed, compressed) unless done.

    Raises
    ------
    StackUnavailable
        The page's bundle is not built (``npm run build``).
    """
    if not (REPO / "frontend" / "dist" / "manifest.json").exists():
        raise StackUnavailable("the page bundle is not built: `npm run build`")
    if (static_root / "staticfiles.json").exists():
        return
    _manage(("collectstatic", "--noinput", "-v", "0"), env, check=True)


@contextlib.contextmanager
def production_stack(
    tmp_dir: Path,
    *,
    postgres_url: str,
    env: dict[str, str] | None = None,
    workers: int = 2,
    static_root: Path | None = None,
    model_dir: Path | None = None,
    database_via: str | None = None,
) -> Iterator[ProductionServer]:
    """Start the stack; stop it and drop its database on the way out.

    Parameters
    ----------
    tmp_dir : Path
        For the data folder, the log and (unless ``static_root``) static files.
    postgres_url : str
        A PostgreSQL server (see :func:`postgres_server_url`); a database of the
        stack's own is created there and dropped afterwards.
    env : dict, optional
        More environment (``ANON_THROTTLE_RATE``, ``AUDIOFILER_LIBRARY``,
        ``REDIS_URL`` ...).
    workers : int
        gunicorn worker processes.
    static_root : Path, optional
        Collected static files to reuse (collected there when missing).
    model_dir : Path, optional
        An artifact to register and activate (``register_model --activate``).
    database_via : str, optional
        ``host:port`` the stack's processes reach PostgreSQL through (a
        :class:`~audiofiler.testing.faultproxy.FaultProxy`); the database is still
        created and dropped directly, and ``server.database_url`` is the direct URL.
    """
    tmp_dir = Path(tmp_dir)
    static_root = Path(static_root or tmp_dir / "static")
    data_dir = tmp_dir / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = create_database(postgres_url)
    server = None
    try:
        app_database_url = database_url
        if database_via:
            parts = urlsplit(database_url)
            netloc = parts.netloc.rsplit("@", 1)
            netloc[-1] = database_via
            app_database_url = urlunsplit(parts._replace(netloc="@".join(netloc)))
        stack_env = production_env(
            database_url=app_database_url,
            data_dir=data_dir,
            static_root=static_root,
            extra=env,
        )
        collect_static(static_root, stack_env)
        _manage(("migrate", "--noinput", "-v", "0"), stack_env, check=True)
        if model_dir is not None:
            version = f"stack-{Path(model_dir).name}"
            register = ("register_model", str(model_dir), "--name", version)
            _manage((*register, "--activate"), stack_env, check=True)
        server = _start(tmp_dir / "gunicorn.log", stack_env, workers, database_url)
        yield server
    finally:
        if server is not None:
            server.stop()
        drop_database(database_url)


def _start(
    log_path: Path, env: dict[str, str], workers: int, database_url: str
) -> ProductionServer:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "audiofiler.wsgi",
        "--config",
        "gunicorn.conf.py",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        str(workers),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    server = ProductionServer("", process, env, log_path, database_url)
    try:
        server.url = _wait_until_up(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_up(server: ProductionServer) -> str:
    deadline = time.monotonic() + START_TIMEOUT_S
    url = None
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            break
        if url is None:
            found = _LISTENING.search(server.log_path.read_text(errors="replace"))
            url = f"http://127.0.0.1:{found.group(1)}" if found else None
        if url is not None:
            with contextlib.suppress(requests.RequestException):
                response = requests.get(
                    url + "/", headers=server.https_headers(), timeout=5
                )
                if response.status_code == 200:
                    return url
        time.sleep(0.2)
    log = server.log_path.read_text(errors="replace")[-4000:]
    raise RuntimeError(
        f"gunicorn did not come up (exit {server.process.poll()}):\n{log}"
    )


def _manage(
    args: tuple[str, ...], env: dict[str, str], *, check: bool
) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if check and done.returncode != 0:
        raise RuntimeError(
            f"manage.py {' '.join(args)} failed ({done.returncode}):\n"
            f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        )
    return done
