"""Markup of the plan's form drawn many times a page, as tags: a template loop costs a render per option."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def level_options(code: str, chosen: str, level_choices) -> str:
    """``{% level_options language.code chosen level_choices %}``: a language's level options (value
    ``code:level``), the doctor's level selected."""
    return format_html_join(
        "\n",
        '<option value="{}:{}"{}>{}</option>',
        (
            (code, level, mark_safe(" selected") if chosen == level else "", label)
            for level, label in level_choices
        ),
    )
