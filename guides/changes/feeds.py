"""Atom feeds of the change notes a reader should hear about: all, one country, one topic, one plan.

Each feed is in the language of its address (``/ru/...`` in Russian); links carry no tracking
parameters; responses are cached by the page cache like any public page. The plan's feed reads its
selection from its own URL (``guides/changes/selection.py``).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from ..models import Country, Topic
from .models import ChangeNote
from .notes import field_labels
from .selection import Selection

FEED_LENGTH = 50


def feed_url(name: str, *args, query: str = "") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


class ChangeFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, iso2: str | None = None):
        # One Feed instance serves every request: what a request asked for travels in ``obj``.
        return {"url": request.get_full_path(), **self._selected(request, iso2)}

    def _selected(self, request, iso2):
        if iso2 is not None:
            return {"country": get_object_or_404(Country, iso2=iso2.lower())}
        topic_slug = request.GET.get("topic", "").strip()[:80]
        if topic_slug:
            topic = Topic.objects.filter(slug=topic_slug).first()
            if topic is None:
                raise Http404
            return {"topic": topic}
        selection = Selection.from_query(request.GET)
        return {"selection": selection} if selection else {}

    def _notes(self, obj):
        notes = ChangeNote.objects.material().with_related().newest_first()
        if "country" in obj:
            return notes.for_country(obj["country"])
        if "topic" in obj:
            return notes.for_topic(obj["topic"])
        if "selection" in obj:
            selection = obj["selection"]
            return notes.for_selection(selection.countries(), selection.path_rows())
        return notes

    def title(self, obj):
        site = _("Doctors' relocation guide")
        if "country" in obj:
            return _("%(site)s: what changed in %(country)s") % {"site": site, "country": obj["country"].name}
        if "topic" in obj:
            return _("%(site)s: what changed about %(topic)s") % {"site": site, "topic": obj["topic"].name}
        if "selection" in obj:
            return _("%(site)s: what changed in my plan") % {"site": site}
        return _("%(site)s: what changed") % {"site": site}

    def subtitle(self, obj):
        return _("Dated changes to the rules, paths, costs and barriers for doctors trained in Russia.")

    def link(self, obj):
        if "country" in obj:
            return obj["country"].get_absolute_url()
        if "topic" in obj:
            return feed_url("guides:change-list", query=f"topic={obj['topic'].slug}")
        return reverse("guides:change-list")

    def feed_url(self, obj):
        return obj["url"]

    def author_name(self, obj):
        return _("Doctors' relocation guide")

    def items(self, obj):
        return self._notes(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return f"{item.item_name}: {item.note}" if item.note else item.item_name

    def item_description(self, item):
        changed = ", ".join(field_labels(item))
        if not changed:
            return item.note
        return _("%(note)s (changed: %(fields)s)") % {"note": item.note, "fields": changed}

    def item_link(self, item):
        return item.get_absolute_url() or reverse("guides:change-list")

    def item_guid(self, item):
        return f"tag:relocation-guide,{item.published_on:%Y-%m-%d}:change/{item.key}"

    item_guid_is_permalink = False

    def _datetime(self, item):
        return datetime.datetime.combine(item.published_on, datetime.time.min, tzinfo=datetime.UTC)

    def item_pubdate(self, item):
        return self._datetime(item)

    def item_updateddate(self, item):
        return self._datetime(item)

    def item_categories(self, item):
        return [country.iso2 for country in item.countries.all()] + [
            topic.slug for topic in item.topics.all()
        ]
