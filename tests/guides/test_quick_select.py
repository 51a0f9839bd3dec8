"""``QuickSelect`` writes the same markup as Django's template-rendered ``Select``."""

import pytest
from django import forms

from guides.filters import QuickSelect

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
