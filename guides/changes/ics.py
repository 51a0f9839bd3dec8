"""Dated events as an iCalendar file (RFC 5545): all-day events a calendar imports without an account.

Written by hand (a few lines of text need no library): CRLF line ends, long lines folded at 75 octets,
text escaped, one stable UID per event so a calendar that imports the file twice updates, not doubles.
"""

import datetime

from django.utils import timezone

PRODID = "-//Doctors' relocation guide//Dates that matter//EN"
# The same on every host that serves the site, so an event keeps its identity in a calendar.
UID_DOMAIN = "relocation-guide"


def _escape(text: str) -> str:
    return (
        (text or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets, never splitting a character."""
    pieces, current = [], ""
    for char in line:
        limit = 75 if not pieces else 74  # continuation lines start with a space
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _date(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def calendar(events, *, name: str, absolute) -> str:
    """An iCalendar file of ``events``; ``absolute(url)`` makes a page's address absolute."""
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    lines.append(f"X-WR-CALNAME:{_escape(name)}")
    for event in events:
        end = (event.ends_on or event.starts_on) + datetime.timedelta(days=1)  # DTEND is exclusive
        url = absolute(event.get_absolute_url())
        description = "\n\n".join(part for part in (event.detail, event.url, url) if part)
        lines += [
            "BEGIN:VEVENT",
            f"UID:event-{event.country.iso2}-{event.slug}@{UID_DOMAIN}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(event.starts_on)}",
            f"DTEND;VALUE=DATE:{_date(end)}",
            f"SUMMARY:{_escape(f'{event.title} ({event.country.name})')}",
            f"DESCRIPTION:{_escape(description)}",
            f"URL:{url}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
