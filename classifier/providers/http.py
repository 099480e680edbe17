"""JSON over HTTP with requests: one session factory, one ``get_json``, typed errors.

Sessions cut every request's timeout to what is left of the request's time budget
(:mod:`.budget`), spotipy's calls through them included; bodies are read a socket read
at a time against a deadline, so a server that trickles bytes cannot hold us past it.
"""

import email.utils
import json
import logging
import time
from collections.abc import Collection, Iterator, Mapping
from typing import Any

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError

from . import budget
from .errors import ProviderRateLimited, ProviderTimeout, ProviderUnavailable

logger = logging.getLogger(__name__)

USER_AGENT = "AudioFiler/0.1 (+https://github.com/audiofiler)"
#: Seconds for the whole of one API call (connect, headers and body).
DEFAULT_TIMEOUT_S = 5.0
#: Largest API answer read (a page of search results is ~50 KB).
MAX_JSON_BYTES = 4 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


class BudgetSession(requests.Session):
    """A session whose requests never wait past the current time budget."""

    provider: str | None = None

    def request(self, method, url, *args, **kwargs):
        timeout = kwargs.get("timeout") or DEFAULT_TIMEOUT_S
        if isinstance(timeout, tuple):
            timeout = tuple(budget.clamp(t, provider=self.provider) for t in timeout)
        else:
            timeout = budget.clamp(timeout, provider=self.provider)
        kwargs["timeout"] = timeout
        return super().request(method, url, *args, **kwargs)


def make_session(
    *, user_agent: str = USER_AGENT, provider: str | None = None
) -> requests.Session:
    """Return a :class:`BudgetSession` with our User-Agent and JSON ``Accept`` header.

    Retries are left to the caller: the default adapter retries nothing.
    """
    session = BudgetSession()
    session.provider = provider
    session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
    return session


def iter_body(response: requests.Response) -> Iterator[bytes]:
    """Yield the body as it arrives: ``read1`` returns after one socket read, so a
    trickling server cannot hold us inside a single 64 KiB read.

    Raises ``requests.Timeout`` / ``requests.ConnectionError`` for the transport's
    own errors."""
    raw = response.raw
    read1 = getattr(raw, "read1", None)
    if read1 is None:  # not urllib3 2: fall back to requests' own iterator
        yield from response.iter_content(CHUNK_BYTES)
        return
    try:
        while chunk := read1(CHUNK_BYTES, decode_content=True):
            yield chunk
    except (ReadTimeoutError, TimeoutError) as exc:
        raise requests.Timeout(str(exc)) from exc
    except (Urllib3Error, OSError) as exc:
        raise requests.ConnectionError(str(exc)) from exc


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Turn a ``Retry-After`` header (seconds or an HTTP date) into seconds >= 0."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def get_json(
    session: requests.Session,
    url: str,
    *,
    provider: str,
    params: Mapping[str, Any] | None = None,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    throttle_statuses: Collection[int] = (429,),
    default_retry_after: float | None = None,
) -> Any:
    """GET ``url`` and return the decoded JSON body.

    Parameters
    ----------
    session : requests.Session
    url : str
    provider : str
        Name put on the errors.
    params : mapping, optional
        Query parameters.
    timeout_s : float
        For the whole call (cut to the time budget, see :mod:`.budget`).
    throttle_statuses : collection of int
        Statuses that mean "slow down" (iTunes also answers 403 when throttling).
    default_retry_after : float, optional
        Retry-After to report when a throttling answer carries none.

    Raises
    ------
    ProviderTimeout
        No complete answer within ``timeout_s`` (``BudgetExhausted`` when the
        request's budget had run out).
    ProviderRateLimited
        A status in ``throttle_statuses``.
    ProviderUnavailable
        Connection failure, any other status >= 400, or a body that is not JSON.
    """
    timeout_s = budget.clamp(timeout_s, provider=provider)
    deadline = time.monotonic() + timeout_s
    too_slow = ProviderTimeout(
        f"{provider} did not answer within {timeout_s:.3g} s", provider=provider
    )
    try:
        response = session.get(url, params=params, timeout=timeout_s, stream=True)
        with response:
            _raise_for_status(
                response, provider, throttle_statuses, default_retry_after
            )
            content = bytearray()
            for chunk in iter_body(response):
                content += chunk
                if len(content) > MAX_JSON_BYTES:
                    raise ProviderUnavailable(
                        f"{provider} sent more than {MAX_JSON_BYTES} bytes",
                        provider=provider,
                    )
                if time.monotonic() > deadline:
                    raise too_slow
    except requests.Timeout as exc:
        raise too_slow from exc
    except requests.RequestException as exc:
        raise ProviderUnavailable(
            f"{provider} could not be reached: {exc.__class__.__name__}",
            provider=provider,
        ) from exc
    try:
        return json.loads(bytes(content))
    except ValueError as exc:
        raise ProviderUnavailable(
            f"{provider} sent a body that is not JSON", provider=provider
        ) from exc


def _raise_for_status(
    response: requests.Response,
    provider: str,
    throttle_statuses: Collection[int],
    default_retry_after: float | None,
) -> None:
    status = response.status_code
    if status in throttle_statuses:
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if retry_after is None:
            retry_after = default_retry_after
        logger.warning(
            "%s throttled us (HTTP %s), retry after %s", provider, status, retry_after
        )
        raise ProviderRateLimited(
            f"{provider} is rate limiting requests (HTTP {status})",
            retry_after=retry_after,
            provider=provider,
        )
    if status >= 400:
        raise ProviderUnavailable(
            f"{provider} answered HTTP {status}", provider=provider
        )
