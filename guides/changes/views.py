"""What changed, for readers and partners: ``/changes/``, the calendars and ``/data/changes.json``."""

import datetime
import json

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from relocation.cache import page_parameters
from relocation.htmx import HtmxHttpRequest, is_partial
from relocation.paging import get_page

from ..models import ChangeNote, DatedEvent
from .filters import ChangeNoteFilter
from .ics import calendar
from .selection import Selection

CHANGES_PER_PAGE = 20
CHANGES_JSON_LIMIT = 5000


@require_GET
@page_parameters("country", "region", "topic", "page")
@vary_on_headers("HX-Request")
def change_list(request: HtmxHttpRequest):
    notes = ChangeNote.objects.material().with_related().newest_first()
    note_filter = ChangeNoteFilter(request.GET, queryset=notes, request=request)
    page, page_changed = get_page(request, note_filter.qs, CHANGES_PER_PAGE)
    topic = note_filter.form.cleaned_data.get("topic") if note_filter.is_valid() else None
    context = {
        "filter": note_filter,
        "page_obj": page,
        "page_changed": page_changed,
        "active_filters": note_filter.active_filters(),
        "topic": topic,
    }
    template = "guides/change_list.html#change-results" if is_partial(request) else "guides/change_list.html"
    return render(request, template, context)


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@page_parameters()
def event_ics(request: HtmxHttpRequest, iso2: str, slug: str):
    """One dated event, to add to a calendar."""
    event = get_object_or_404(
        DatedEvent.objects.visible().select_related("country"), country__iso2=iso2.lower(), slug=slug
    )
    text = calendar([event], name=event.title, absolute=request.build_absolute_uri)
    return _ics_response(text, f"{event.country.iso2}-{event.slug}.ics")


@require_GET
@page_parameters("c", "path")
def plan_ics(request: HtmxHttpRequest):
    """The coming dates of a plan's destinations and paths (the selection is in the URL)."""
    selection = Selection.from_query(request.GET)
    events = (
        DatedEvent.objects.visible()
        .for_selection(selection.countries(), selection.path_rows())
        .upcoming(timezone.localdate())
        .select_related("country")
        if selection
        else DatedEvent.objects.none()
    )
    text = calendar(list(events), name=_("Dates of my plan"), absolute=request.build_absolute_uri)
    return _ics_response(text, "plan-dates.ics")


def _note_record(note: ChangeNote, absolute) -> dict:
    url = note.get_absolute_url()
    return {
        "key": note.key,
        "date": note.published_on.isoformat(),
        "material": note.material,
        "first_publication": note.first_publication,
        "item": {"model": note.item_model, "natural_key": note.item_key.split("/")},
        "item_name": {
            code: getattr(note, f"item_name_{code}") or "" for code in settings.MODELTRANSLATION_LANGUAGES
        },
        "note": {code: getattr(note, f"note_{code}") or "" for code in settings.MODELTRANSLATION_LANGUAGES},
        "changed_fields": note.changed_fields,
        "countries": [country.iso2 for country in note.countries.all()],
        "path": note.path.slug if note.path_id else None,
        "guide": note.guide.slug if note.guide_id else None,
        "topics": [topic.slug for topic in note.topics.all()],
        "url": absolute(url) if url else None,
    }


@require_GET
@page_parameters("since")
def changes_json(request: HtmxHttpRequest):
    """Every change note (typo fixes too: a partner's copy needs them), oldest first, ``since`` a date."""
    since_text = request.GET.get("since", "").strip()
    notes = ChangeNote.objects.with_related().order_by("published_on", "key")
    since = None
    if since_text:
        try:
            since = datetime.date.fromisoformat(since_text[:10])
        except ValueError:
            return JsonResponse(
                {"error": "since must be a date, YYYY-MM-DD", "since": since_text[:20]}, status=400
            )
        notes = notes.since(since)
    with translation.override(settings.LANGUAGE_CODE):
        records = [_note_record(note, request.build_absolute_uri) for note in notes[:CHANGES_JSON_LIMIT]]
    body = {
        "since": since.isoformat() if since else None,
        "count": len(records),
        "fixture": "python manage.py export_fixtures --since YYYY-MM-DD",
        "changes": records,
    }
    text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    return HttpResponse(text, content_type="application/json; charset=utf-8")
