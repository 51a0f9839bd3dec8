"""The filters of ``/changes/``: country, region and topic, each a GET parameter."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..filters import _countries_by_name, _topics_by_name, choice_of
from ..models import ChangeNote, Country


class ChangeNoteFilter(django_filters.FilterSet):
    country = choice_of(
        _countries_by_name,
        "iso2",
        method="filter_country",
        label=_("Country"),
        invalid=_("Unknown country: choose one from the list."),
        empty_label=_("Any country"),
    )
    region = django_filters.ChoiceFilter(
        method="filter_region",
        choices=Country.Region.choices,
        label=_("Region"),
        error_messages={"invalid_choice": _("Unknown region: choose one from the list.")},
        empty_label=_("Any region"),
    )
    topic = choice_of(
        _topics_by_name,
        "slug",
        method="filter_topic",
        label=_("Topic"),
        invalid=_("Unknown topic: choose one from the list."),
        empty_label=_("Any topic"),
    )

    class Meta:
        model = ChangeNote
        fields = ["country", "region", "topic"]

    def filter_country(self, queryset, name, value):
        return queryset.for_country(value)

    def filter_region(self, queryset, name, value):
        return queryset.for_region(value)

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)

    def active_filters(self) -> list[dict]:
        self.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            shown = Country.Region(value).label if name == "region" else value
            active.append(
                {
                    "name": name,
                    "label": self.form[name].label,
                    "value": shown,
                    "remove": {name: None, "page": None},
                }
            )
        return active
