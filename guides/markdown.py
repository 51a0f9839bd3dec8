"""Guide bodies: Markdown written by staff, rendered to HTML and sanitised before it reaches a page.

The body is the one staff-written field shown with ``|safe`` semantics, so everything it may contain is
decided here, once: nh3 keeps only text structure (headings, paragraphs, lists, links, emphasis, tables,
quotes, code, rules and breaks), only http, https, mailto and relative links, and no attributes beyond a
link's ``href``/``title`` (so no ``style``, no event handlers, no ids that could clash with the page's).
"""

import re

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    *("h1", "h2", "h3", "h4", "h5", "h6"),
    *("p", "br", "hr", "blockquote", "pre", "code"),
    *("ul", "ol", "li"),
    *("a", "em", "strong"),
    *("table", "thead", "tbody", "tr", "th", "td"),
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    clean_content_tags={"script", "style"},
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes={"http", "https", "mailto"},
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitised HTML, safe to insert into a page."""
    html = markdown.markdown(
        text or "", extensions=["tables", "fenced_code", "sane_lists"], output_format="html"
    )
    return mark_safe(_shift_headings(_cleaner.clean(html)))  # sanitised by nh3 just above


# After nh3, heading tags carry no attributes and a "<" in text is escaped, so this finds the headings.
# (A "<h2>" inside an attribute value may match too; rewriting it adds no quote, so it stays inert.)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


def _shift_headings(html: str) -> str:
    """Move the body's headings so its top level is h2 (the page's title is its one h1) and the
    levels stay in order, whether the author started at "#" or at "##".
    """
    levels = [int(level) for _, level in _HEADING_TAG.findall(html)]
    if not levels:
        return html
    shift = 2 - min(levels)
    return _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift, 6)}>", html)
