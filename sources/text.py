"""Turning an archived document into the text a reader sees, and normalising it for matching."""

import html
import json
import re

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*(?:\n[ \t\u00a0]*)+")
_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u00a0": " ",
    }
)


def readable_text(archived_text, text_format="plain"):
    """The document as a reader sees it; a WordPress JSON export gives its title and body."""
    if text_format == "wordpress_json":
        try:
            post = json.loads(archived_text)
            body = f"{post['title']['rendered']}\n\n{post['content']['rendered']}"
        except (ValueError, KeyError, TypeError):
            return archived_text
        # Block-level tags become line breaks so paragraphs stay apart once tags are removed.
        body = re.sub(r"</(p|h\d|li|figure)>", "\n\n", body)
        text = html.unescape(_TAGS.sub("", body))
        return _BLANK_LINES.sub("\n\n", text).strip()
    return archived_text


def normalise(text):
    """Fold HTML entities, typographic quotes, non-breaking spaces and runs of whitespace.

    Nothing else: markup is removed only when an HTML or JSON source becomes its readable
    text, never from a quote, so a quote with words inserted in angle brackets does not match.
    """
    return _SPACE.sub(" ", html.unescape(text).translate(_QUOTES)).strip()
