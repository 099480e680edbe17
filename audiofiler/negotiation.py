"""DRF's content negotiation, with the common case answered without parsing.

Nearly every request to the API says ``Accept: */*``, ``application/json`` or
nothing, and asks for no ``?format=``: DRF's answer is then always the view's first
renderer when that renderer is JSON. Working it out anyway (parsing the header,
ordering media types by precedence) was a few per cent of a cached answer's CPU.
Anything else gets DRF's negotiation unchanged.
"""

from rest_framework.negotiation import DefaultContentNegotiation

JSON = "application/json"
#: Accept headers whose answer is the first renderer, if it renders JSON (no header
#: at all counts as ``*/*``; an empty one accepts nothing: 406).
_ANY_OR_JSON = frozenset({"*/*", JSON})


class JSONFirstNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if (
            renderers
            and renderers[0].media_type == JSON
            and not format_suffix
            and self.settings.URL_FORMAT_OVERRIDE not in request.query_params
            and request.META.get("HTTP_ACCEPT", "*/*").strip() in _ANY_OR_JSON
        ):
            return renderers[0], JSON
        return super().select_renderer(request, renderers, format_suffix)
