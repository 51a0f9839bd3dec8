"""Reader-facing content in the active language, marked where it falls back to English.

``{% translated guide "summary" %}``, ``{% translated step "detail" "linebreaks" %}``,
``{% translated guide "body" "markdown" %}``.

modeltranslation already falls back to English (``MODELTRANSLATION_FALLBACK_LANGUAGES``) when the
Russian column is empty; this tag shows that the text is English: it sets ``lang`` on the text (so
screen readers switch voice) and appends a visible "(in English)" marker, never an empty block.
"""

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from guides.markdown import render_markdown

register = template.Library()

FORMATS = ("text", "linebreaks", "markdown")


def _render(value: str, fmt: str) -> SafeString:
    if fmt == "markdown":
        return render_markdown(value)
    if fmt == "linebreaks":
        return linebreaksbr(value, autoescape=True)
    return conditional_escape(value)


def fallback_language(obj, field: str) -> str | None:
    """The language ``obj.<field>`` is shown in when it is not the active one, else None."""
    current = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    own = getattr(obj, build_localized_fieldname(field, current), None)
    if own or current == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return None
    for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES:
        if code != current and getattr(obj, build_localized_fieldname(field, code), None):
            return code
    return None


@register.simple_tag
def translated(obj, field: str, fmt: str = "text") -> SafeString:
    """The field's text; in a fallback language it carries ``lang`` and a visible marker."""
    if fmt not in FORMATS:
        raise template.TemplateSyntaxError(f"translated: format must be one of {FORMATS}, not {fmt!r}")
    value = getattr(obj, field, "") or ""
    if not value:
        return mark_safe("")
    shown = _render(value, fmt)
    language = fallback_language(obj, field)
    if language is None:
        return shown
    tag = "div" if fmt == "markdown" else "span"
    return format_html(
        # The space sits inside the marker so that {% spaceless %} keeps it.
        '<{tag} lang="{lang}">{text}</{tag}><span class="fallback-marker"> {marker}</span>',
        tag=tag,
        lang=language,
        text=shown,
        marker=_("(in English)"),
    )
