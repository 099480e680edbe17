"""What every answer to bad input must look like, for the tests of this package."""

import json

from audiofiler.testing.corpus import ACCEPTED, REFUSED, CorpusFile

#: Words that belong in the log, never in a message to a person.
LEAKS = ("Traceback", "Errno", "ffmpeg", "FFmpeg", "Invalid data found", 'File "')


def error_problems(status: int, body: object) -> list[str]:
    """What is wrong with an error answer (empty when it is right): a 4xx with a
    JSON ``{"error", "message"}`` body, the message in words and nothing leaked."""
    problems = []
    if not 400 <= status < 500:
        problems.append(f"status {status}, not a 4xx")
    if not isinstance(body, dict):
        return [*problems, f"body {body!r:.200}, not a JSON object"]
    if not {"error", "message"} <= set(body) <= {"error", "message", "fields"}:
        problems.append(f"body keys {sorted(body)}")
    code, message = body.get("error"), body.get("message")
    if not (isinstance(code, str) and code):
        problems.append(f"error code {code!r}")
    if not (isinstance(message, str) and len(message) >= 10):
        problems.append(f"message {message!r}")
    elif any(leak in message for leak in LEAKS):
        problems.append(f"message leaks details: {message!r}")
    return problems


def json_body(content: bytes) -> object:
    try:
        return json.loads(content)
    except ValueError:
        return content[:200]


def classify_problems(f: CorpusFile, status: int, content: bytes) -> list[str]:
    """``POST /api/classifications``: 201 for a valid file, a 4xx JSON error for a
    refused one, one of them for a damaged one; never a 5xx."""
    body = json_body(content)
    if status == 201:
        if f.expect == REFUSED:
            return ["classified (201), though it must be refused"]
        if not (isinstance(body, dict) and body.get("genres")):
            return [f"a 201 without genres: {body!r:.200}"]
        return []
    problems = error_problems(status, body)
    if f.expect == ACCEPTED:
        problems.append(f"refused ({status} {body!r:.200}), though valid")
    return problems


def sse_events(content: bytes) -> list[tuple[str, dict]]:
    """``[(event, data)]`` of a ``text/event-stream`` body."""
    events = []
    for block in content.decode().strip("\n").split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def stream_problems(
    f: CorpusFile, status: int, content_type: str, content: bytes
) -> list[str]:
    """``POST /api/classifications/stream``: a 4xx JSON error before the stream, or
    a 200 stream that ends in ``result`` or an ``error`` event with a 4xx status."""
    if status != 200 or not content_type.startswith("text/event-stream"):
        problems = error_problems(status, json_body(content))
        if f.expect == ACCEPTED:
            problems.append(f"refused ({status}), though valid")
        return problems
    try:
        events = sse_events(content)
    except (ValueError, KeyError, UnicodeDecodeError) as error:
        return [f"a malformed event stream ({error}): {content[:200]!r}"]
    event, data = events[-1]
    if event == "result":
        if f.expect == REFUSED:
            return ["classified, though it must be refused"]
        return [] if data.get("genres") else [f"a result without genres: {data}"]
    if event != "error":
        return [f"the stream ends with {event!r}, not a result or an error"]
    problems = error_problems(
        data.get("status", 0), {k: data.get(k) for k in ("error", "message")}
    )
    if set(data) != {"error", "message", "status", "retry_after"}:
        problems.append(f"error event keys {sorted(data)}")
    if f.expect == ACCEPTED:
        problems.append(f"an error event ({data}), though valid")
    return problems
