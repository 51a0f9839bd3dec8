"""Recording a change note when a change to a fact goes public.

Which fields changed is read from the item's history: the version just saved against the last earlier
version the public saw (so "Save and publish" after an unpublish, a revision handed over to its live item
and a live edit all compare what readers saw before with what they see now). The admin calls
``record_change()`` explicitly from its write paths; nothing here runs on a signal.
"""

import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.text import slugify

from ..curation.publishable import PublishableModel, Status
from ..curation.revisions import _translated_originals
from ..models import Barrier, Country, Figure, Guide, RecognitionPath, Step
from .models import ChangeNote

# Fields whose change says nothing to a reader: identity, workflow and curators' own notes.
NOT_CONTENT = {"id", "status", "published_at", "revision_of", "last_reviewed", "curator_note"}
NOTED_MODELS = (Country, RecognitionPath, Step, Barrier, Figure, Guide)


def is_public(item) -> bool:
    """Whether readers see ``item`` now (a step follows its path; a country has no workflow)."""
    if isinstance(item, Step):
        return item.path.is_published
    if isinstance(item, PublishableModel):
        return item.is_published
    return True


def _was_public(record) -> bool:
    status = getattr(record, "status", Status.PUBLISHED)
    return status == Status.PUBLISHED and getattr(record, "revision_of_id", None) is None


def _untranslated(model, name: str) -> str:
    originals = _translated_originals(model)
    base, _sep, language = name.rpartition("_")
    if base in originals and language in settings.MODELTRANSLATION_LANGUAGES:
        return base
    return name


def changed_fields(item) -> tuple[list[str], bool]:
    """The content fields that differ from the last version readers saw, and whether there was none
    (a first publication)."""
    records = list(item.history.order_by("-history_date", "-history_id")[:100])
    if not records:
        return [], True
    current = records[0]
    previous = next((r for r in records[1:] if _was_public(r)), None)
    if previous is None:
        return [], True
    names: list[str] = []
    for change in current.diff_against(previous).changes:
        name = _untranslated(type(item), change.field)
        if (
            name not in NOT_CONTENT
            and name not in names
            and not (change.old in (None, "") and change.new in (None, ""))
        ):
            names.append(name)
    return names, False


def field_label(model_label: str, name: str) -> str:
    try:
        f = apps.get_model(model_label)._meta.get_field(name)
    except (LookupError, FieldDoesNotExist):  # a field renamed or removed since the note was written
        return name.replace("_", " ")
    if f.auto_created and not f.concrete:  # a revision's children, e.g. a path's steps
        return str(f.related_model._meta.verbose_name_plural)
    return str(f.verbose_name)


def _context(item) -> dict:
    """Where a note about ``item`` is shown: its countries, its path, its guide, its topics."""
    if isinstance(item, Country):
        return {"countries": [item], "path": None, "guide": None, "topics": []}
    if isinstance(item, Guide):
        return {
            "countries": list(item.countries.all()),
            "path": None,
            "guide": item,
            "topics": list(item.topics.all()),
        }
    if isinstance(item, RecognitionPath):
        return {"countries": [item.country], "path": item, "guide": None, "topics": []}
    if isinstance(item, Step):
        return {"countries": [item.path.country], "path": item.path, "guide": None, "topics": []}
    # A barrier or a figure: its country, and its path when it has one.
    return {
        "countries": [item.country] if item.country_id else [],
        "path": getattr(item, "path", None),
        "guide": None,
        "topics": [],
    }


def _item_names(item) -> dict[str, str]:
    names = {}
    for language in settings.MODELTRANSLATION_LANGUAGES:
        with translation.override(language):
            names[f"item_name_{language}"] = str(item)[:300]
    return names


def _key(item, day: datetime.date) -> str:
    base = slugify(f"{day:%Y-%m-%d}-{item._meta.model_name}-{'-'.join(str(p) for p in item.natural_key())}")[
        :120
    ]
    key, number = base, 1
    while ChangeNote.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    return key


def record_change(
    item,
    *,
    note_en: str = "",
    note_ru: str = "",
    material: bool = False,
    extra_fields: list[str] | None = None,
    day: datetime.date | None = None,
) -> ChangeNote | None:
    """Record that ``item``'s change went public; ``None`` when nothing readers see changed and no note
    was written."""
    if not isinstance(item, NOTED_MODELS) or not is_public(item):
        return None
    fields, first = changed_fields(item)
    fields += [name for name in extra_fields or [] if name not in fields]
    if not (fields or first or note_en or note_ru):
        return None
    day = day or timezone.localdate()
    context = _context(item)
    note = ChangeNote(
        key=_key(item, day),
        published_on=day,
        item_model=item._meta.label_lower,
        item_key="/".join(str(part) for part in item.natural_key()),
        path=context["path"],
        guide=context["guide"],
        note_en=note_en,
        note_ru=note_ru,
        material=material,
        first_publication=first,
        changed_fields=fields,
        **_item_names(item),
    )
    note.save()
    note.countries.set(context["countries"])
    note.topics.set(context["topics"])
    return note


def field_labels(note: ChangeNote) -> list[str]:
    return [field_label(note.item_model, name) for name in note.changed_fields]
