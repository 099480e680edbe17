"""Request parsers that answer every malformed body with a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, plus: JSON nested too deeply for Python's parser (a
    ``RecursionError``, not the ``ValueError`` DRF catches) is a parse error, not
    a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply.") from error
