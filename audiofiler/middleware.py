"""Request-wide middleware of AudioFiler."""

from django.conf import settings

from classifier.providers.budget import time_budget


class RequestBudgetMiddleware:
    """Give each request one time budget for everything it asks of the providers.

    ``AUDIOFILER_REQUEST_BUDGET_S`` ends well before the web worker's timeout: a
    provider that hangs costs a 504, not a killed worker. A streaming response's body
    runs after this returns, so a streaming view sets a budget of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with time_budget(settings.AUDIOFILER_REQUEST_BUDGET_S):
            return self.get_response(request)
