"""``{% kept "name" part ... %}…{% endkept %}``: a piece of a page drawn once per data version.

The markup between the tags is kept in the process (``markup_per_data_version``) under its name, the
language and the values of the parts, which must name everything the markup shows that differs from
page to page. For markup that many different pages share, such as a filter form that every page of
one search shows alike; markup that only one address shows is the page cache's to keep.
"""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import get_language

from guides.models.totals import markup_per_data_version

register = template.Library()


class KeptNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        key = (
            "kept",
            self.name.resolve(context),
            get_language(),
            *(part.resolve(context) for part in self.parts),
        )
        return markup_per_data_version([key], lambda _indexes: [self.nodelist.render(context)])[0]


@register.tag
def kept(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f'{bits[0]} needs a name: {{% kept "name" part ... %}}')
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    )


def kept_includes(name: str, template: str, as_name: str, pks: list, load) -> list[str]:
    """``template`` drawn for each row of ``pks`` (as ``as_name``), kept per data version and language
    under ``name`` and the row's id; ``load(pks)`` reads ``{pk: row}`` of the rows not drawn yet, in one
    go. For a row drawn alike wherever it appears (a guide's card, a source's citation)."""
    language = get_language()

    def draw(indexes: list[int]) -> list[str]:
        rows = load([pks[index] for index in indexes])
        return [render_to_string(template, {as_name: rows[pks[index]]}) for index in indexes]

    return markup_per_data_version([(name, language, pk) for pk in pks], draw)


def _kept_source(name: str, template: str, source) -> str:
    return kept_includes(name, template, "source", [source.pk], lambda _pks: {source.pk: source})[0]


@register.simple_tag
def citation(source) -> str:
    """``{% citation source %}``: a source as the pages cite it (``includes/source_citation.html``), the
    same wherever it is cited, so drawn once per data version and language."""
    return _kept_source("citation", "includes/source_citation.html", source)


@register.simple_tag
def source_title(source) -> str:
    """``{% source_title source %}``: a source's title as the pages show it (``includes/source_title.html``),
    drawn once per data version and language."""
    return _kept_source("source-title", "includes/source_title.html", source)
