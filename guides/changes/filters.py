"""The filters of ``/changes/``: country, region and topic, each a GET parameter."""

import django_filters

from ..filters import ActiveFilters, country_choice, region_choice, topic_choice
from ..models import ChangeNote


class ChangeNoteFilter(ActiveFilters, django_filters.FilterSet):
    country = country_choice(method="filter_country")
    region = region_choice(method="filter_region")
    topic = topic_choice(method="filter_topic")

    class Meta:
        model = ChangeNote
        fields = ["country", "region", "topic"]

    def filter_country(self, queryset, name, value):
        return queryset.for_country(value)

    def filter_region(self, queryset, name, value):
        return queryset.for_region(value)

    def filter_topic(self, queryset, name, value):
        return queryset.for_topic(value)
