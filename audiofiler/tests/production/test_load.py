"""bench/load.py, briefly: 2 clients for 2 s per scenario against a stack of its own.

No speed is asserted (the machine may be busy): the tool runs, every request of
every scenario is answered as expected, and the numbers it prints hold together.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.slow
def test_the_load_tool_reports_sane_numbers_and_no_errors(
    postgres_url, model_artifact, demo_songs
):
    if not (REPO / "frontend" / "dist" / "manifest.json").exists():
        pytest.skip("the page bundle is not built: `npm run build`")
    command = [
        sys.executable,
        "bench/load.py",
        "--duration",
        "2",
        "--warmup",
        "0.5",
        "--clients",
        "2",
        "--upload-seconds",
        "3",
        "--library",
        str(demo_songs[0].parent),
        "--model-dir",
        str(model_artifact),
        "--workers",
        "2",
        "--no-scaling",
        "--no-check",
    ]
    env = {**os.environ, "DATABASE_URL": postgres_url}
    done = subprocess.run(
        command, cwd=REPO, env=env, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert re.fullmatch(
        r"RESULT errors=0 cached_p99_ms_2=\d+\.\d uncached_rps_2=\d+\.\d", lines[-1]
    ), lines[-1]
    rows = json.loads(next(line for line in lines if line.startswith("JSON "))[5:])
    by_scenario = {row["scenario"]: row for row in rows["rows"]}
    assert sorted(by_scenario) == ["cached", "search", "uncached"]
    for row in by_scenario.values():
        assert row["clients"] == 2
        assert row["workers"] == 2
        assert row["errors"] == 0
        assert row["requests"] > 0
        assert row["rps"] > 0
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"] <= row["max_ms"]
        # Two clients, one request each at a time: at most 2 in flight.
        assert row["rps"] * row["p50_ms"] / 1e3 <= 2 * 1.5
    assert rows["worker_scaling"] is None
