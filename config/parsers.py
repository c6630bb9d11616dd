"""The API's JSON parser, with a cap on nesting.

No write of the registry is more than a few levels deep (an object, its `evidence` list, each
citation); a body nested thousands deep is an attack that ends in a RecursionError (a 500) in
the parser or in the serializers after it.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32
MESSAGE = f"JSON parse error - the body is nested deeper than {MAX_DEPTH} levels."


def depth(value):
    """How deeply lists and objects nest in a parsed JSON value, counted without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            stack.extend((child, level + 1) for child in item)
    return deepest


class RegistryJSONParser(JSONParser):
    """DRF's JSON parser; a body nested deeper than MAX_DEPTH is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(MESSAGE) from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(MESSAGE)
        return data
