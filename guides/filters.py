"""One FilterSet per list page: GET parameters in, QuerySet method calls out.

An invalid value (an unknown country code, a page of text in the search box) fails only its own field:
django-filter filters by the valid fields' ``cleaned_data``, and the page shows the field's error.
"""

import django_filters
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import Country, Guide, Language, RecognitionPath, Specialty, Topic
from .models.destinations import name_languages
from .models.totals import kept_per_data_version, per_data_version

SEARCH_MAX_LENGTH = 200


def _countries_by_name(request):
    # A callable, so the translated name column is chosen per request, not once at import.
    return Country.objects.for_choice().by_name()


def _specialties_by_name(request):
    return Specialty.objects.order_by("name", "slug")


def _topics_by_name(request):
    return Topic.objects.order_by("name", "slug")


class QuickSelect(forms.Select):
    """A ``<select>`` written out in Python, byte for byte as Django's own templates write it: Django
    renders a template per option, which for a few thousand countries costs more than the rest of the
    page."""

    def render(self, name, value, attrs=None, renderer=None):
        if isinstance(self.choices, ModelChoiceIterator):
            return self._render_kept(name, value, attrs)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n', str(o["value"]), _attrs(o["attrs"]), o["label"]
                )
                for o in options
            )
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            widget["name"],
            _attrs(widget["attrs"]),
            mark_safe("".join(parts)),
        )

    def _render_kept(self, name, value, attrs):
        """A choice of rows: the options are the same for every reader until the data change, so they
        are written once per data version and language, each both plain and selected; a request picks
        the one selected, as Django does (the first option whose value matches)."""
        queryset, field = self.choices.queryset, self.choices.field
        key = ("select-options", str(queryset.query), str(field.empty_label), translation.get_language())
        options = per_data_version(key, self._written_options)
        selected = set(self.format_value(value))
        parts, chosen = [], False
        for option_value, plain, marked in options:
            if not chosen and option_value in selected:
                parts.append(marked)
                chosen = True
            else:
                parts.append(plain)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}\n</select>', name, _attrs(final_attrs), mark_safe("".join(parts))
        )

    def _written_options(self) -> list[tuple[str, str, str]]:
        written = []
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            written.append(
                (
                    text,
                    format_html('\n  <option value="{}">{}</option>\n', text, label),
                    format_html('\n  <option value="{}" selected>{}</option>\n', text, label),
                )
            )
        return written


def _attrs(attrs: dict) -> str:
    """HTML attributes in their order, as ``django/forms/widgets/attrs.html`` writes them."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value)),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def choice_of(queryset, to_field_name: str, **kwargs) -> django_filters.ModelChoiceFilter:
    """A choice of one row by its code or slug, with an empty choice and a clear error."""
    return django_filters.ModelChoiceFilter(
        lookup_expr="exact",
        queryset=queryset,
        to_field_name=to_field_name,
        widget=QuickSelect,
        error_messages={"invalid_choice": kwargs.pop("invalid")},
        **kwargs,
    )


def country_choice(**kwargs) -> django_filters.ModelChoiceFilter:
    """``?country=<iso2>``, one country by its code (the guide and change lists)."""
    return choice_of(
        _countries_by_name,
        "iso2",
        label=_("Country"),
        invalid=_("Unknown country: choose one from the list."),
        empty_label=_("Any country"),
        **kwargs,
    )


def region_choice(**kwargs) -> django_filters.ChoiceFilter:
    """``?region=<code>``, one of the countries' regions."""
    return django_filters.ChoiceFilter(
        choices=Country.Region.choices,
        label=_("Region"),
        error_messages={"invalid_choice": _("Unknown region: choose one from the list.")},
        empty_label=_("Any region"),
        widget=QuickSelect,
        **kwargs,
    )


def topic_choice(**kwargs) -> django_filters.ModelChoiceFilter:
    """``?topic=<slug>``, one topic by its slug."""
    return choice_of(
        _topics_by_name,
        "slug",
        label=_("Topic"),
        invalid=_("Unknown topic: choose one from the list."),
        empty_label=_("Any topic"),
        **kwargs,
    )


class ActiveFilters:
    """For a filter set whose filters each take one value: the chips above its results."""

    def active_filters(self) -> list[dict]:
        """The valid filters in use, each with its label, its value as shown, and the query-string
        changes that remove it (for ``{% querystring request.GET item.remove %}``).
        """
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


class GuideFilter(ActiveFilters, django_filters.FilterSet):
    """Filters of ``/guides/``. ``specialty`` also matches guides that list no specialty (they apply to
    every specialty), like recognition paths do.
    """

    q = django_filters.CharFilter(
        method="search",
        label=_("Search"),
        max_length=SEARCH_MAX_LENGTH,
    )
    country = country_choice(field_name="countries")
    region = region_choice(method="filter_region")
    specialty = choice_of(
        _specialties_by_name,
        "slug",
        method="filter_specialty",
        label=_("Specialty"),
        invalid=_("Unknown specialty: choose one from the list."),
        empty_label=_("Any specialty"),
    )
    topic = topic_choice(field_name="topics")

    class Meta:
        model = Guide
        fields = ["q", "country", "region", "specialty", "topic"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_region(self, queryset, name, value):
        return queryset.for_region(value)

    def filter_specialty(self, queryset, name, value):
        return queryset.for_specialty(value)


# --- Destinations ---------------------------------------------------------------------------------


class OneCheckbox(forms.CheckboxInput):
    """A checkbox that sends ``1`` and reads ``1``/``true`` as on; anything else (``0``, junk) is off.

    Django's CheckboxInput sends "on" and reads any non-empty string but "false" as checked.
    """

    ON = {"1", "true", "on"}

    def __init__(self, attrs=None):
        super().__init__({"value": "1", **(attrs or {})}, check_test=self.is_on)

    @classmethod
    def is_on(cls, value) -> bool:
        return value is True or str(value).lower() in cls.ON

    def value_from_datadict(self, data, files, name):
        return self.is_on(data.get(name))


def _languages_by_name(request):
    return Language.objects.order_by("name", "code")


class PathFilter(django_filters.FilterSet):
    """What one path must be: filters of ``/destinations/`` that describe a path, applied together."""

    EXAM_REQUIRED = "required"
    EXAM_NONE = "none"

    exam = django_filters.ChoiceFilter(
        method="filter_exam",
        choices=[(EXAM_REQUIRED, _("An exam is required")), (EXAM_NONE, _("Known to need no exam"))],
        label=_("Exam"),
        empty_label=_("With or without an exam"),
        widget=QuickSelect,
    )
    language = django_filters.ModelChoiceFilter(
        method="filter_language",
        queryset=_languages_by_name,
        to_field_name="code",
        label=_("A language you can work in"),
        empty_label=_("Any language"),
        widget=QuickSelect,
    )
    specialty = django_filters.ModelChoiceFilter(
        method="filter_specialty",
        queryset=_specialties_by_name,
        to_field_name="slug",
        label=_("Specialty"),
        empty_label=_("Any specialty"),
        widget=QuickSelect,
    )

    class Meta:
        model = RecognitionPath
        fields = ["exam", "language", "specialty"]

    def filter_exam(self, paths, name, value):
        return paths.requiring_exam(value == self.EXAM_REQUIRED)

    def filter_language(self, paths, name, value):
        return paths.for_language(value)

    def filter_specialty(self, paths, name, value):
        return paths.for_specialty(value)


class DestinationFilter(django_filters.FilterSet):
    """Countries, filtered through their published recognition paths (design.md's filter semantics).

    ``PathFilter``'s filters describe one path: a country matches when at least one of its published
    paths matches all of them together. ``max_months`` and ``sort`` apply to the ranking
    (``guides/models/destinations.py``): a path fits ``max_months`` when its complete range ends by then,
    and partial ranges whose minimum is within it are listed apart as "might fit". ``region``,
    ``visa_free`` and ``q`` apply to the country itself.
    """

    SORT_FASTEST = "fastest"
    SORT_CHEAPEST = "cheapest"
    SORT_NAME = "name"
    RANK_BY = {SORT_FASTEST: "months", SORT_CHEAPEST: "cost", SORT_NAME: "name"}
    FIELD_ORDER = ["q", "region", "visa_free", "exam", "language", "max_months", "specialty", "sort"]

    q = django_filters.CharFilter(
        method="filter_search",
        label=_("Country name"),
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    region = django_filters.ChoiceFilter(
        field_name="region",
        lookup_expr="exact",
        choices=Country.Region.choices,
        label=_("Region"),
        empty_label=_("Any region"),
        widget=QuickSelect,
    )
    visa_free = django_filters.BooleanFilter(
        method="filter_visa_free",
        label=_("Visa-free for Russian citizens"),
        widget=OneCheckbox,
    )
    max_months = django_filters.NumberFilter(
        method="for_ranking",
        min_value=0,
        max_value=600,
        label=_("Licence within (months)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 600, "step": 1}),
    )
    sort = django_filters.ChoiceFilter(
        method="for_ranking",
        choices=[
            (SORT_FASTEST, _("Fastest licence first")),
            (SORT_CHEAPEST, _("Cheapest first")),
            (SORT_NAME, _("Name")),
        ],
        label=_("Sort by"),
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Country
        fields = ["q", "region", "visa_free", "max_months", "sort"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.paths = PathFilter(data, queryset=RecognitionPath.objects.published(), request=self.request)
        # One form for the page: the path filters' fields join the country filters', in reading order.
        filters = {**self.filters, **self.paths.filters}
        self.filters = {name: filters[name] for name in self.FIELD_ORDER}

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for name in self.Meta.fields:
            if name in data:
                queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_visa_free(self, queryset, name, value):
        return queryset.visa_free() if value else queryset

    def for_ranking(self, queryset, name, value):
        return queryset  # applied by ranking()

    def state(self) -> tuple:
        """The values given to the filters, field by field: all that the matches, their order and the
        form depend on (with the data version and the language)."""
        getlist = getattr(self.data, "getlist", None)
        if getlist is None:
            return tuple((name, (self.data.get(name),)) for name in self.FIELD_ORDER)
        return tuple((name, tuple(getlist(name))) for name in self.FIELD_ORDER)

    def ranking(self):
        """The matching countries in the one order (see ``rank()``), with the "might fit" ones apart.

        The same on every page of these filters: kept per data version under the filters' values (at
        most ``VALUES_KEPT`` per process, since readers choose them). Its rows are shared: a page copies
        those it draws on (``RankedCountry.copy``)."""
        self.is_valid()
        data = self.form.cleaned_data
        by = self.RANK_BY[data.get("sort") or self.SORT_FASTEST]
        within = data.get("max_months")
        return kept_per_data_version(
            ("destinations", self.state(), *name_languages()),
            lambda: self.qs.ranked(self.paths.qs, by=by, within=within),
        )

    def relaxations(self) -> list[dict]:
        """For each active filter, how many countries match when it alone is dropped (at most 7 counts)."""
        relax = []
        for item in self.active_filters():
            data = self.data.copy()
            data.pop(item["name"], None)
            ranking = type(self)(data, queryset=self.queryset, request=self.request).ranking()
            relax.append({**item, "count": len(ranking.countries) + len(ranking.might_fit)})
        return relax

    def active_filters(self) -> list[dict]:
        """The valid filters in use (sort aside), each with its label, its value as shown, and the
        query-string changes that remove it (for ``{% querystring request.GET item.remove %}``).
        """
        self.is_valid()
        active = []
        for name, value in self.form.cleaned_data.items():
            if name == "sort" or value in (None, "", False):
                continue
            if name == "visa_free":
                shown = _("yes")
            elif name in ("region", "exam"):
                shown = dict(self.form.fields[name].choices).get(value, value)
            else:
                shown = value
            active.append(
                {
                    "name": name,
                    "label": self.form[name].label,
                    "value": shown,
                    "remove": {name: None, "page": None},
                }
            )
        return active
