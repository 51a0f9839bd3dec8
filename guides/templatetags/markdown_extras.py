"""``{{ guide.body|markdown }}``: a guide body rendered and sanitised by ``guides.markdown``."""

from django import template
from django.utils.safestring import SafeString

from guides.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)
