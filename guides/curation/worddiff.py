"""Differences marked word by word: ``<del>`` around the words that went, ``<ins>`` around those that came.

Used by the revision diff (change page and publish page) and by the history's field diffs, so a
Reviewer sees "from 14 to <ins>10</ins> years" instead of two whole paragraphs side by side. Long runs
of unchanged words are shortened to a few words of context either side of each change.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# Numbers (a decimal point and thousands separators included: "2.0" changes as a whole), words (letters
# and digits, any script), runs of whitespace, single punctuation marks.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|\s+|[^\w\s]")
#: Tokens (words and the spaces between them) kept either side of a change in an unchanged run.
CONTEXT_TOKENS = 16
ELLIPSIS = "…"


def _tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def _shorten(tokens: list[str], *, head: bool, tail: bool) -> str:
    """An unchanged run: whole when short, else with context kept next to the changes around it.
    ``head``: a change comes before the run (keep its start); ``tail``: one comes after (keep its end)."""
    keep = CONTEXT_TOKENS * (int(head) + int(tail))
    if len(tokens) <= keep + 2:
        return "".join(tokens)
    start = "".join(tokens[:CONTEXT_TOKENS]) if head else ""
    end = "".join(tokens[-CONTEXT_TOKENS:]) if tail else ""
    return f"{start}{ELLIPSIS}{end}"


def mark_words(old: str, new: str) -> tuple[SafeString, SafeString]:
    """``old`` and ``new``, escaped, with their changed words marked."""
    a, b = _tokens(str(old)), _tokens(str(new))
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    old_parts: list[tuple[str, str]] = []
    new_parts: list[tuple[str, str]] = []
    last = len(opcodes) - 1
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            text = _shorten(a[i1:i2], head=number > 0, tail=number < last)
            old_parts.append(("{}", text))
            new_parts.append(("{}", text))
            continue
        if i2 > i1:
            old_parts.append(("<del>{}</del>", "".join(a[i1:i2])))
        if j2 > j1:
            new_parts.append(("<ins>{}</ins>", "".join(b[j1:j2])))

    def join(parts):
        return format_html_join("", "{}", ((format_html(template, text),) for template, text in parts))

    return join(old_parts), join(new_parts)
