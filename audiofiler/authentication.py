"""The API's authentication: Django sessions, with the CSRF token always checked.

DRF's ``SessionAuthentication`` checks the CSRF token only for a logged-in user and
its views are exempt from Django's CSRF middleware, so an anonymous POST would go
through unchecked: any site could make a visitor's browser classify, or later call
any endpoint that changes state. This class checks every unsafe request (POST, PUT,
PATCH, DELETE) for the token, logged in or not. The page sends it (the ``csrftoken``
cookie back in the ``X-CSRFToken`` header); other API clients ``GET /`` first for the
cookie, and over HTTPS also send a ``Referer`` (or ``Origin``) of this site.
"""

import logging

from drf_spectacular.authentication import SessionScheme
from rest_framework import exceptions
from rest_framework.authentication import CSRFCheck, SessionAuthentication

logger = logging.getLogger(__name__)


class CsrfFailed(exceptions.PermissionDenied):
    """An unsafe request without a valid CSRF token (403)."""

    default_code = "csrf_failed"
    default_detail = (
        "This request lacks the page's security token. Reload the page and try "
        "again. (API clients: GET / first, then send the csrftoken cookie back in "
        "the X-CSRFToken header.)"
    )


class CsrfSessionAuthentication(SessionAuthentication):
    """``SessionAuthentication`` that enforces CSRF for anonymous requests too."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)  # checks CSRF when logged in
        if authenticated is None:
            self.enforce_csrf(request)
        return authenticated

    def enforce_csrf(self, request) -> None:
        """Raise :class:`CsrfFailed` unless the request passes Django's CSRF check
        (safe methods always do)."""
        check = CSRFCheck(lambda request: None)
        check.process_request(request)  # reads the cookie into request.META
        reason = check.process_view(request, None, (), {})
        if reason:
            logger.info(
                "CSRF check failed for %s %s: %s", request.method, request.path, reason
            )
            raise CsrfFailed()


class CsrfSessionScheme(SessionScheme):
    """The OpenAPI schema describes it as the session cookie, like DRF's own."""

    target_class = CsrfSessionAuthentication
