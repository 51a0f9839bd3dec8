"""The sources a change under review brings: a source an Editor added is reviewed with the item citing it.

"New" is measured against what the public last saw of the item: for a draft revision, the sources its
live item (and the live item's steps) cites; for an item published before, the sources it cited at its
last publication (the history keeps citations, see ``guides/apps.py``; its steps' citations are not in
its own history, so those count as seen); for an item never published, every source it cites. A path's
steps count with their path. ``new_sources_of()`` answers for a page of items in a fixed number of
queries (the inbox lists up to ten per model).
"""

from collections import defaultdict
from dataclasses import dataclass

from ..models.reference import Source
from .publishable import Status


@dataclass
class NewSource:
    source: Source
    added_by: object = None  # who created the source row, when its history says
    added_at: object = None


def _cited(model, pks: set[int]) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    """Per item: the sources it cites itself, and those its children (a path's steps) cite."""
    own, children = defaultdict(set), defaultdict(set)
    if not pks:
        return own, children
    through = model.sources.through
    column = f"{model._meta.model_name}_id"
    for item, source in through.objects.filter(**{f"{column}__in": pks}).values_list(column, "source_id"):
        own[item].add(source)
    name = getattr(model, "revision_children", None)
    if name:
        relation = getattr(model, name).field
        child_model = relation.model
        parent = f"{child_model._meta.model_name}__{relation.name}_id"
        rows = child_model.sources.through.objects.filter(**{f"{parent}__in": pks})
        for item, source in rows.values_list(parent, "source_id"):
            children[item].add(source)
    return own, children


def _cited_when_published(model, pks: set[int]) -> dict[int, set[int]]:
    """Per item published before: its own citations at its last publication."""
    history = model.history.model
    latest: dict[int, int] = {}
    records = history.objects.filter(id__in=pks, status=Status.PUBLISHED).order_by(
        "-history_date", "-history_id"
    )
    for item, record in records.values_list("id", "history_id"):
        latest.setdefault(item, record)
    through = history._meta.get_field(f"{history._meta.model_name}_sources").related_model
    cited = {item: set() for item in latest}
    by_record = {record: item for item, record in latest.items()}
    for record, source in through.objects.filter(history_id__in=by_record).values_list(
        "history_id", "source_id"
    ):
        cited[by_record[record]].add(source)
    return cited


def new_sources_of(model, objs) -> dict[int, list[NewSource]]:
    """For each unpublished item (or draft revision) of ``model`` in ``objs``: the sources it cites that
    the public has not seen it cite, each with who added the source and when."""
    objs = [o for o in objs if o.status != Status.PUBLISHED or getattr(o, "revision_of_id", None)]
    if not objs:
        return {}
    lives = {o.revision_of_id for o in objs if getattr(o, "revision_of_id", None)}
    own, children = _cited(model, {o.pk for o in objs} | lives)
    published = _cited_when_published(model, {o.pk for o in objs if not getattr(o, "revision_of_id", None)})
    new: dict[int, set[int]] = {}
    for obj in objs:
        cited = own[obj.pk] | children[obj.pk]
        if getattr(obj, "revision_of_id", None):
            seen = own[obj.revision_of_id] | children[obj.revision_of_id]
        elif obj.pk in published:
            seen = published[obj.pk] | children[obj.pk]
        else:
            seen = set()
        new[obj.pk] = cited - seen
    wanted = set().union(*new.values())
    sources = {s.pk: s for s in Source.objects.filter(pk__in=wanted)}
    created = {
        record.id: record
        for record in Source.history.filter(id__in=wanted, history_type="+").select_related("history_user")
    }
    answer = {}
    for pk, source_pks in new.items():
        listed = sorted((sources[s] for s in source_pks if s in sources), key=lambda s: s.key)
        answer[pk] = [
            NewSource(s, created[s.pk].history_user, created[s.pk].history_date)
            if s.pk in created
            else NewSource(s)
            for s in listed
        ]
    return answer


def new_sources(obj) -> list[NewSource]:
    return new_sources_of(type(obj), [obj]).get(obj.pk, [])
