"""The correction report readers send from a country or guide page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Country, Guide
from .models import CorrectionReport


class CorrectionReportForm(forms.Form):
    """What is wrong on a country page (optionally one of its paths) or a guide; nothing about the reader.

    The item arrives as the codes in the page's URL (``country=rs`` and ``path=<slug>``, or
    ``guide=<slug>``) and must be something the public can see. ``website`` is a honeypot: people never
    see it (the view drops any report that fills it in).
    """

    country = forms.CharField(required=False, max_length=2)
    path = forms.CharField(required=False, max_length=80)
    guide = forms.CharField(required=False, max_length=120)
    message = forms.CharField(
        label=_("What is wrong or outdated?"), min_length=5, max_length=2000, strip=True
    )
    source_url = forms.URLField(label=_("Source link (optional)"), required=False, max_length=500)
    website = forms.CharField(required=False)

    country_obj: Country | None = None
    path_obj = None
    guide_obj: Guide | None = None

    def clean_country(self):
        iso2 = self.cleaned_data["country"].strip().lower()
        if iso2:
            self.country_obj = Country.objects.filter(iso2=iso2).first()
            if self.country_obj is None:
                raise forms.ValidationError(
                    _("No destination has the code “%(code)s”.") % {"code": iso2}, code="unknown"
                )
        return iso2

    def clean_guide(self):
        slug = self.cleaned_data["guide"].strip()
        if slug:
            self.guide_obj = Guide.objects.published().filter(slug=slug).first()
            if self.guide_obj is None:
                raise forms.ValidationError(
                    _("No published guide has the address “%(slug)s”.") % {"slug": slug}, code="unknown"
                )
        return slug

    def clean(self):
        cleaned = super().clean()
        slug = (cleaned.get("path") or "").strip()
        if slug and self.country_obj is not None:
            self.path_obj = self.country_obj.paths.published().filter(slug=slug).first()
            if self.path_obj is None:
                self.add_error(
                    "path",
                    _("%(country)s has no published path “%(slug)s”.")
                    % {"country": self.country_obj.name, "slug": slug},
                )
        if not self.errors and (self.country_obj is None) == (self.guide_obj is None):
            raise forms.ValidationError(
                _("Say which page the report is about: a destination or a guide."), code="no_item"
            )
        return cleaned

    def save(self, language: str = "") -> CorrectionReport:
        return CorrectionReport.objects.create(
            country=self.country_obj,
            path=self.path_obj,
            guide=self.guide_obj,
            message=self.cleaned_data["message"],
            source_url=self.cleaned_data["source_url"],
            language=language,
        )

    @property
    def item_url(self) -> str:
        if self.guide_obj is not None:
            return self.guide_obj.get_absolute_url()
        if self.path_obj is not None:
            return self.path_obj.get_absolute_url()
        return self.country_obj.get_absolute_url() if self.country_obj is not None else ""
