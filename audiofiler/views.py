"""Error pages: plain words, no details, JSON under ``/api/``.

Django's own handlers answer 400/403/404/500 and CSRF failures outside DRF's views
(DRF's go through ``audiofiler.exceptions``). Each page says what happened and nothing
about the server: no path, no exception, no traceback (those go to the log, which
``django.request`` writes for every such response). The pages are rendered without a
request context, so a broken database or session cannot break them too.
"""

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from audiofiler.authentication import CsrfFailed
from audiofiler.exceptions import SERVER_ERROR_MESSAGE

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
}


def error_page(request, status: int, *, code: str = "", message: str = ""):
    """The plain error page (or JSON body, under ``/api/``) for ``status``."""
    default_code, title, default_message = PAGES[status]
    code, message = code or default_code, message or default_message
    if request.path.startswith("/api/"):
        return JsonResponse({"error": code, "message": message}, status=status)
    html = render_to_string("error.html", {"title": title, "message": message})
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def server_error(request):
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
