"""The outcome report form: which path, when it started (month and year), each step's months, the fees,
the outcome, the specialty and advice; nothing that names the doctor."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Currency, Specialty
from .models import MAX_MONTHS, OutcomeReport, OutcomeStep

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
FIRST_YEAR = 1990


def months_field(label, required=False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages={
            "min_value": _("Enter a number of months from 0 to %(limit_value)s.")
            % {"limit_value": MAX_MONTHS},
            "max_value": _("Enter a number of months from 0 to %(limit_value)s.")
            % {"limit_value": MAX_MONTHS},
            "invalid": _("Enter a whole number of months, such as 6."),
        },
    )


class OutcomeReportForm(forms.Form):
    """One doctor's outcome on one published path of ``country``.

    The path arrives as its slug and must be published in this country; each of its steps has an
    optional months field named ``step-<slug>``. ``website`` is a honeypot (people never see it).
    """

    path = forms.CharField(
        label=_("Path"), max_length=80, error_messages={"required": _("Choose the path you took.")}
    )
    started_month = forms.TypedChoiceField(
        label=_("Month started"),
        choices=MONTHS,
        coerce=int,
        error_messages={"required": _("Choose the month you started.")},
    )
    started_year = forms.IntegerField(
        label=_("Year started"), error_messages={"required": _("Enter the year you started.")}
    )
    months_total = months_field(_("Months in total, from the start to the outcome (or until now)"))
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=OutcomeReport.Outcome.choices,
        error_messages={"required": _("Choose how it ended, or that you are still waiting.")},
    )
    specialty = forms.ModelChoiceField(
        label=_("Specialty (optional)"),
        queryset=Specialty.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
        empty_label=_("not said"),
    )
    fees_paid = forms.DecimalField(
        label=_("Fees paid in total (optional)"), required=False, min_value=0, max_digits=10, decimal_places=0
    )
    fees_currency = forms.ModelChoiceField(
        label=_("Currency of the fees"),
        queryset=Currency.objects.order_by("code"),
        to_field_name="code",
        required=False,
        empty_label="—",
    )
    advice = forms.CharField(
        label=_("Advice for other doctors (optional)"),
        required=False,
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    website = forms.CharField(required=False)

    def __init__(self, *args, country, path=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.country = country
        self.path_obj = path
        self.published_paths = list(country.paths.published().with_steps().order_by("slug"))
        if path is None and self.is_bound:
            slug = (self.data.get("path") or "").strip()
            self.path_obj = next((p for p in self.published_paths if p.slug == slug), None)
        self.steps = list(self.path_obj.steps.all()) if self.path_obj is not None else []
        for step in self.steps:
            self.fields[f"step-{step.slug}"] = months_field(step.title)

    def clean_path(self):
        slug = self.cleaned_data["path"].strip()
        if self.path_obj is None or self.path_obj.slug != slug:
            raise forms.ValidationError(
                _("%(country)s has no published path “%(slug)s”.")
                % {"country": self.country.name, "slug": slug[:80]},
                code="unknown",
            )
        return slug

    def clean_started_year(self):
        year = self.cleaned_data["started_year"]
        this_year = timezone.now().year
        if not FIRST_YEAR <= year <= this_year:
            raise forms.ValidationError(
                _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": this_year}
            )
        return year

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("fees_paid") is not None and cleaned.get("fees_currency") is None:
            self.add_error("fees_currency", _("Say in which currency you paid the fees."))
        year, month = cleaned.get("started_year"), cleaned.get("started_month")
        now = timezone.now()
        if year == now.year and month and month > now.month:
            self.add_error("started_month", _("The start cannot be in the future."))
        return cleaned

    def step_fields(self):
        return [(step, self[f"step-{step.slug}"]) for step in self.steps]

    def save(self, language: str = "") -> OutcomeReport:
        data = self.cleaned_data
        received = timezone.now().date().replace(day=1)
        report = OutcomeReport.objects.create(
            country=self.country,
            path=self.path_obj,
            started_year=data["started_year"],
            started_month=data["started_month"],
            months_total=data["months_total"],
            outcome=data["outcome"],
            specialty=data["specialty"],
            fees_paid=data["fees_paid"],
            fees_currency=data["fees_currency"] if data["fees_paid"] is not None else None,
            advice=data["advice"],
            language=language,
            received_in=received,
        )
        OutcomeStep.objects.bulk_create(
            OutcomeStep(report=report, step=step, months=data[f"step-{step.slug}"])
            for step in self.steps
            if data.get(f"step-{step.slug}") is not None
        )
        return report
