"""Error pages: plain words, no details, JSON under ``/api/``.

Django's own handlers answer 400/403/404/500 and CSRF failures outside DRF's views
(DRF's go through ``audiofiler.exceptions``); a database that is down is a 503 with
Retry-After, not a 500. Each page says what happened and nothing
about the server: no path, no exception, no traceback (those go to the log, which
``django.request`` writes for every such response). The pages are rendered without a
request context, so a broken database or session cannot break them too.
"""

import sys

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from audiofiler.authentication import CsrfFailed
from audiofiler.exceptions import (
    DATABASE_ERRORS,
    DATABASE_RETRY_AFTER_S,
    DATABASE_UNAVAILABLE_MESSAGE,
    SERVER_ERROR_MESSAGE,
)

PAGES = {
    400: ("bad_request", "Bad request", "The server could not read this request."),
    403: ("forbidden", "Forbidden", "You are not allowed to do this."),
    404: (
        "not_found",
        "Not found",
        "There is nothing at this address. The API's endpoints are listed at "
        "/api/docs/.",
    ),
    500: ("server_error", "Something went wrong", SERVER_ERROR_MESSAGE),
    503: (
        "database_unavailable",
        "Temporarily unavailable",
        DATABASE_UNAVAILABLE_MESSAGE,
    ),
}


def error_page(request, status: int, *, code: str = "", message: str = ""):
    """The plain error page (or JSON body, under ``/api/``) for ``status``."""
    default_code, title, default_message = PAGES[status]
    code, message = code or default_code, message or default_message
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": code, "message": message}, status=status)
    else:
        html = render_to_string("error.html", {"title": title, "message": message})
        response = HttpResponse(html, status=status)
    if status == 503:
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_S)
    return response


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
    """``handler500``: Django calls it while handling the exception, so a database
    that is down (raised in a view, or in middleware: sessions, authentication) is
    told apart from a bug: 503, try again shortly."""
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return error_page(request, 503)
    return error_page(request, 500)


def csrf_failure(request, reason: str = ""):
    """``CSRF_FAILURE_VIEW``: a form or request without the CSRF token."""
    if request.path.startswith("/api/"):
        message = CsrfFailed.default_detail
    else:
        message = (
            "The form was sent without its security token, or from another site. "
            "Reload the page and try again."
        )
    return error_page(request, 403, code=CsrfFailed.default_code, message=message)
