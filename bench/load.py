"""Load on loopback: the production stack under many clients at once.

Run from the repository root: ``.venv/bin/python bench/load.py`` (PostgreSQL at
127.0.0.1:5432, or wherever ``DATABASE_URL`` points; the page built: ``npm run
build``). It starts the production stack (``audiofiler.testing.production``:
gunicorn with ``gunicorn.conf.py`` and the production settings, a PostgreSQL
database of its own, collected static files) with the throttles raised for the run
and only the local library as a provider (no network), registers a freshly trained
model, and drives it with an asyncio client on this machine: keep-alive connections
where the server keeps them, ``X-Forwarded-Proto: https`` and the CSRF token as the
page sends them. Three scenarios, each at every ``--clients`` level for
``--duration`` seconds (after ``--warmup`` seconds not counted):

``search``    ``GET /api/search?q=<a prefix of a title or artist>`` as the page
              asks while someone types (all configured providers: the library);
``cached``    ``POST /api/classifications {"provider": "local", "track_id": ...}``
              of the demo library's songs (``--songs`` 30 s demo songs of
              ``classifier.demo``, mp3/ogg/m4a/wav), each classified once first;
``uncached``  ``POST /api/classifications`` uploading a synthesised
              ``--upload-seconds`` mp3 clip whose bytes no request sent before (a
              few rendered songs, each upload with an ID3v1 tag of its own), so
              every request decodes, extracts and predicts.

It then starts the stack again with one worker and runs ``uncached`` at the first
clients level once more: ``worker_scaling`` = requests/s with ``--workers``
workers / with 1. Each scenario's line says requests/s, p50/p95/p99/max latency in
ms, errors (any status but the expected one, or a failed connection), ``client``
(this process's CPU, % of one core), ``srv ms`` (CPU ms gunicorn's processes spent
per answer: what a request costs, whatever else runs on the machine) and the
machine's 1-minute load average after it. A kept-alive connection that the server
closed while idle (or on replacing a worker) is opened again and the request sent
again, as HTTP clients do; the JSON line counts these ``reconnects``. The other
helpers of the machine compete for the same cores: run it when ``uptime`` is
low. The last line is::

    RESULT errors=<n> cached_p99_ms_20=<x> uncached_rps_20=<x>

(``_20``: at 20 clients, or the first ``--clients`` level). The exit status is 1
when there was any error, the cached p99 is above 60 ms or the uncached rate below
30 requests/s (``--no-check``: report only).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from _common import REPO, exit_if_missed, id3v1_tag

from audiofiler.testing.postgres import postgres_server_url
from audiofiler.testing.production import production_stack
from audiofiler.web_concurrency import default_web_workers

TARGET_CACHED_P99_MS = 60.0
TARGET_UNCACHED_RPS = 30.0
SCENARIOS = ("search", "cached", "uncached")
REQUEST_TIMEOUT_S = 60.0
#: Distinct synthesised songs the uploads are made from (each upload gets its own
#: ID3v1 tag on top, so its bytes, and its SHA-256, are new).
UPLOAD_BASES = 4
#: The 1-worker vs N-worker comparison alternates this many times.
SCALING_ROUNDS = 3
#: Raised for the run: the bench measures serving, not the limits.
LOAD_ENV = {
    "ANON_THROTTLE_RATE": "100000/second",
    "CLASSIFY_THROTTLE_RATE": "100000/second",
    # No network: the local library is the one provider.
    "AUDIOFILER_DEEZER": "0",
    "AUDIOFILER_ITUNES": "0",
    "SPOTIFY_CLIENT_ID": "",
    "SPOTIFY_CLIENT_SECRET": "",
}


# -- the client ----------------------------------------------------------------------
@dataclass
class Target:
    """Where the requests go and what every one of them carries."""

    host: str
    port: int
    headers: bytes  # Host, X-Forwarded-Proto, CSRF cookie and token, Referer

    @classmethod
    def of(cls, url: str, csrf_token: str) -> Target:
        netloc = urlsplit(url).netloc
        host, _, port = netloc.partition(":")
        headers = (
            f"Host: {netloc}\r\n"
            "X-Forwarded-Proto: https\r\n"
            f"X-CSRFToken: {csrf_token}\r\n"
            f"Cookie: csrftoken={csrf_token}\r\n"
            f"Referer: https://{netloc}/\r\n"
            "User-Agent: audiofiler-load\r\n"
        ).encode()
        return cls(host, int(port or 80), headers)

    def get(self, path: str) -> bytes:
        return f"GET {path} HTTP/1.1\r\n".encode() + self.headers + b"\r\n"

    def post(self, path: str, content_type: str, body: bytes) -> bytes:
        return (
            f"POST {path} HTTP/1.1\r\n".encode()
            + self.headers
            + f"Content-Type: {content_type}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body
        )


class ServerClosed(ConnectionError):
    """The server closed a kept-alive connection before answering."""


async def exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes, bool]:
    """Send one request; return the status, the body and whether the connection
    may be used again."""
    try:
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as error:
        if not error.partial:
            raise ServerClosed("closed before answering") from error
        raise
    except (ConnectionResetError, BrokenPipeError) as error:  # nothing was read
        raise ServerClosed(str(error)) from error
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip().lower()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        body = await _chunked(reader)
    else:
        return status, await reader.read(), False
    return status, body, headers.get("connection") != "close"


async def _chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        parts.append(await reader.readexactly(size + 2))
        if size == 0:
            return b"".join(parts)


@dataclass
class Stats:
    """What one scenario at one concurrency measured."""

    scenario: str
    clients: int
    workers: int = 0
    latencies_s: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    reconnects: int = 0  # kept-alive connections the server had closed meanwhile
    elapsed_s: float = 0.0
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0  # gunicorn's processes (master, workers, exited ones)
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def requests(self) -> int:
        return len(self.latencies_s) + self.error_count

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def rps(self) -> float:
        return len(self.latencies_s) / self.elapsed_s if self.elapsed_s else 0.0

    def percentile_ms(self, q: float) -> float:
        """The ``q``-th percentile (nearest rank) of the answered requests' times."""
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1e3

    def row(self) -> dict:
        return {
            "scenario": self.scenario,
            "clients": self.clients,
            "requests": self.requests,
            "rps": round(self.rps, 1),
            "p50_ms": round(self.percentile_ms(50), 1),
            "p95_ms": round(self.percentile_ms(95), 1),
            "p99_ms": round(self.percentile_ms(99), 1),
            "max_ms": round(max(self.latencies_s, default=0.0) * 1e3, 1),
            "errors": self.error_count,
            "reconnects": self.reconnects,
            "client_cpu_pct": round(100 * self.client_cpu_s / self.elapsed_s, 1)
            if self.elapsed_s
            else 0.0,
            "server_cpu_ms_per_request": round(
                1e3 * self.server_cpu_s / len(self.latencies_s), 2
            )
            if self.latencies_s
            else 0.0,
            "load1": round(self.load_after[0], 2),
        }


#: A scenario's next request: (raw request, the status that means success).
RequestMaker = Callable[[], tuple[bytes, int]]


async def _client(
    target: Target,
    make: RequestMaker,
    stats: Stats | None,
    deadline: float,
) -> None:
    """One user: a request, its answer, the next request, until ``deadline``."""
    connection = None
    while time.perf_counter() < deadline:
        request, expected = make()
        started = time.perf_counter()
        for attempt in range(2):
            reused = connection is not None
            try:
                if connection is None:
                    connection = await asyncio.open_connection(target.host, target.port)
                status, body, keep = await asyncio.wait_for(
                    exchange(*connection, request), REQUEST_TIMEOUT_S
                )
            except ServerClosed:
                _close(connection)
                connection = None
                if reused and attempt == 0:  # closed while idle: send it again
                    if stats is not None:
                        stats.reconnects += 1
                    continue
                outcome = "connection closed"
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as error:
                _close(connection)
                connection = None
                outcome = type(error).__name__
            else:
                if not keep:
                    _close(connection)
                    connection = None
                outcome = None if status == expected else f"HTTP {status}"
                if outcome and stats is not None and len(stats.errors) < 5:
                    outcome += f": {body[:200].decode(errors='replace')}"
            break
        if stats is None:
            continue
        if outcome is None:
            stats.latencies_s.append(time.perf_counter() - started)
        else:
            stats.errors[outcome] += 1
    _close(connection)


def _close(connection) -> None:
    if connection is not None:
        connection[1].close()


async def _run(
    target: Target, make: RequestMaker, clients: int, duration_s: float, stats
) -> float:
    started = time.perf_counter()
    deadline = started + duration_s
    await asyncio.gather(
        *(_client(target, make, stats, deadline) for _ in range(clients))
    )
    return time.perf_counter() - started


def run_scenario(
    target: Target,
    scenario: str,
    make: RequestMaker,
    *,
    clients: int,
    duration_s: float,
    warmup_s: float,
    server_pid: int | None = None,
) -> Stats:
    """``clients`` users at once for ``warmup_s`` (not counted), then ``duration_s``.

    Throughput is the answered requests over the time from the first request to the
    last answer (requests still running at the deadline are waited for).
    """
    if warmup_s > 0:
        asyncio.run(_run(target, make, clients, warmup_s, None))
    stats = Stats(scenario, clients, load_before=os.getloadavg())
    cpu_before, server_before = _cpu_s(), gunicorn_cpu_s(server_pid)
    stats.elapsed_s = asyncio.run(_run(target, make, clients, duration_s, stats))
    stats.client_cpu_s = _cpu_s() - cpu_before
    stats.server_cpu_s = gunicorn_cpu_s(server_pid) - server_before
    stats.load_after = os.getloadavg()
    return stats


def gunicorn_cpu_s(master_pid: int | None) -> float:
    """CPU seconds of gunicorn's master, its live workers and the workers it has
    reaped (replaced after ``max_requests``); 0 without a pid."""
    if master_pid is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        fields = _stat_fields(master_pid)
        # utime, stime, cutime, cstime
        total = sum(int(f) for f in fields[11:15])
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
        for pid in children.read_text().split():
            # A worker that exited meanwhile is counted in cutime next time.
            with contextlib.suppress(OSError):
                total += sum(int(f) for f in _stat_fields(int(pid))[11:13])
    except OSError:
        return 0.0
    return total / tick


def _stat_fields(pid: int) -> list[str]:
    """/proc/<pid>/stat after the command name (field 3 onwards)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the scenarios -------------------------------------------------------------------
def search_requests(target: Target, queries: list[str]) -> RequestMaker:
    """Prefixes of the library's titles and artists, in turn."""
    cycle = itertools.cycle(queries)

    def make():
        return target.get(f"/api/search?q={quote(next(cycle))}"), 200

    return make


def cached_requests(target: Target, track_ids: list[str]) -> RequestMaker:
    """The library's songs in turn (each already classified once)."""
    bodies = itertools.cycle(
        [
            json.dumps({"provider": "local", "track_id": track_id}).encode()
            for track_id in track_ids
        ]
    )

    def make():
        body = next(bodies)
        return target.post("/api/classifications", "application/json", body), 201

    return make


def uncached_requests(target: Target, clips: list[bytes], run_id: str) -> RequestMaker:
    """A clip no request sent before: a base clip and an ID3v1 tag of its own."""
    counter = itertools.count()
    boundary = "audiofiler-load-boundary"

    def make():
        n = next(counter)
        data = clips[n % len(clips)] + id3v1_tag(f"{run_id} {n}")
        head = (
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="file"; filename="load {n}.mp3"\r\n'
            "Content-Type: audio/mpeg\r\n\r\n"
        )
        body = head.encode() + data + f"\r\n--{boundary}--\r\n".encode()
        content_type = f"multipart/form-data; boundary={boundary}"
        return target.post("/api/classifications", content_type, body), 201

    return make


def search_queries(titles: list[str]) -> list[str]:
    """Each word's 1-4 letter prefixes and the word itself: someone typing."""
    queries = []
    for title in titles:
        for word in title.split()[:2]:
            queries += [word[:n] for n in range(1, min(len(word), 4) + 1)] + [word]
    return list(dict.fromkeys(q for q in queries if q.strip()))


# -- setup ---------------------------------------------------------------------------
def build_library(folder: Path, songs: int) -> list[Path]:
    """``songs`` of the 30 s demo catalogue, every format in turn."""
    from classifier.demo.catalogue import FORMATS, SONGS, build_catalogue

    by_format = [[s for s in SONGS if s.format == fmt] for fmt in FORMATS]
    picked = [spec for group in zip(*by_format, strict=False) for spec in group]
    return build_catalogue(folder, songs=picked[:songs], workers=os.cpu_count() or 1)


def upload_clips(seconds: float) -> list[bytes]:
    """``UPLOAD_BASES`` distinct synthesised mp3 clips of ``seconds`` each."""
    from classifier.audio.encode import encode_audio
    from classifier.demo.synth import render_song

    rate = 44_100
    styles = ("Rock", "Jazz", "Electronic", "Classical")
    clips = []
    for n in range(UPLOAD_BASES):
        signal = render_song(
            styles[n % len(styles)],
            tempo=96 + 8 * n,
            key="A minor",
            seed=100 + n,
            duration_s=seconds,
            sample_rate=rate,
        )
        clips.append(encode_audio(signal, rate, "mp3"))
    return clips


def train_model(directory: Path) -> Path:
    """A trained artifact (TensorFlow in a child process, not in the client)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, 'bench'); "
        "from _common import train_artifact; "
        f"print(train_artifact(Path({str(directory)!r})))"
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"training failed:\n{done.stderr[-3000:]}")
    return Path(done.stdout.strip().splitlines()[-1])


def warm_up(server, track_ids: list[str]) -> None:
    """Classify every library song once (the cached scenario's results)."""
    client = server.client()
    for track_id in track_ids:
        response = client.post(
            server.url + "/api/classifications",
            json={"provider": "local", "track_id": track_id},
            timeout=REQUEST_TIMEOUT_S,
        )
        if response.status_code != 201:
            raise RuntimeError(f"warm-up of {track_id}: {response.text[:500]}")


# -- the run -------------------------------------------------------------------------
def print_row(stats: Stats) -> None:
    row = stats.row()
    print(
        f"{row['scenario']:<9} {row['clients']:>7} {stats.workers:>7} "
        f"{row['requests']:>8} "
        f"{row['rps']:>8.1f} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
        f"{row['p99_ms']:>8.1f} {row['max_ms']:>8.1f} {row['errors']:>6} "
        f"{row['client_cpu_pct']:>7.1f}% {row['server_cpu_ms_per_request']:>7.2f} "
        f"{row['load1']:>6.2f}",
        flush=True,
    )
    for outcome, count in stats.errors.most_common(5):
        print(f"    {count} x {outcome}", flush=True)


HEADER = (
    f"{'scenario':<9} {'clients':>7} {'workers':>7} {'requests':>8} {'req/s':>8} "
    f"{'p50 ms':>8} "
    f"{'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'errors':>6} {'client':>8} "
    f"{'srv ms':>7} {'load1':>6}"
)


@dataclass
class Stand:
    """A running stack and the scenarios' request makers for it."""

    server: object
    workers: int
    makers: dict[str, Callable[[], RequestMaker]]

    def run(self, args, scenario: str, clients: int, duration_s: float) -> Stats:
        stats = run_scenario(
            Target.of(self.server.url, self.server.csrf_token()),
            scenario,
            self.makers[scenario](),
            clients=clients,
            duration_s=duration_s,
            warmup_s=args.warmup,
            server_pid=self.server.pid,
        )
        stats.workers = self.workers
        return stats


@contextlib.contextmanager
def open_stand(args, tmp: Path, *, workers: int, model_dir: Path, library: Path):
    """The stack with ``workers``, the library's songs classified once."""
    from classifier.demo.catalogue import read_tags

    tracks = sorted(
        p.relative_to(library).as_posix()
        for p in library.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )
    titles = []
    for path in (library / t for t in tracks):
        tags = read_tags(path)
        titles += [tags.get("title", path.stem), tags.get("artist", "")]
    env = {**LOAD_ENV, "AUDIOFILER_LIBRARY": str(library)}
    stack_dir = Path(tempfile.mkdtemp(prefix=f"stack-w{workers}-", dir=tmp))
    with production_stack(
        stack_dir,
        postgres_url=postgres_server_url(),
        env=env,
        workers=workers,
        static_root=tmp / "static",
        model_dir=model_dir,
    ) as server:
        warm_up(server, tracks)
        target = Target.of(server.url, server.csrf_token())
        makers = {
            "search": lambda: search_requests(target, search_queries(titles)),
            "cached": lambda: cached_requests(target, tracks),
            "uncached": lambda: uncached_requests(
                target, args.clips, f"w{workers} {time.time_ns()}"
            ),
        }
        yield Stand(server, workers, makers)


def merged(parts: list[Stats]) -> Stats:
    """Several runs of one scenario as one (times added up)."""
    total = Stats(parts[0].scenario, parts[0].clients, workers=parts[0].workers)
    for part in parts:
        total.latencies_s += part.latencies_s
        total.errors.update(part.errors)
        total.reconnects += part.reconnects
        total.elapsed_s += part.elapsed_s
        total.client_cpu_s += part.client_cpu_s
        total.server_cpu_s += part.server_cpu_s
    total.load_before, total.load_after = parts[0].load_before, parts[-1].load_after
    return total


def worker_scaling(args, stand: Stand, one: Stand) -> tuple[Stats, Stats]:
    """``uncached`` at the first clients level on 1 worker and on ``stand``'s,
    alternating in ``SCALING_ROUNDS`` slices of the duration, so that what else
    the machine runs meanwhile weighs on both alike."""
    clients = args.clients[0]
    slice_s = args.duration / SCALING_ROUNDS
    runs: dict[int, list[Stats]] = {1: [], stand.workers: []}
    for _ in range(SCALING_ROUNDS):
        for each in (one, stand):
            runs[each.workers].append(each.run(args, "uncached", clients, slice_s))
    return merged(runs[1]), merged(runs[stand.workers])


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds each")
    parser.add_argument("--warmup", type=float, default=3.0, help="not counted (s)")
    parser.add_argument(
        "--clients", default="20,50", help="concurrency levels (comma-separated)"
    )
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument(
        "--workers",
        type=int,
        default=default_web_workers(),
        help="gunicorn workers (default: gunicorn.conf.py's without WEB_CONCURRENCY,"
        " two per CPU)",
    )
    parser.add_argument(
        "--no-scaling",
        action="store_true",
        help="skip the 1-worker run of the uncached scenario",
    )
    parser.add_argument("--songs", type=int, default=12, help="library songs (30 s)")
    parser.add_argument("--upload-seconds", type=float, default=10.0)
    parser.add_argument("--library", type=Path, help="use this music folder instead")
    parser.add_argument("--model-dir", type=Path, help="use this trained artifact")
    parser.add_argument("--no-check", action="store_true", help="report only")
    args = parser.parse_args(argv)
    args.clients = [int(c) for c in args.clients.split(",")]
    args.scenarios = [s for s in args.scenarios.split(",") if s]
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {sorted(unknown)}")
    return args


def main(argv=None) -> None:
    args = parse_args(argv)
    print(
        f"machine: {os.cpu_count()} CPUs, load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg()),
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="audiofiler-load-") as tmp_name:
        tmp = Path(tmp_name)
        library = args.library or tmp / "library"
        if args.library is None:
            print(f"synthesising {args.songs} demo songs (30 s)…", flush=True)
            build_library(library, args.songs)
        model_dir = args.model_dir
        if model_dir is None:
            print("training a model…", flush=True)
            model_dir = train_model(tmp / "model")
        args.clips = upload_clips(args.upload_seconds)
        print(
            f"gunicorn workers={args.workers}, {args.duration:g} s per scenario "
            f"(+{args.warmup:g} s warm-up), uploads: {args.upload_seconds:g} s mp3 "
            f"(~{len(args.clips[0]) // 1024} KiB)",
            flush=True,
        )
        print(HEADER, flush=True)
        plan = [(s, c) for s in args.scenarios for c in args.clients]
        scaling = None
        results = []
        options = {"model_dir": model_dir, "library": library}
        with open_stand(args, tmp, workers=args.workers, **options) as stand:
            for scenario, clients in plan:
                results.append(stand.run(args, scenario, clients, args.duration))
                print_row(results[-1])
            if (
                not args.no_scaling
                and "uncached" in args.scenarios
                and args.workers > 1
            ):
                print(
                    f"-- uncached at {args.clients[0]} clients, 1 worker vs "
                    f"{args.workers}, alternating {SCALING_ROUNDS} times:",
                    flush=True,
                )
                with open_stand(args, tmp, workers=1, **options) as one:
                    single, many = worker_scaling(args, stand, one)
                for stats in (single, many):
                    print_row(stats)
                scaling = many.rps / single.rps if single.rps else float("nan")
                print(
                    f"worker_scaling: {single.rps:.1f} req/s with 1 worker, "
                    f"{many.rps:.1f} with {args.workers}: {scaling:.2f}x",
                    flush=True,
                )
                results += [single, many]
    report(args, results, scaling)


def _find(results: list[Stats], scenario: str, clients: int) -> Stats | None:
    for stats in results:
        if stats.scenario == scenario and stats.clients == clients:
            return stats
    return None


def report(args, results: list[Stats], scaling: float | None) -> None:
    level = 20 if 20 in args.clients else args.clients[0]
    errors = sum(s.error_count for s in results)
    cached = _find(results, "cached", level)
    uncached = _find(results, "uncached", level)
    cached_p99 = cached.percentile_ms(99) if cached else float("nan")
    uncached_rps = uncached.rps if uncached else float("nan")
    print(
        "JSON "
        + json.dumps(
            {
                "rows": [{**s.row(), "workers": s.workers} for s in results],
                "worker_scaling": scaling,
            }
        ),
        flush=True,
    )
    print(
        f"RESULT errors={errors} cached_p99_ms_{level}={cached_p99:.1f} "
        f"uncached_rps_{level}={uncached_rps:.1f}",
        flush=True,
    )
    if args.no_check:
        return
    missed = []
    if errors:
        missed.append(f"errors={errors} (target 0)")
    if not cached_p99 <= TARGET_CACHED_P99_MS:
        missed.append(f"cached p99 {cached_p99:.1f} ms > {TARGET_CACHED_P99_MS:g}")
    if not uncached_rps >= TARGET_UNCACHED_RPS:
        missed.append(f"uncached {uncached_rps:.1f} req/s < {TARGET_UNCACHED_RPS:g}")
    exit_if_missed(missed)


if __name__ == "__main__":
    main()
