"""JSON over HTTP with requests: one session factory, one ``get_json``, typed errors."""

import email.utils
import json
import logging
import time
from collections.abc import Collection, Mapping
from typing import Any

import requests

from .errors import ProviderRateLimited, ProviderTimeout, ProviderUnavailable

logger = logging.getLogger(__name__)

USER_AGENT = "AudioFiler/0.1 (+https://github.com/audiofiler)"
#: (connect, read) seconds; the read timeout bounds each socket read, not the total.
DEFAULT_TIMEOUT_S = 5.0


def make_session(*, user_agent: str = USER_AGENT) -> requests.Session:
    """Return a ``requests.Session`` with our User-Agent and JSON ``Accept`` header.

    Retries are left to the caller: the default adapter retries nothing.
    """
    session = requests.Session()
    session.headers.update({"User-Agent": user_agent, "Accept": "application/json"})
    return session


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
        Connect and read timeout.
    throttle_statuses : collection of int
        Statuses that mean "slow down" (iTunes also answers 403 when throttling).
    default_retry_after : float, optional
        Retry-After to report when a throttling answer carries none.

    Raises
    ------
    ProviderTimeout
        No answer within ``timeout_s``.
    ProviderRateLimited
        A status in ``throttle_statuses``.
    ProviderUnavailable
        Connection failure, any other status >= 400, or a body that is not JSON.
    """
    try:
        response = session.get(url, params=params, timeout=timeout_s)
    except requests.Timeout as exc:
        raise ProviderTimeout(
            f"{provider} did not answer within {timeout_s:g} s", provider=provider
        ) from exc
    except requests.RequestException as exc:
        raise ProviderUnavailable(
            f"{provider} could not be reached: {exc.__class__.__name__}",
            provider=provider,
        ) from exc
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
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise ProviderUnavailable(
            f"{provider} sent a body that is not JSON", provider=provider
        ) from exc
