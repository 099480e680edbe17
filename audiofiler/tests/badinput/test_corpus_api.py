"""Every corpus file uploaded to ``POST /api/classifications`` and to the stream
endpoint (Django's test client): a 4xx JSON error with a message for people, or the
classification for the valid ones; never a 5xx. Afterwards a good upload still works.
"""

import io

import pytest
from rest_framework.test import APIClient

from audiofiler.tests.badinput.checks import classify_problems, stream_problems
from audiofiler.tests.badinput.conftest import SEED

# The stream's work runs in a thread with its own database connection: it must see
# the committed model, so this test commits (and flushes afterwards).
pytestmark = pytest.mark.django_db(transaction=True)


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def file_name(corpus_name: str) -> str:
    """An upload name from the file's base format (which may now be a lie)."""
    base = corpus_name.split("/")[1]
    return f"clip.{base if base != '-' else 'mp3'}"


def test_every_corpus_file_is_refused_or_classified_never_a_500(
    corpus, active_model, demo_songs
):
    client = APIClient()
    failures = []
    for f in corpus:
        response = client.post(
            "/api/classifications",
            {"file": upload(f.data, file_name(f.name))},
            format="multipart",
        )
        problems = classify_problems(f, response.status_code, response.content)
        stream = client.post(
            "/api/classifications/stream",
            {"file": upload(f.data, file_name(f.name))},
            format="multipart",
            HTTP_ACCEPT="text/event-stream",
        )
        content = (
            b"".join(stream.streaming_content) if stream.streaming else stream.content
        )
        problems += [
            f"stream: {p}"
            for p in stream_problems(
                f, stream.status_code, stream["Content-Type"], content
            )
        ]
        if problems:
            failures.append(f"{f.describe(SEED)}\n    " + "\n    ".join(problems))

    assert not failures, f"{len(failures)} of {len(corpus)} files:\n" + "\n".join(
        failures
    )
    good = demo_songs[0]
    after = client.post(
        "/api/classifications",
        {"file": upload(good.read_bytes(), good.name)},
        format="multipart",
    )
    assert after.status_code == 201, after.content
