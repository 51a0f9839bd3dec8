"""Fixture exchange in the admin: "Export selected as fixture" and the "Import fixture" page.

Both run the same code as the commands (``export.py`` and ``importer.py`` beside this file), so the admin
downloads the same bytes ``export_fixtures`` writes for a selection, in whichever language the admin is
used, and imports with the same validation: a dry run first, the import only on confirmation.
"""

import io
import secrets

from django import forms
from django.contrib import admin, messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ..curation.publishable import can_publish
from ..models import Guide, RecognitionPath
from .export import export_fixture
from .importer import import_fixture, size_problem

PENDING_IMPORT_SECONDS = 15 * 60


def can_import(user) -> bool:
    """Importing can change published content: Reviewers (who may publish) and superusers only."""
    return user.is_active and user.is_staff and all(can_publish(user, m) for m in (RecognitionPath, Guide))


class FixtureExportMixin:
    """Adds the "Export selected as fixture" action; ``fixture_selection()`` says what to export."""

    fixture_name = "selection"

    def fixture_selection(self, queryset) -> dict:
        raise NotImplementedError

    @admin.action(description=_("Export selected as fixture"), permissions=["view"])
    def export_as_fixture(self, request, queryset):
        stream = io.StringIO()
        export_fixture(stream, **self.fixture_selection(queryset))
        response = HttpResponse(stream.getvalue(), content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.fixture_name}.json"'
        return response


class FixtureUploadForm(forms.Form):
    fixture = forms.FileField(
        label=_("Fixture file (JSON)"),
        help_text=_("A file written by export_fixtures, or by dumpdata with natural keys."),
    )

    def clean_fixture(self):
        upload = self.cleaned_data["fixture"]
        too_big = size_problem(upload.size)
        if too_big:
            raise forms.ValidationError(too_big)
        return upload


class FixtureImportMixin:
    """Adds an "Import fixture" page under this model's admin URLs."""

    change_list_template = "admin/guides/exchange_change_list.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name=f"{opts.app_label}_{opts.model_name}_import",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_fixture": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import fixture"),
            "form": FixtureUploadForm(),
        }
        if request.method == "POST" and "token" in request.POST:
            return self._confirm(request, context)
        if request.method == "POST":
            form = FixtureUploadForm(request.POST, request.FILES)
            context["form"] = form
            if form.is_valid():
                upload = form.cleaned_data["fixture"]
                data = upload.read()
                result = import_fixture(data, dry_run=True)
                context.update(filename=upload.name, result=result)
                context["problems"] = [problem.describe(upload.name) for problem in result.problems]
                if result.ok:
                    token = secrets.token_urlsafe(24)
                    cache.set(self._key(request, token), (upload.name, data), PENDING_IMPORT_SECONDS)
                    context["token"] = token
        return render(request, "admin/guides/import_fixture.html", context)

    def _confirm(self, request, context):
        key = self._key(request, request.POST["token"])
        pending = cache.get(key)
        if pending is None:
            messages.error(
                request, _("That upload has expired or was already imported. Upload the file again.")
            )
            return HttpResponseRedirect(request.path)
        filename, data = pending
        result = import_fixture(data)
        cache.delete(key)
        if not result.ok:
            context.update(filename=filename, result=result)
            context["problems"] = [problem.describe(filename) for problem in result.problems]
            return render(request, "admin/guides/import_fixture.html", context)
        summary = {"file": filename, "summary": result.summary_lines()[-1]}
        messages.success(request, _("Imported %(file)s: %(summary)s") % summary)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    @staticmethod
    def _key(request, token: str) -> str:
        # Bound to the user who uploaded, so a token alone cannot import anything.
        return f"fixture-import:{request.user.pk}:{token}"
