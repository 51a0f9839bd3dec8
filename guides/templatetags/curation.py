"""The admin index's "Needs attention" panel."""

from django import template

from ..curation.attention import needs_attention

register = template.Library()


@register.inclusion_tag("admin/guides/needs_attention.html", takes_context=True)
def needs_attention_panel(context):
    request = context["request"]
    return {"sections": needs_attention(request.user)}
