"""Permissions shared by the API modules."""

import logging

from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, BasePermission

from audiofiler.exceptions import ServiceError

logger = logging.getLogger(__name__)


class CsrfProtected(BasePermission):
    """Django's CSRF check on writes, for every visitor, signed in or not.

    DRF checks CSRF only for requests its session authentication signed in, so an
    anonymous visitor's POST would pass without a token; a view that writes on
    behalf of the visitor's session (a vote) needs the check too. The page sends the
    token from the ``csrftoken`` cookie in ``X-CSRFToken``.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        try:
            SessionAuthentication().enforce_csrf(request)
        except exceptions.PermissionDenied as error:
            logger.info("refused %s %s: %s", request.method, request.path, error)
            raise ServiceError(
                "The page's security token is missing or out of date. Reload the "
                "page and try again.",
                code="csrf_failed",
                status_code=403,
            ) from error
        return True
