"""Peak resident memory of one ``decode_audio`` call, measured in a fresh interpreter.

``python -m classifier.tests.audio.decode_peak FILE [--max-seconds S]`` reads the file,
imports the decoder, and resets the kernel's peak-RSS mark (``/proc/self/clear_refs``;
without it, the peak since start-up is used, which can only overstate). It then decodes
once and prints one JSON line: ``peak_bytes`` (the peak resident set during the call
minus the resident set just before it: the file's bytes and the imported libraries are
not counted, everything the call allocates, in Python, NumPy or FFmpeg, is), the
``outcome`` (``ok`` or the error's class name), the decoded ``samples`` and the wall
time. :func:`measure_peak` runs it in a subprocess: a test process has already touched
memory, and the kernel's peak mark is per process.
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from classifier.audio.names import ANALYSIS_RATE

REPO = Path(__file__).resolve().parents[3]
#: What decoding may use beside its output buffer, whatever the file: a batch of
#: decoded frames (2**16 samples of up to 8 channels: 4 MiB in float64, held at most
#: three times over), libav's demuxer, decoder and resampler state, NumPy's and the C
#: allocator's slack. Measured: 11-17 MB on the files of ``test_decode_memory``.
CONSTANT_BYTES = 32 * 2**20


def peak_bound(seconds: float, sample_rate: int = ANALYSIS_RATE) -> float:
    """Bytes decoding ``seconds`` of audio (at most the cap) may add at its peak.

    The output buffer's float64 samples at ``sample_rate``, plus ``CONSTANT_BYTES``.
    """
    return seconds * sample_rate * 8 + CONSTANT_BYTES


def _status_kib(*keys: str) -> dict[str, int]:
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in keys:
                found[key] = int(value.split()[0])
    return found


def _reset_peak() -> bool:
    """Set this process's peak-RSS mark to its RSS now (Linux >= 4.0)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        return False
    return True


def measure_peak(path: Path, *, max_seconds: float | None = None) -> dict:
    """Run this module on ``path`` in a fresh interpreter; its JSON result."""
    command = [sys.executable, "-m", "classifier.tests.audio.decode_peak", str(path)]
    if max_seconds is not None:
        command += ["--max-seconds", str(max_seconds)]
    done = subprocess.run(
        command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the file to decode")
    parser.add_argument("--max-seconds", type=float, help="decode_audio's cap")
    args = parser.parse_args()
    data = args.path.read_bytes()

    from classifier.audio import AudioError, decode_audio

    kwargs = {} if args.max_seconds is None else {"max_seconds": args.max_seconds}
    reset = _reset_peak()
    before = _status_kib("VmRSS")["VmRSS"]
    started = time.perf_counter()
    try:
        signal, _ = decode_audio(data, **kwargs)
        outcome, samples = "ok", len(signal)
    except AudioError as error:
        outcome, samples = type(error).__name__, 0
    seconds = time.perf_counter() - started
    peak = _status_kib("VmHWM")["VmHWM"]
    result = {
        "peak_bytes": (peak - before) * 1024,
        "outcome": outcome,
        "samples": samples,
        "seconds": round(seconds, 3),
        "peak_reset": reset,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
