"""``QuickSelect`` writes the same markup as Django's template-rendered ``Select``."""

import pytest
from django import forms

from guides.filters import QuickSelect
from guides.models import Country
from tests.factories import make_country

CHOICES = [("", "Any <country>"), ("de", "Germany & co"), ("rs", "Serbia")]
GROUPED = [("", "Any"), ("Europe", [("de", "Germany"), ("rs", "Serbia")]), ("ge", "Georgia")]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", ["", "de", "rs", "nowhere", None])
@pytest.mark.parametrize(
    "attrs", [{"id": "id_country"}, {"id": "id_country", "aria-invalid": "true", "x": False}]
)
def test_quick_select_writes_what_django_select_writes(choices, value, attrs):
    expected = forms.Select(choices=choices).render("country", value, dict(attrs))
    assert QuickSelect(choices=choices).render("country", value, dict(attrs)) == expected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("value", ["", "de", "rs", "nowhere", None])
def test_a_choice_of_rows_writes_what_django_select_writes_and_follows_writes(
    value, django_assert_num_queries
):
    """The options of a choice of rows are kept once per data version: the markup is Django's, a
    request builds it without reading the rows, and a committed write shows in the next one."""
    for iso2, name in (("rs", "Serbia"), ("de", "Germany & co"), ("ge", "<Georgia>")):
        make_country(iso2=iso2, name=name)

    def fields():
        return [
            forms.ModelChoiceField(Country.objects.order_by("name"), to_field_name="iso2", widget=widget)
            for widget in (forms.Select, QuickSelect)
        ]

    def render(field):
        return field.widget.render("country", value, {"id": "id_country"})

    django_select, quick = fields()
    assert render(quick) == render(django_select)
    with django_assert_num_queries(0):
        render(quick)
    make_country(iso2="at", name="Austria")
    django_select, quick = fields()
    assert "Austria" in render(quick)
    assert render(quick) == render(django_select)
