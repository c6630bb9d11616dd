"""Turning an archived document into the text a reader sees, and normalising it for matching."""

import html
import json
import re

_TAGS = re.compile(r"<[^>]+>")
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
_QUOTE_REPLACEMENTS = tuple((chr(code), value) for code, value in _QUOTES.items())


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


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def _is_table_row(line):
    return line.count("|") >= 2


def sentences(text):
    """The text's passages, one per sentence or table row, in order."""
    for block in blocks(text):
        yield from block.passages


class Block:
    """A paragraph (its sentences) or a table (its rows, each a passage, split into cells)."""

    def __init__(self, kind):
        self.kind = kind
        self.passages = []

    def rows(self):
        return [
            [cell.strip() for cell in row.strip().strip("|").split("|")] for row in self.passages
        ]


def blocks(text):
    """The text as a reader sees its parts: paragraphs and tables written with pipes."""
    result = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if _is_table_row(line):
            if not result or result[-1].kind != "table":
                result.append(Block("table"))
            if not _TABLE_RULE.match(line):  # a |---|---| rule separates a header, no passage
                result[-1].passages.append(line)
            continue
        result.append(Block("p"))  # each line of text is a paragraph of its own
        result[-1].passages += [part for part in _SENTENCE_END.split(line) if part]
    return [block for block in result if block.passages]


def passage_of(passage_texts, quote):
    """The number (from 1) of the first passage a quote lies in or spans, or None."""
    wanted = normalise(quote)
    for number, passage in enumerate(passage_texts, start=1):
        plain = normalise(passage)
        if wanted and (
            wanted in plain or plain in wanted or plain[:40] and wanted.startswith(plain[:40])
        ):
            return number
    return None


def normalise(text):
    """Fold HTML entities, typographic quotes, non-breaking spaces and runs of whitespace.

    Nothing else: markup is removed only when an HTML or JSON source becomes its readable
    text, never from a quote, so a quote with words inserted in angle brackets does not match.
    """
    text = html.unescape(text)
    # str.translate looks every character up (6 s over the 28 MB of archived text at 10,000
    # factories); a scan for each of the few characters it changes costs a fraction of that.
    for character, replacement in _QUOTE_REPLACEMENTS:
        if character in text:
            text = text.replace(character, replacement)
    # split() and re's \s both take the characters str.isspace() names as whitespace.
    return " ".join(text.split())
