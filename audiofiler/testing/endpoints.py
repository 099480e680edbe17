"""Every URL pattern of the project, with what its view accepts and how it is guarded.

The security rules are checked on this list, so an endpoint added later is covered
without anyone adding it to a test: every view that accepts an unsafe method checks
the CSRF token, building/training/activating views are for admins only, and every API
view is throttled. :func:`rule_violations` says which endpoints break which rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from rest_framework.permissions import IsAdminUser
from rest_framework.views import APIView

from audiofiler.authentication import CsrfSessionAuthentication
from audiofiler.throttling import AnonRateThrottle

UNSAFE_METHODS = ("post", "put", "patch", "delete")
#: Words that make an endpoint's route, name or view an admin's job.
ADMIN_ONLY_WORDS = ("build", "train", "activat", "import", "extract")
#: A value per path converter, to build a URL that resolves.
_SAMPLES = {
    "int": "1",
    "str": "x",
    "slug": "x",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "path": "x/y",
}
_CONVERTER = re.compile(r"<(?:(?P<type>[^:>]+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class Endpoint:
    route: str  # e.g. "api/classifications/<uuid:classification_id>"
    name: str | None
    callback: Any
    sample_path: str | None  # a path that resolves to it; None for regex routes

    @property
    def view_class(self) -> type | None:
        return getattr(self.callback, "view_class", None)

    @property
    def is_drf(self) -> bool:
        return self.view_class is not None and issubclass(self.view_class, APIView)

    @property
    def methods(self) -> tuple[str, ...]:
        """The HTTP methods the view implements (all, for a function view)."""
        if self.view_class is None:
            return ("get", *UNSAFE_METHODS)
        return tuple(
            m
            for m in self.view_class.http_method_names
            if m not in ("options", "head") and hasattr(self.view_class, m)
        )

    @property
    def unsafe_methods(self) -> tuple[str, ...]:
        return tuple(m for m in self.methods if m in UNSAFE_METHODS)

    @property
    def is_admin_site(self) -> bool:
        """A view of Django's admin site (its own staff check guards it)."""
        module = getattr(self.callback, "__module__", "") or ""
        return module.startswith("django.contrib.admin") or self.route.startswith(
            "admin/"
        )

    @property
    def looks_admin_only(self) -> bool:
        text = " ".join(
            filter(
                None, (self.route, self.name, getattr(self.view_class, "__name__", ""))
            )
        ).lower()
        return any(word in text for word in ADMIN_ONLY_WORDS)


def endpoints(urlconf: str | None = None) -> list[Endpoint]:
    """Every URL pattern of ``urlconf`` (the project's by default), flattened."""
    found: list[Endpoint] = []
    _walk(get_resolver(urlconf).url_patterns, "", True, found)
    return found


def _walk(patterns, prefix: str, sampleable: bool, found: list[Endpoint]) -> None:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        plain = sampleable and isinstance(pattern.pattern, RoutePattern)
        if isinstance(pattern, URLResolver):
            _walk(pattern.url_patterns, route, plain, found)
        elif isinstance(pattern, URLPattern):
            sample = "/" + _CONVERTER.sub(_sample, route) if plain else None
            found.append(Endpoint(route, pattern.name, pattern.callback, sample))


def _sample(match: re.Match) -> str:
    return _SAMPLES.get(match.group("type") or "str", "x")


def csrf_protected(endpoint: Endpoint) -> bool:
    """Whether an unsafe request to ``endpoint`` must carry the CSRF token."""
    if endpoint.is_drf:
        view = endpoint.view_class()
        return any(
            isinstance(authenticator, CsrfSessionAuthentication)
            for authenticator in view.get_authenticators()
        )
    middleware = "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    return middleware and not getattr(endpoint.callback, "csrf_exempt", False)


def admin_only(endpoint: Endpoint) -> bool:
    """Whether only staff may call ``endpoint`` (DRF's ``IsAdminUser``, or the
    admin site's own check)."""
    if endpoint.is_drf:
        return any(
            issubclass(permission, IsAdminUser)
            for permission in endpoint.view_class.permission_classes
        )
    return endpoint.is_admin_site


def throttled(endpoint: Endpoint) -> bool:
    """Whether a DRF view counts anonymous requests against the ``anon`` rate."""
    view = endpoint.view_class()
    return any(isinstance(t, AnonRateThrottle) for t in view.get_throttles())


def rule_violations(
    found: list[Endpoint], *, unthrottled: frozenset[str] = frozenset()
) -> list[str]:
    """Each broken rule as ``"<route>: <what>"`` (empty when all hold).

    ``unthrottled`` names endpoints allowed to go without the ``anon`` throttle.
    """
    broken = []
    for endpoint in found:
        if endpoint.unsafe_methods and not csrf_protected(endpoint):
            broken.append(f"{endpoint.route}: accepts unsafe methods without CSRF")
        if endpoint.looks_admin_only and not admin_only(endpoint):
            broken.append(f"{endpoint.route}: builds/trains/activates, not admin-only")
        if (
            endpoint.is_drf
            and endpoint.name not in unthrottled
            and not throttled(endpoint)
        ):
            broken.append(f"{endpoint.route}: not throttled")
    return broken
