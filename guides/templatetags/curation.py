"""The admin index's "Needs attention" panel."""

from django import template

from ..curation.attention import needs_attention
from ..curation.gaps import data_gaps, totals_line
from ..curation.publishable import has_model_perm
from ..models import Country

register = template.Library()


@register.inclusion_tag("admin/guides/needs_attention.html", takes_context=True)
def needs_attention_panel(context):
    request = context["request"]
    # An inclusion tag's template has a context of its own: the stale list's form needs the token.
    panel = {"sections": needs_attention(request.user), "csrf_token": context.get("csrf_token")}
    if has_model_perm(request.user, "view", Country):
        report = data_gaps()
        panel.update(gaps=report.countries, gaps_totals=totals_line(report.totals()))
    return panel
