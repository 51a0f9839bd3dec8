"""What other pages show of the changes and dates: a few queries each, the same whatever the data size."""

from django.utils import timezone

from .models import ChangeNote, DatedEvent
from .selection import Selection

NOTES_ON_A_PAGE = 10
EVENTS_ON_A_PAGE = 8


def country_notes(country) -> list[ChangeNote]:
    """The material notes about a country and everything on its page, newest first."""
    notes = ChangeNote.objects.material().for_country(country).filter(guide=None)
    return list(notes.newest_first()[:NOTES_ON_A_PAGE])


def guide_notes(guide) -> list[ChangeNote]:
    return list(ChangeNote.objects.material().filter(guide=guide).newest_first()[:NOTES_ON_A_PAGE])


def country_events(country, path=None) -> list[DatedEvent]:
    """The coming dates of a country (of one of its paths, with ``path``); past ones drop off."""
    events = DatedEvent.objects.visible().filter(country=country).select_related("country", "path")
    if path is not None:
        events = events.for_selection([country], [path])
    return list(events.upcoming(timezone.localdate())[:EVENTS_ON_A_PAGE])


def plan_links(destinations) -> dict:
    """The feed and the calendar of exactly a plan's destinations and paths (the selection is the URL)."""
    query = Selection.of_plan(destinations).query()
    return {"plan_selection": query}
