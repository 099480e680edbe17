"""What the decoder does with one file, as plain data (run in a worker process)."""

import numpy as np

from classifier.audio import ANALYSIS_RATE, AudioError, decode_audio

#: The cap the decode test runs with (the server's default).
MAX_SECONDS = 600.0


def decode_outcome(data: bytes) -> tuple:
    """``("ok", problems)`` for a result (``problems`` lists what is wrong with it),
    ``("refused", error type)`` for the decoder's own error; anything else raises."""
    try:
        signal, rate = decode_audio(data, max_seconds=MAX_SECONDS)
    except AudioError as error:
        return ("refused", type(error).__name__)
    problems = []
    if rate != ANALYSIS_RATE:
        problems.append(f"rate {rate}")
    if signal.ndim != 1 or signal.dtype != np.float64:
        problems.append(f"shape {signal.shape} {signal.dtype}")
    if not np.isfinite(signal).all():
        problems.append("samples that are NaN or infinite")
    if len(signal) > MAX_SECONDS * ANALYSIS_RATE + 4096:
        problems.append(f"{len(signal)} samples, past the cap")
    if len(signal) == 0:
        problems.append("no samples")
    return ("ok", problems)
