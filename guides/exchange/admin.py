"""Fixture exchange in the admin: "Export selected as fixture" and the "Import fixture" page.

Both run the same code as the commands (``export.py`` and ``importer.py`` beside this file), so the admin
downloads the same bytes ``export_fixtures`` writes for a selection, in whichever language the admin is
used, and imports with the same validation: a dry run first, the import only on confirmation, both as
background tasks (``tasks.py``).
"""

import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from ..curation.models import ReviewEvent
from ..curation.publishable import Status, can_publish, item_title
from ..models import Barrier, Guide, RecognitionPath
from .export import export_fixture
from .importer import size_problem
from .models import FixtureImport
from .tasks import enqueue_import, mark_if_lost, progress_of


def can_import(user) -> bool:
    """Importing can change published content: Reviewers (who may publish) and superusers only."""
    return (
        user.is_active
        and user.is_staff
        and all(can_publish(user, m) for m in (RecognitionPath, Barrier, Guide))
    )


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

    direct = forms.BooleanField(
        label=_("Direct import, without review (superusers only)"),
        required=False,
        help_text=_(
            "For the starter set and data moved between our own sites: published content changes as the "
            "file says, at once. Leave it off for a partner's file: changed published items then become "
            "draft revisions and new items drafts, for a Reviewer to publish."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            del self.fields["direct"]

    def clean_fixture(self):
        upload = self.cleaned_data["fixture"]
        too_big = size_problem(upload.size)
        if too_big:
            raise forms.ValidationError(too_big)
        return upload


#: How many of the items an import made for review its result page links to (all are in the inbox).
MAX_LINKED = 50


class FixtureImportMixin:
    """Adds an "Import fixture" page under this model's admin URLs, and a page per upload.

    The upload is stored as a ``FixtureImport`` and checked (a dry run) by a background task; its page
    shows the progress, then the summary with an "Import" button, which queues the import itself. So a
    file of any size up to the limit imports without holding a web worker (``tasks.py``).
    """

    change_list_template = "admin/guides/exchange_change_list.html"

    def get_urls(self):
        opts = self.model._meta
        prefix = f"{opts.app_label}_{opts.model_name}"
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name=f"{prefix}_import"),
            path(
                "import/<int:job_id>/",
                self.admin_site.admin_view(self.import_job_view),
                name=f"{prefix}_import_job",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_import_fixture": can_import(request.user)}
        return super().changelist_view(request, extra_context)

    def _context(self, request, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import fixture"),
            **extra,
        }

    def _job_url(self, job) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import_job", args=[job.pk])

    def import_view(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        form = FixtureUploadForm(user=request.user)
        if request.method == "POST":
            form = FixtureUploadForm(request.POST, request.FILES, user=request.user)
            if form.is_valid():
                upload = form.cleaned_data["fixture"]
                job = FixtureImport.objects.create(
                    user=request.user,
                    filename=upload.name[:255],
                    data=upload.read(),
                    size=upload.size,
                    direct=form.cleaned_data.get("direct", False) and request.user.is_superuser,
                )
                enqueue_import(job)
                return HttpResponseRedirect(self._job_url(job))
        recent = FixtureImport.objects.filter(user=request.user).defer("data")[:5]
        context = self._context(request, form=form, recent=recent)
        return render(request, "admin/guides/import_fixture.html", context)

    def import_job_view(self, request, job_id: int):
        if not can_import(request.user):
            raise PermissionDenied
        # Bound to the user who uploaded: another user's upload is not found.
        job = get_object_or_404(FixtureImport.objects.defer("data"), pk=job_id, user=request.user)
        if request.method == "POST":
            return self._confirm(request, job)
        mark_if_lost(job)
        context = self._context(
            request,
            job=job,
            progress=progress_of(job) if job.is_pending else None,
            for_review=self._imported_for_review(job),
        )
        return render(request, "admin/guides/import_job.html", context)

    def _imported_for_review(self, job) -> list[tuple[str, str]]:
        """(title, change URL) of what this import made for review (draft revisions, new drafts): the
        Reviewer goes from the result straight to each, and each is also in the inbox."""
        if job.state != FixtureImport.State.IMPORTED or job.direct or job.finished_at is None:
            return []
        events = ReviewEvent.objects.filter(
            action=ReviewEvent.Action.IMPORTED,
            user=job.user,
            note=job.filename[:200],
            created_at__gte=job.started_at or job.created_at,
            created_at__lte=job.finished_at,
        ).select_related("content_type")
        wanted: dict = {}
        for event in events[:MAX_LINKED]:
            wanted.setdefault(event.content_type, []).append(event.object_id)
        found = []
        for content_type, pks in wanted.items():  # one query per kind of item, not one per item
            model = content_type.model_class()
            items = model._default_manager.filter(pk__in=pks).exclude(status=Status.PUBLISHED)
            if any(f.name == "country" for f in model._meta.fields):
                items = items.select_related("country")  # the title names it
            for item in items:
                opts = model._meta
                url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
                found.append((item_title(item), url))
        return found

    def _confirm(self, request, job):
        with transaction.atomic():
            claimed = FixtureImport.objects.filter(pk=job.pk, state=FixtureImport.State.CHECKED).update(
                dry_run=False, state=FixtureImport.State.QUEUED, task_id="", finished_at=None
            )
            if not claimed:
                messages.error(request, _("That upload was already imported or cannot be imported."))
                return HttpResponseRedirect(self._job_url(job))
            job.refresh_from_db(fields=["dry_run", "state", "task_id"])
            enqueue_import(job)
        return HttpResponseRedirect(self._job_url(job))
