"""Every corpus file through ``decode_audio``: a valid signal or the decoder's own
error, never another exception, a crash or a hang.

The files are decoded in worker processes (``audiofiler.testing.isolated``), each
under a generous time limit that only a hang reaches, and a memory limit.
"""

from audiofiler.testing.corpus import ACCEPTED
from audiofiler.testing.isolated import run_isolated
from audiofiler.tests.badinput.conftest import SEED

#: Not a speed limit: a file that takes this long to decode is stuck.
HANG_S = 60.0


def test_every_corpus_file_decodes_or_is_refused(corpus):
    outcomes = run_isolated(
        "audiofiler.tests.badinput.decode_check:decode_outcome",
        [f.data for f in corpus],
        timeout_s=HANG_S,
    )

    failures = []
    for f, outcome in zip(corpus, outcomes, strict=True):
        if outcome.kind != "returned":
            failures.append(f"{outcome.kind}: {outcome.value}")
        elif outcome.value[0] == "ok" and outcome.value[1]:
            failures.append(f"a bad signal: {', '.join(outcome.value[1])}")
        elif f.expect == ACCEPTED and outcome.value[0] != "ok":
            failures.append(f"refused ({outcome.value[1]}), though valid")
        else:
            continue
        failures[-1] = f"{f.describe(SEED)}\n    {failures[-1]}"
    assert not failures, f"{len(failures)} of {len(corpus)} files:\n" + "\n".join(
        failures
    )
