"""From a reader's report to a fix: a draft revision linked to the report, and the report's decision.

These writes span the report and the item it is about, so they live here rather than on either model.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..curation.publishable import WorkflowError, can_edit, has_model_perm
from ..curation.revisions import create_revision
from ..models import Guide
from .models import CorrectionReport


@transaction.atomic
def report_start_revision(*, report: CorrectionReport, user):
    """The draft that will fix what ``report`` says, linked to it; returns the draft.

    A published item gets a draft revision (or its open one is reused: one revision per item); an
    item not yet public is its own draft. A report about a country as a whole has no such item.
    """
    item = report.revisable_item
    if item is None:
        raise WorkflowError(
            _("This report is about the country as a whole: open the country or one of its items to fix it.")
        )
    if not has_model_perm(user, "view", CorrectionReport):
        raise PermissionDenied
    if item.is_published:
        draft = item.revisions.first() or create_revision(item, user)
    else:
        if not can_edit(user, item):
            raise WorkflowError(
                _("You may not change “%(item)s”: it is %(status)s.")
                % {"item": item, "status": item.get_status_display().lower()}
            )
        draft = item
    if isinstance(draft, Guide):
        report.fix_guide = draft
    else:
        report.fix_path = draft
    report.save(update_fields=["fix_guide", "fix_path"])
    return draft


def report_resolve(*, report: CorrectionReport, user, status: str, note: str = "") -> None:
    """Accept or reject ``report`` in one step, with an optional note kept with it."""
    if not has_model_perm(user, "change", CorrectionReport):
        raise PermissionDenied
    if status not in (CorrectionReport.Status.ACCEPTED, CorrectionReport.Status.REJECTED):
        raise ValueError(status)
    report.status = status
    note = note.strip()
    if note:
        report.staff_note = f"{report.staff_note}\n\n{note}".strip() if report.staff_note else note
    report.resolved_by = user
    report.resolved_at = timezone.now()
    report.save(update_fields=["status", "staff_note", "resolved_by", "resolved_at"])
