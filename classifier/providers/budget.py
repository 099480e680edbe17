"""One time budget for everything a request asks of the providers.

A web worker is killed when a request outlives its timeout, so every provider call and
download made while serving a request shares one deadline: each socket timeout is cut
to what is left of it, and a call that starts with nothing left fails at once with
:class:`~.errors.BudgetExhausted` (a ``ProviderTimeout``, hence a 504). The deadline
is a context variable, so threads that fan a search out take it along when they run
in a copied context (:func:`run_in_budget`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from typing import Any, TypeVar

from .errors import BudgetExhausted

T = TypeVar("T")
_DEADLINE: ContextVar[float | None] = ContextVar("provider_deadline", default=None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[float | None]:
    """Run the block under a deadline ``seconds`` from now (``None``: no new limit).

    A budget inside another ends no later than the outer one.
    """
    if seconds is None:
        yield _DEADLINE.get()
        return
    deadline = time.monotonic() + seconds
    outer = _DEADLINE.get()
    if outer is not None:
        deadline = min(deadline, outer)
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


def remaining() -> float | None:
    """Seconds left in the current budget, or ``None`` outside any budget."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def clamp(timeout_s: float, *, provider: str | None = None) -> float:
    """``timeout_s``, cut to what is left of the budget.

    Raises
    ------
    BudgetExhausted
        Nothing is left.
    """
    left = remaining()
    if left is None:
        return timeout_s
    if left <= 0:
        raise BudgetExhausted(
            "the request's time budget ran out before this call", provider=provider
        )
    return min(timeout_s, left)


def run_in_budget(function: Callable[..., T]) -> Callable[..., T]:
    """``function`` bound to a copy of the caller's context (its deadline included),
    to hand to another thread."""
    context = copy_context()

    def call(*args: Any, **kwargs: Any) -> T:
        return context.run(function, *args, **kwargs)

    return call
