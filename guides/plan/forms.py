"""The doctor's situation for "Plan my move"."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..filters import QuickSelect
from ..models import Country, Language, Specialty
from .estimate import PLAN_LEVELS, level_rank


class PlanForm(forms.Form):
    """The doctor's situation for "Plan my move": a GET form, every field optional.

    ``lang`` is repeated as ``code:level`` (``ru:native``, ``en:b1``). Invalid entries are reported and
    left out; the valid ones are kept, so a doctor who mistyped one language still gets an estimate.
    """

    LANG_LIMIT = 20
    COND_LIMIT = 30
    YEARS_MAX = 60
    #: What the form assumes before the doctor says otherwise: a Russian-trained doctor speaks Russian.
    PRESET_LANGUAGES = {"ru": "native"}

    specialty = forms.ModelChoiceField(
        label=_("Your specialty"),
        queryset=Specialty.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("Any specialty"),
        error_messages={"invalid_choice": _("We do not know this specialty; choose one from the list.")},
        widget=QuickSelect,
    )
    lang = forms.Field(label=_("Languages"), required=False, widget=forms.MultipleHiddenInput)
    years = forms.IntegerField(
        label=_("Years of practice as a doctor"),
        required=False,
        min_value=0,
        max_value=YEARS_MAX,
        error_messages={
            "invalid": _("Give the years of practice as a whole number, for example 8."),
            "min_value": _("Years of practice cannot be negative."),
            "max_value": _("Give at most %(limit_value)s years of practice."),
        },
    )
    residency = forms.BooleanField(
        label=_("I completed residency (ordinatura)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"value": "1"}),
    )
    budget = forms.DecimalField(
        label=_("Budget in euros (optional)"),
        required=False,
        min_value=0,
        max_value=10_000_000,
        max_digits=12,
        decimal_places=2,
        error_messages={
            "invalid": _("Give the budget as a number of euros, for example 5000."),
            "min_value": _("The budget cannot be negative."),
            "max_value": _("Give a budget of at most %(limit_value)s euros."),
            "max_digits": _("Give the budget as a number of euros, for example 5000."),
            "max_decimal_places": _("Give the budget as a number of euros, for example 5000."),
            "max_whole_digits": _("Give the budget as a number of euros, for example 5000."),
        },
    )
    cond = forms.Field(label=_("Conditions"), required=False, widget=forms.MultipleHiddenInput)
    region = forms.MultipleChoiceField(
        label=_("Regions (optional)"),
        required=False,
        choices=Country.Region.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("We do not know the region “%(value)s”.")},
    )

    def __init__(self, *args, languages=None, conditions=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: the languages a doctor can choose from (one query, shared with the template)
        self.languages = list(languages if languages is not None else Language.objects.all())
        #: the yes/no conditions some published path requires
        self.conditions = list(conditions if conditions is not None else [])
        self.lang_choices: dict[str, str] = {} if self.data else dict(self.PRESET_LANGUAGES)
        self.cond_choices: list = []

    def _values(self, name: str) -> list[str]:
        return [v for v in (self.data.getlist(name) if hasattr(self.data, "getlist") else []) if v]

    def clean_cond(self):
        """The conditions the doctor ticked; unknown ones are reported, not kept."""
        raw = self._values("cond")
        problems = []
        if len(raw) > self.COND_LIMIT:
            problems.append(
                _("You gave %(count)d conditions; only the first %(limit)d are used.")
                % {"count": len(raw), "limit": self.COND_LIMIT}
            )
            raw = raw[: self.COND_LIMIT]
        by_slug = {condition.slug: condition for condition in self.conditions}
        for value in dict.fromkeys(v.strip().lower() for v in raw):
            if value in by_slug:
                self.cond_choices.append(by_slug[value])
            else:
                problems.append(_("We do not know the condition “%(value)s”.") % {"value": value[:40]})
        if problems:
            raise forms.ValidationError(problems)
        return self.cond_choices

    def clean_lang(self):
        """``{code: level}`` from the repeated ``lang`` values; unknown entries are reported, not kept."""
        raw = self._values("lang")
        codes = {language.code for language in self.languages}
        chosen: dict[str, str] = {}
        problems = []
        if len(raw) > self.LANG_LIMIT:
            problems.append(
                _("You gave %(count)d languages; only the first %(limit)d are used.")
                % {"count": len(raw), "limit": self.LANG_LIMIT}
            )
            raw = raw[: self.LANG_LIMIT]
        for value in raw:
            code, _sep, level = value.strip().lower().partition(":")
            if code not in codes:
                problems.append(_("We do not know the language code “%(code)s”.") % {"code": code[:10]})
            elif level not in PLAN_LEVELS:
                problems.append(
                    _("“%(level)s” is not a level: use A1, A2, B1, B2, C1, C2 or native.")
                    % {"level": level[:10]}
                )
            elif level_rank(level) > level_rank(chosen.get(code, "")):
                chosen[code] = level
        self.lang_choices = chosen
        if problems:
            raise forms.ValidationError(problems)
        return chosen

    def clean(self):
        cleaned = super().clean()
        # The invalid entries are reported; the valid ones still count.
        cleaned.setdefault("lang", self.lang_choices)
        cleaned.setdefault("cond", self.cond_choices)
        return cleaned

    def language_rows(self):
        """Each language with the level chosen and the destinations that use it: the preset ones
        first, then by name (``languages`` carry ``destinations``, see the view)."""
        rows = [(language, self.lang_choices.get(language.code, "")) for language in self.languages]
        return sorted(rows, key=lambda row: (row[0].code not in self.PRESET_LANGUAGES, row[0].name))

    def condition_rows(self):
        chosen = {condition.slug for condition in self.cond_choices}
        return [(condition, condition.slug in chosen) for condition in self.conditions]
