"""The language switch: a plain link to the same page, query string included, in the other language."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[dict]:
    """Links to the current page in every other language (no cookie: the language is in the path)."""
    request = context.get("request")
    current = get_language()
    full_path = request.get_full_path() if request else "/"
    links = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(full_path, code),
            }
        )
    return links
