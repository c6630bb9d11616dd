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


_INVISIBLE = re.compile(r"<(script|style|head|noscript)\b.*?</\1\s*>", re.S | re.I)
_BLOCK_END = re.compile(
    r"</(p|h\d|li|figure|div|tr|table|section|article|blockquote)>|<br\s*/?>", re.I
)


def html_text(markup):
    """The text of an HTML fragment or page as a reader sees it, paragraphs kept apart."""
    body = _BLOCK_END.sub("\n\n", _INVISIBLE.sub("", markup))
    text = html.unescape(_TAGS.sub("", body))
    return _BLANK_LINES.sub("\n\n", text).strip()


def readable_text(archived_text, text_format="plain"):
    """The document as a reader sees it: a WordPress JSON export gives its title and body, an
    HTML page its text; plain text is itself."""
    if text_format == "wordpress_json":
        try:
            post = json.loads(archived_text)
            return html_text(f"<p>{post['title']['rendered']}</p>{post['content']['rendered']}")
        except (ValueError, KeyError, TypeError):
            return archived_text
    if text_format == "html":
        return html_text(archived_text)
    return archived_text


def guess_format(name, text):
    """The format of an uploaded document, from its file name and, failing that, its text."""
    lowered = name.lower()
    if lowered.endswith(".json") or text.lstrip().startswith("{"):
        try:
            post = json.loads(text)
            if isinstance(post, dict) and "content" in post and "title" in post:
                return "wordpress_json"
        except ValueError:
            pass
    if lowered.endswith((".html", ".htm")) or re.search(r"<(html|body|p|div)\b", text, re.I):
        return "html"
    return "plain"


def sentences(text):
    """The text's passages, one per sentence or table row, in order."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if line.count("|") >= 2:  # a row of a table written with pipes: one passage
            yield line
            continue
        yield from (part for part in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])", line) if part)


def normalise(text):
    """Fold HTML entities, typographic quotes, non-breaking spaces and runs of whitespace.

    Nothing else: markup is removed only when an HTML or JSON source becomes its readable
    text, never from a quote, so a quote with words inserted in angle brackets does not match.
    """
    return _SPACE.sub(" ", html.unescape(text).translate(_QUOTES)).strip()
