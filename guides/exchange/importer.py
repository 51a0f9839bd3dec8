"""Validated import of a content fixture: our export, or stock ``dumpdata`` with natural keys.

Django's own deserializer reads each record (``handle_forward_references``, so a record may refer to
one later in the file); what this module adds is the checking a partner's file needs. First, without
touching the database: the file's size, encoding and JSON, a list of records, a content model in each,
no numeric ids, no two records with the same natural key and different content. Then, in one
transaction, each deserialized object passes ``full_clean()`` before it is saved, every problem being
collected with its file, record, model, key and field; deferred references are resolved at the end. Any
problem rolls the transaction back, so the database is exactly as before. A path in the file gets
exactly the file's steps. ``dry_run`` runs the same transaction and always rolls it back, so its summary
is the real one.

An import goes through review unless it is ``direct``: a published path, barrier or guide the file changes
gets a draft revision carrying the file's values (its live row is left as it is), a new item arrives as
a draft, a draft stays a draft; a Reviewer then publishes them like any other change. Live content that
has no draft revision (a published figure, a country, a source) is not changed by such an import: the
change is refused, naming it. A superuser's ``direct`` import (the starter set, moving data
between our own sites) writes the file's content and statuses as they are.
"""

import json
import logging
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import translation
from django.utils.dateparse import parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from modeltranslation.translator import NotRegistered, translator

from guides.curation.models import ReviewEvent, record_event
from guides.curation.publishable import PublishableModel, Status
from guides.curation.revisions import RevisableModel, copy_as_revision, revision_changes
from guides.models import content_models
from guides.models.base import natural_key_lookups, remembered_natural_keys
from relocation.cache import bump_data_version_on_commit

from .words import Later, Words, in_every_language, localized, validation_text

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Record keys a fixture record may carry (what ``dumpdata`` writes).
RECORD_KEYS = {"model", "pk", "fields"}
#: How many characters of a hostile value a problem quotes.
QUOTE_CHARS = 80

logger = logging.getLogger(__name__)


def printable(text: str) -> str:
    """``text`` with control characters and other unprintables escaped, for messages and terminals."""
    text = str(text)
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def quoted(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)[: QUOTE_CHARS * 2]
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS] + "…"
    return repr(printable(text))


@dataclass(frozen=True)
class Problem:
    index: int | None
    model: str = ""
    key: str = ""
    field: str = ""
    message: str = ""
    #: What the file would have changed in a record it may not change ("title_en: 'old' → 'new'").
    changes: str = ""

    def describe(self, filename: str) -> str:
        """Where and what, in English (the command's words)."""
        with translation.override("en"):
            return self.localized(filename)

    def localized(self, filename: str) -> str:
        """Where and what, in the active language."""
        where = [printable(filename)]
        if self.index is not None:
            where.append(gettext("record %(index)s") % {"index": self.index})
        if self.model:
            where.append(printable(self.model)[:QUOTE_CHARS])
        if self.key:
            where.append(gettext("key %(key)s") % {"key": printable(self.key)[:QUOTE_CHARS]})
        if self.field:
            where.append(gettext("field %(field)s") % {"field": printable(self.field)[:QUOTE_CHARS]})
        text = f"{', '.join(where)}: {printable(localized(self.message))}"
        if not self.changes:
            return text
        return f"{text} " + gettext("The file changes %(changes)s.") % {"changes": printable(self.changes)}

    def stored(self, filename: str) -> dict[str, str]:
        """What the admin keeps of it: the description in every language of the site."""
        return in_every_language(lambda: self.localized(filename))


#: How many changed records the summary names one by one (the counts always cover them all).
MAX_LISTED_CHANGES = 500


@dataclass(frozen=True)
class RecordChange:
    """One record the import creates, updates or removes, with each changed field's old and new value."""

    model: str  # the model's label, "guides.Barrier"
    key: str
    kind: str  # "created", "created as draft", "updated", "removed" or "revision"
    fields: tuple[tuple[str, str, str], ...] = ()
    live: str = ""  # for a revision: the key of the published item it revises

    def entry(self) -> dict:
        return {
            "line": "change",
            "model": self.model,
            "key": self.key,
            "kind": self.kind,
            "fields": [list(change) for change in self.fields],
            "live": self.live,
        }

    def describe(self) -> str:
        return summary_line(self.entry())


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    changes: list[RecordChange] = field(default_factory=list)
    written: bool = False
    direct: bool = False
    #: Through review: the draft revisions made of published items (revision key, live key), and the
    #: new items that arrived as drafts (model label, key).
    revisions: list[tuple[str, str]] = field(default_factory=list)
    drafts: list[tuple[str, str]] = field(default_factory=list)

    def note_change(self, change: RecordChange) -> None:
        if len(self.changes) < MAX_LISTED_CHANGES:
            self.changes.append(change)

    @property
    def ok(self) -> bool:
        return not self.problems

    def _counts(self, pick) -> dict:
        return {
            kind: pick(counter)
            for kind, counter in (
                ("created", self.created),
                ("updated", self.updated),
                ("removed", self.removed),
                ("unchanged", self.unchanged),
            )
        }

    def summary_entries(self) -> list[dict]:
        """The summary as data, each entry rendered by ``summary_line()`` in the reader's language: the
        background import stores these, and the admin shows them in each staff member's language."""
        entries = []
        for model in content_models():
            label = model._meta.label
            counts = self._counts(lambda counter, label=label: counter[label])
            if any(counts.values()):
                entries.append({"line": "model", "model": label, **counts})
        entries.append({"line": "total", **self._counts(lambda counter: sum(counter.values()))})
        entries += [change.entry() for change in self.changes]
        listed = sum(sum(c.values()) for c in (self.created, self.updated, self.removed))
        if listed > len(self.changes):
            entries.append({"line": "more", "count": listed - len(self.changes)})
        if self.direct:
            return [*entries, {"line": "direct"}]
        entries.append({"line": "review", "revisions": len(self.revisions), "drafts": len(self.drafts)})
        entries += [
            {"line": "revision", "key": key, "live": live}
            for key, live in self.revisions[:MAX_LISTED_CHANGES]
        ]
        entries += [
            {"line": "draft", "model": label, "key": key} for label, key in self.drafts[:MAX_LISTED_CHANGES]
        ]
        return entries

    def summary_lines(self) -> list[str]:
        """The summary in the active language (English in a management command)."""
        return [summary_line(entry) for entry in self.summary_entries()]


# --- The summary's words: stored as data, put in words when shown -----------------------------------

#: What each record count is called ("3 created"), in the order the summary gives them.
COUNT_WORDS = {
    "created": gettext_noop("%(count)s created"),
    "updated": gettext_noop("%(count)s updated"),
    "removed": gettext_noop("%(count)s removed"),
    "unchanged": gettext_noop("%(count)s unchanged"),
}
#: What happens to one record.
CHANGE_WORDS = {
    "created": pgettext_lazy("import change", "created"),
    "created as draft": pgettext_lazy("import change", "created as draft"),
    "updated": pgettext_lazy("import change", "updated"),
    "removed": pgettext_lazy("import change", "removed"),
}


def _model_name(label: str, plural: bool = False) -> str:
    try:
        opts = apps.get_model(label)._meta
    except (LookupError, ValueError):
        return printable(label)
    return str(capfirst(opts.verbose_name_plural if plural else opts.verbose_name))


def _counted(entry: dict) -> str:
    return ", ".join(
        gettext(words) % {"count": entry[kind]} for kind, words in COUNT_WORDS.items() if entry.get(kind)
    )


def summary_line(entry) -> str:
    """One line of an import's summary in the active language. A plain string (a summary stored before
    summaries were data) is shown as it is."""
    if isinstance(entry, str):
        return entry
    line = entry.get("line")
    if line == "model":
        return f"{_model_name(entry['model'], plural=True)}: {_counted(entry)}"
    if line == "total":
        counts = ", ".join(
            gettext(words) % {"count": entry.get(kind, 0)} for kind, words in COUNT_WORDS.items()
        )
        return gettext("Total: %(counts)s") % {"counts": counts}
    if line == "change":
        model, key = _model_name(entry["model"]), printable(entry["key"])
        if entry["kind"] == "revision":
            head = gettext("%(model)s %(live)s: draft revision %(key)s for review") % {
                "model": model,
                "live": printable(entry["live"]),
                "key": key,
            }
        else:
            words = CHANGE_WORDS.get(entry["kind"])
            head = f"{model} {key}: {words if words else printable(entry['kind'])}"
        fields = entry.get("fields") or []
        if not fields:
            return head
        return head + " — " + "; ".join(f"{name}: {old} → {new}" for name, old, new in fields)
    if line == "more":
        return gettext("… and %(count)s more changed records (not listed).") % {"count": entry["count"]}
    if line == "direct":
        return gettext(
            "Direct import (superuser): published content changed as the file says, without review."
        )
    if line == "review":
        return gettext(
            "Through review: %(revisions)s draft revision(s) of published items, %(drafts)s new item(s) as "
            "drafts; published content is not changed. A Reviewer publishes them from the review inbox."
        ) % {"revisions": entry["revisions"], "drafts": entry["drafts"]}
    if line == "revision":
        return gettext("Draft revision: %(key)s (of %(live)s)") % {
            "key": printable(entry["key"]),
            "live": printable(entry["live"]),
        }
    if line == "draft":
        return gettext("New draft: %(model)s %(key)s") % {
            "model": _model_name(entry["model"]),
            "key": printable(entry["key"]),
        }
    return printable(entry)


# --- Reading: what needs no database ----------------------------------------------------------------


def size_problem(size: int, limit: int = DEFAULT_MAX_BYTES) -> str | None:
    """The one statement of the size limit, for the command, the admin's upload and the parser."""
    if size > limit:
        return Words(
            gettext_noop("The file is %(size)s bytes; the limit is %(limit)s bytes."),
            size=f"{size:,}",
            limit=f"{limit:,}",
        )
    return None


def parse_fixture(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list, list[Problem]]:
    """Decode and parse the file's bytes into a list of raw records, or say why not."""
    too_big = size_problem(len(data), max_bytes)
    if too_big:
        return [], [Problem(None, message=too_big)]
    if not data.strip():
        return [], [Problem(None, message=Words(gettext_noop("The file is empty.")))]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [], [
            Problem(
                None,
                message=Words(
                    gettext_noop("The file is not UTF-8 text (invalid byte at position %(position)s)."),
                    position=error.start,
                ),
            )
        ]
    try:
        raw = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        return [], [
            Problem(
                None,
                message=Words(
                    gettext_noop("Invalid JSON at line %(line)s, column %(column)s: %(error)s."),
                    line=error.lineno,
                    column=error.colno,
                    error=error.msg,
                ),
            )
        ]
    except NonFiniteNumber as error:
        return [], [
            Problem(
                None,
                message=Words(
                    gettext_noop("%(value)s is not a number JSON allows (no NaN or Infinity)."),
                    value=str(error),
                ),
            )
        ]
    except RecursionError:
        return [], [
            Problem(None, message=Words(gettext_noop("The file is nested too deeply to be a fixture.")))
        ]
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        return [], [
            Problem(
                None,
                message=Words(
                    gettext_noop("The file holds a value that cannot be read: %(error)s."), error=str(error)
                ),
            )
        ]
    if not isinstance(raw, list):
        return [], [
            Problem(
                None,
                message=Words(
                    gettext_noop("Expected a list of records, found a JSON %(type)s."),
                    type=type(raw).__name__,
                ),
            )
        ]
    return raw, []


class NonFiniteNumber(ValueError):
    pass


def _refuse_constant(name: str):
    raise NonFiniteNumber(name)


def _key_text(key) -> str:
    return "/".join(str(part) for part in key) if isinstance(key, (list, tuple)) else str(key)


def _is_key(value) -> bool:
    return isinstance(value, str) or (
        isinstance(value, list) and bool(value) and all(isinstance(part, str) for part in value)
    )


def _record_key(model, fields: dict) -> tuple:
    """The natural key a record stands for, read from its fields as the model declares it."""
    key: tuple = ()
    for name in model.natural_key_fields:
        value = fields.get(name)
        key += tuple(value) if isinstance(value, list) else (value,)
    return key


def _field_shape_problem(model, name: str, value) -> str | None:
    """What is wrong with the shape of one field's value, if anything (types come later)."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return Words(gettext_noop("Unknown field."))
    if model_field.auto_created or not (model_field.concrete or model_field.many_to_many):
        return Words(gettext_noop("Unknown field."))
    if model_field.many_to_many:
        if not isinstance(value, list) or not all(_is_key(v) for v in value):
            return Words(gettext_noop("Expected a list of natural keys."))
    elif model_field.is_relation:
        if value is not None and not _is_key(value):
            return Words(gettext_noop("Expected a natural key (numeric ids are not accepted)."))
    elif isinstance(model_field, models.JSONField):
        return None  # any JSON value: a change note's list of changed fields is a list
    elif isinstance(value, (dict, list)):
        return Words(
            gettext_noop("Expected a single value, found a JSON %(type)s."), type=type(value).__name__
        )
    else:
        return _scalar_type_problem(model_field, value)
    return None


_NUMBER_FIELDS = (models.IntegerField, models.DecimalField, models.FloatField)


def _scalar_type_problem(model_field, value) -> str | None:
    """A value of the wrong JSON type for its field (a boolean as a number, a number as text...)."""
    if value is None:
        return None if model_field.null else Words(gettext_noop("This field cannot be null."))
    if isinstance(model_field, models.BooleanField):
        return (
            None
            if isinstance(value, bool)
            else Words(gettext_noop("Expected true or false, found %(value)s."), value=quoted(value))
        )
    if isinstance(model_field, _NUMBER_FIELDS):
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            return Words(gettext_noop("Expected a number, found %(value)s."), value=quoted(value))
        return None
    if not isinstance(value, str):
        return Words(gettext_noop("Expected text, found %(value)s."), value=quoted(value))
    if isinstance(model_field, models.DateTimeField):
        return _datetime_problem(value)
    return None


def _datetime_problem(value: str) -> str | None:
    """A date-time the database could store: one that converts to UTC without leaving the calendar."""
    try:
        parsed = parse_datetime(value)
        if parsed is not None and parsed.tzinfo is not None:
            parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        return Words(gettext_noop("Not a date-time that can be stored: %(value)s."), value=quoted(value))
    return None


#: Control characters a text may hold: tab, line feed, carriage return.
ALLOWED_CONTROLS = {"\t", "\n", "\r"}


def text_problem(text: str) -> str | None:
    """NUL and other control characters, and lone surrogates, are refused in every string."""
    if text.isprintable():
        return None
    for position, ch in enumerate(text):
        if ch in ALLOWED_CONTROLS:
            continue
        category = unicodedata.category(ch)
        if category == "Cs":
            return Words(
                gettext_noop("A lone surrogate (U+%(code)s) at character %(position)s is not text."),
                code=f"{ord(ch):04X}",
                position=position,
            )
        if category == "Cc":
            return Words(
                gettext_noop("Control character U+%(code)s at character %(position)s is not accepted."),
                code=f"{ord(ch):04X}",
                position=position,
            )
    return None


def _strings(value):
    """Every string in a JSON value (keys included), to check for control characters."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for name, item in value.items():
            yield name
            yield from _strings(item)


def check_record(index: int, item, models_by_label: dict) -> tuple[type | None, list[Problem]]:
    """The record's shape: an object, of a content model, with natural keys for every reference."""
    if not isinstance(item, dict):
        return None, [
            Problem(
                index,
                message=Words(
                    gettext_noop("Expected an object, found a JSON %(type)s."), type=type(item).__name__
                ),
            )
        ]
    label = item.get("model")
    if not isinstance(label, str):
        return None, [Problem(index, message=Words(gettext_noop('The record has no "model".')))]
    model = models_by_label.get(label.lower())
    if model is None:
        message = Words(
            gettext_noop("Not a content model of this guide: refused (only guides content is imported).")
        )
        return None, [Problem(index, label, message=message)]
    fields = item.get("fields")
    if not isinstance(fields, dict):
        return None, [
            Problem(index, model._meta.label, message=Words(gettext_noop('"fields" must be an object.')))
        ]
    key = _record_key(model, fields)
    problems = []

    def problem(name, message):
        problems.append(Problem(index, model._meta.label, _key_text(key), name, message))

    if any(not isinstance(part, str) or part == "" for part in key):
        problem("", Words(gettext_noop("The record's natural key is incomplete.")))
    if "pk" in item:
        problem("", Words(gettext_noop("Numeric ids are not accepted: export with natural primary keys.")))
    for extra in sorted(set(item) - RECORD_KEYS, key=str):
        problem("", Words(gettext_noop("Unknown record key %(key)s."), key=quoted(extra)))
    for name, value in fields.items():
        message = _field_shape_problem(model, name, value)
        if message is None:
            message = next(filter(None, map(text_problem, _strings([name, value]))), None)
        if message:
            problem(name, message)
    return model, problems


def check_records(raw: list) -> tuple[list[tuple[int, dict]], list[Problem]]:
    """Every check of the file that needs no database; the records to deserialize, with their index.

    The records without problems go on to be deserialized and checked in full, so that one run reports
    every problem of the file (nothing is written as long as there is any).
    """
    models_by_label = {m._meta.label_lower: m for m in content_models()}
    records, problems, seen = [], [], {}
    for index, item in enumerate(raw):
        model, record_problems = check_record(index, item, models_by_label)
        problems.extend(record_problems)
        if model is None or record_problems:
            continue
        identity = (model._meta.label_lower, _record_key(model, item["fields"]))
        previous = seen.get(identity)
        if previous is not None:
            if previous[1] != item["fields"]:
                key = _key_text(identity[1])
                message = Words(
                    gettext_noop("Same natural key as record %(index)s with different content."),
                    index=previous[0],
                )
                problems.append(Problem(index, model._meta.label, key, message=message))
            continue
        seen[identity] = (index, item["fields"])
        records.append((index, item))
    problems += _revision_problems(records)
    return records, problems


def _revision_problems(records: list[tuple[int, dict]]) -> list[Problem]:
    """A revision in the file points at a live item: not at itself, not at a revision in the file.

    Checked before anything is written: publishing a path that is a revision of itself would merge it
    into itself and delete it, with its steps.
    """
    targets = {}
    for index, item in records:
        model = _model_of(item)
        if "revision_of" not in item["fields"] or not hasattr(model, "revision_children"):
            continue
        own = _key_text(_record_key(model, item["fields"]))
        target = item["fields"]["revision_of"]
        targets[(model, own)] = (index, None if target is None else _key_text(target))
    problems = []
    for (model, own), (index, target) in targets.items():
        if target is None:
            continue
        label = model._meta.label
        if target == own:
            problems.append(
                Problem(
                    index, label, own, "revision_of", Words(gettext_noop("A revision cannot be of itself."))
                )
            )
        elif targets.get((model, target), (None, None))[1] is not None:
            message = Words(
                gettext_noop(
                    "%(target)s is itself a revision in this file: point at the live item "
                    "(no chains, no cycles)."
                ),
                target=target,
            )
            problems.append(Problem(index, label, own, "revision_of", message))
    return problems


# --- Writing: Django's deserializer, full_clean() on every object -----------------------------------


def _model_of(item: dict):
    return {m._meta.label_lower: m for m in content_models()}[item["model"].lower()]


def _validation_problems(index: int, obj, error: ValidationError) -> list[Problem]:
    label, key = obj._meta.label, _key_text(obj.natural_key())
    if not hasattr(error, "error_dict"):
        return [Problem(index, label, key, message=validation_text(error))]
    return [
        Problem(index, label, key, name if name != "__all__" else "", validation_text(errors))
        for name, errors in error.error_dict.items()
    ]


def _missing(value) -> str:
    return Words(gettext_noop("%(key)s does not exist in the file or the database."), key=_key_text(value))


def _diagnose(index: int, item: dict, error: Exception) -> list[Problem]:
    """Name the field the deserializer could not read, and why (its own message names neither)."""
    model = _model_of(item)
    label, key = model._meta.label, _key_text(_record_key(model, item["fields"]))
    problems = []
    for name, value in item["fields"].items():
        model_field = model._meta.get_field(name)
        if model_field.is_relation:
            targets = value if model_field.many_to_many else [value]
            manager = model_field.related_model._default_manager
            for target in (t for t in targets if t is not None):
                try:
                    manager.get_by_natural_key(*(target if isinstance(target, list) else [target]))
                except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
                    problems.append(Problem(index, label, key, name, _missing(target)))
            continue
        try:
            model_field.to_python(value)
        except ValidationError as invalid:
            message = Words(
                gettext_noop("%(error)s (value: %(value)s)"),
                error=validation_text(invalid),
                value=quoted(value),
            )
            problems.append(Problem(index, label, key, name, message))
        except (ArithmeticError, TypeError, ValueError) as invalid:
            problems.append(
                Problem(
                    index,
                    label,
                    key,
                    name,
                    Words(
                        gettext_noop("%(error)s (value: %(value)s)"), error=str(invalid), value=quoted(value)
                    ),
                )
            )
    return problems or [Problem(index, label, key, message=str(error))]


def _deserialize(index: int, item: dict, result: ImportResult):
    """The record as Django's deserializer builds it, or ``None`` with the problems noted."""
    try:
        objects = serializers.deserialize("python", [item], handle_forward_references=True)
        return next(iter(objects))
    except Exception as error:  # the deserializer wraps what went wrong in several exception types
        result.problems.extend(_diagnose(index, item, error))
        return None


def _state(instance, m2m: dict | None = None) -> dict:
    """What a row holds (its columns and many-to-many targets), to tell an update from no change."""
    model = type(instance)
    values = {f.attname: f.value_from_object(instance) for f in model._meta.concrete_fields}
    for f in model._meta.many_to_many:
        if m2m is None:
            values[f.name] = set(getattr(instance, f.name).values_list("pk", flat=True))
        elif f.name in m2m:
            values[f.name] = set(m2m[f.name])
    return values


def _stored_row(instance):
    if instance.pk is None:
        return None
    return type(instance)._default_manager.filter(pk=instance.pk).first()


# --- Review: an import never overwrites a change a Reviewer is looking at ---------------------------


def _review_problem(instance, current) -> str | None:
    """Why the import may not change this stored row: it (or the path it belongs to, or a draft
    revision of it) is waiting for review.

    Refused rather than merged: the Reviewer is checking one author's change, and mixing a partner's
    file into it (or replacing it) would publish what nobody reviewed; the import stays all-or-nothing,
    the message names the item, and the curator publishes or sends back the change, then imports again.
    """
    if current is None:
        return None
    governed = current
    parent_link = _child_links().get(type(current))
    if parent_link:  # a step is reviewed with its path
        governed = getattr(current, parent_link.removesuffix("_id"))
    if not isinstance(governed, PublishableModel):
        return None
    if governed.status == Status.IN_REVIEW:
        return Words(
            gettext_noop(
                "%(item)s is waiting for review: the import would overwrite the change under review. "
                "Publish it or send it back to draft, then import again."
            ),
            item=str(governed),
        )
    revisions = getattr(governed, "revisions", None)
    if revisions is not None and revisions.filter(status=Status.IN_REVIEW).exists():
        return Words(
            gettext_noop(
                "%(item)s has a draft revision waiting for review: importing would change the item under "
                "it. Publish the revision or send it back to draft, then import again."
            ),
            item=str(governed),
        )
    return None


# --- Through review: revisions of published items, new items as drafts --------------------------------

#: The history's reason for what an import through review writes.
IMPORT_REASON = "Draft revision from an imported file"


@dataclass
class _Review:
    """How an import through review routes the file's records; ``None`` in place of it means direct."""

    user: object = None
    #: (model, live natural key) -> the draft revision made of that published item.
    revisions: dict = field(default_factory=dict)
    #: revision key text -> live key text, so the summary names the item a revision revises.
    live_keys: dict = field(default_factory=dict)
    #: New items of the workflow the file created (as drafts).
    created: list = field(default_factory=list)
    #: What the review events of the import say (the file's name).
    note: str = ""

    def refusal(self, current) -> str | None:
        """Why an import through review may not change this stored row: it is live content. A step
        follows its path: a step of a draft (or of a draft revision) may change."""
        if current is None:
            return None
        governed = current
        parent_link = _child_links().get(type(current))
        if parent_link:
            governed = getattr(current, parent_link.removesuffix("_id"))
        if isinstance(governed, PublishableModel):
            if governed.status != Status.PUBLISHED:
                return None
            revision = governed.revisions.first() if hasattr(governed, "revisions") else None
            if revision is not None:
                return Words(
                    gettext_noop(
                        "%(item)s has a draft revision (%(revision)s) in the works: an import through review "
                        "cannot change the published item under it. Publish or delete that revision, then "
                        "import again."
                    ),
                    item=str(governed),
                    revision=revision.slug,
                )
            return Words(
                gettext_noop(
                    "%(item)s is published and a %(kind)s has no draft revision: an import through review "
                    "cannot change it. A superuser can import it directly (import_fixtures --direct)."
                ),
                item=str(governed),
                kind=Later(lambda: str(governed._meta.verbose_name)),
            )
        return Words(
            gettext_noop(
                "%(item)s (%(kind)s) is live content with no review step: an import through review cannot "
                "change it. A superuser can import it directly (import_fixtures --direct)."
            ),
            item=str(current),
            kind=Later(lambda: str(current._meta.verbose_name)),
        )


def _stored_by_key(model, key: tuple):
    try:
        return model._default_manager.filter(**natural_key_lookups(model, key)).first()
    except (ValueError, TypeError, ValidationError):
        return None


def _revise(review: _Review, model, key: tuple, live) -> tuple:
    """The draft revision of ``live`` the file's records go to (made once); its natural key."""
    revision = review.revisions.get((model, key))
    if revision is None:
        revision = copy_as_revision(live, review.user, IMPORT_REASON)
        review.revisions[(model, key)] = revision
        review.live_keys[_key_text(revision.natural_key())] = _key_text(key)
    return revision.natural_key()


def _route_through_review(records: list[tuple[int, dict]], review: _Review, result: ImportResult) -> None:
    """Rewrite the file's records so that nothing published changes: a record of a published path,
    barrier or guide (or of a step of a path) goes to a draft revision of it, made here as a copy of the
    live item; a new item is a draft; a stored item keeps its status. Records come parents first."""
    children = {model: link.removesuffix("_id") for model, link in _child_links().items()}
    # A live item whose revision the file itself carries (our own export holds drafts) keeps it: the
    # import makes it no second one, and a change to the live item is refused as for any revision.
    carried = {
        (_model_of(item), tuple(item["fields"]["revision_of"]))
        for _index, item in records
        if isinstance(item["fields"].get("revision_of"), list)
    }

    def revisable(model, key, stored) -> bool:
        return (model, key) not in carried and _revisable(stored)

    for _index, item in records:
        model, fields = _model_of(item), item["fields"]
        key = _record_key(model, fields)
        if model in children:
            name = children[model]
            parent_model = model._meta.get_field(name).related_model
            parent_key = tuple(fields[name]) if isinstance(fields.get(name), list) else None
            if parent_key is None:
                continue
            parent = _stored_by_key(parent_model, parent_key)
            if (parent_model, parent_key) in review.revisions or revisable(parent_model, parent_key, parent):
                fields[name] = list(_revise(review, parent_model, parent_key, parent))
            continue
        if not issubclass(model, PublishableModel):
            continue
        stored = _stored_by_key(model, key)
        if stored is None:
            fields["status"] = Status.DRAFT
            if model.published_at_field:
                fields[model.published_at_field] = None
            result.drafts.append((model._meta.label, _key_text(key)))
        elif revisable(model, key, stored):
            revision_key = _revise(review, model, key, stored)
            fields["slug"] = revision_key[-1]
            fields["revision_of"] = list(stored.natural_key())
            fields["status"] = Status.DRAFT
        else:
            fields["status"] = stored.status


def _revisable(stored) -> bool:
    """A published live item with a revision mechanism and no revision yet: the import makes one."""
    return isinstance(stored, RevisableModel) and stored.is_published and not stored.revisions.exists()


def _drop_unchanged_revisions(review: _Review, result: ImportResult) -> None:
    """A revision the file changed nothing in is deleted with its history, as if never made; the others,
    and the new drafts, get an "imported" review event, which lists them in the inbox for a Reviewer."""
    for item in review.created:
        record_event(item, review.user, ReviewEvent.Action.IMPORTED, review.note)
    for revision in review.revisions.values():
        revision.refresh_from_db()
        changes, child_changes = revision_changes(revision)
        if changes or child_changes:
            live = _key_text(revision.revision_of.natural_key())
            result.revisions.append((_key_text(revision.natural_key()), live))
            record_event(revision, review.user, ReviewEvent.Action.IMPORTED, review.note)
            continue
        children = revision.children()
        history_of = [(type(revision), [revision.pk]), *[(type(c), [c.pk]) for c in children]]
        revision.delete()
        for model, pks in history_of:
            model.history.filter(id__in=pks).delete()


# --- What changes, field by field (the dry run names them) -------------------------------------------


def _shown(field_obj, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, set):
        target = field_obj.related_model._default_manager
        keys = [_key_text(o.natural_key()) for o in target.filter(pk__in=value)]
        return "[" + ", ".join(sorted(keys)) + "]"
    if field_obj.is_relation:
        target = field_obj.related_model._default_manager.filter(pk=value).first()
        return _key_text(target.natural_key()) if target is not None else str(value)
    if isinstance(value, str):
        return quoted(value)
    return str(value)


def _field_changes(model, before: dict, after: dict) -> tuple[tuple[str, str, str], ...]:
    """(field, old, new) for every field whose value differs; modeltranslation's mirror columns (the
    untranslated ``title`` beside ``title_en``) are left out, their language columns say it."""
    originals = _translated_originals(model)
    changes = []
    for f in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        name = f.attname if f.concrete and not f.many_to_many else f.name
        if name not in after or f.name in originals or f.primary_key:
            continue
        if before.get(name) != after[name]:
            changes.append((f.name, _shown(f, before.get(name)), _shown(f, after[name])))
    return tuple(changes)


def _translated_originals(model) -> set[str]:
    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _save_one(index: int, item: dict, obj, result: ImportResult, review: _Review | None) -> bool:
    """Check one deserialized object in full and save it unless it is unchanged; ``False`` on problems."""
    instance = obj.object
    missing = [f for f in obj.deferred_fields if f.related_model is not type(instance)]
    if missing:
        for model_field in missing:
            value = obj.deferred_fields[model_field]
            targets = value if model_field.many_to_many else [value]
            label, key = instance._meta.label, _key_text(_record_key(type(instance), item["fields"]))
            result.problems += [Problem(index, label, key, model_field.name, _missing(t)) for t in targets]
        return False
    new = _state(instance, obj.m2m_data)
    current = _stored_row(instance)
    before = None
    if current is not None:
        stored = _state(current)
        before = {name: stored[name] for name in new}
    # The deserializer found the row by its natural key: uniqueness is then checked against the others.
    instance._state.adding = before is None
    try:
        instance.full_clean()
    except ValidationError as error:
        result.problems.extend(_validation_problems(index, instance, error))
        return False
    label = instance._meta.label
    if before == new:
        result.unchanged[label] += 1
        return True
    key = _key_text(_record_key(type(instance), item["fields"]))
    blocked = _review_problem(instance, current) or (review and review.refusal(current))
    if blocked:
        # Name what the file would change, so the curator can see (and apply by hand) the refused edit.
        fields = _field_changes(type(instance), before, new)
        changes = "; ".join(f"{name}: {old} → {new}" for name, old, new in fields)
        result.problems.append(Problem(index, label, key, message=blocked, changes=changes))
        return False
    try:
        obj.save()
    except (DatabaseError, ArithmeticError, ValueError, TypeError) as error:
        raise DatabaseRefused(Problem(index, label, key, message=_database_message(error))) from error
    (result.created if before is None else result.updated)[label] += 1
    if before is None:
        as_draft = review is not None and isinstance(instance, PublishableModel)
        if as_draft:
            review.created.append(instance)
        result.note_change(RecordChange(label, key, "created as draft" if as_draft else "created"))
    else:
        fields = _field_changes(type(instance), before, new)
        live = review.live_keys.get(key, "") if review else ""
        result.note_change(RecordChange(label, key, "revision" if live else "updated", fields, live))
    instance._import_changed = True
    return True


class DatabaseRefused(Exception):
    """The database refused a row that passed every check; the import stops and rolls back."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _database_message(error: Exception) -> str:
    first_line = printable(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
    return Words(gettext_noop("The database refused the record: %(error)s"), error=first_line[:200])


#: How often (in records) the importer reports its progress.
PROGRESS_EVERY = 500


@dataclass
class _Written:
    """What the end of the import needs of the rows written: kept small, so a large file fits in memory."""

    deferred: list = field(default_factory=list)  # (index, item, obj): references resolved at the end
    parents: list = field(default_factory=list)  # rows whose children the file gives (paths)
    children: dict = field(default_factory=dict)  # (child model, parent pk) -> pks of children in the file
    published: list = field(default_factory=list)  # (index, row): published rows the import changed


def _child_links() -> dict:
    """Child model -> the attname of its foreign key to the parent that gives it (Step -> path_id)."""
    links = {}
    for model in content_models():
        name = getattr(model, "revision_children", None)
        if name:
            parent_field = getattr(model, name).field
            links[parent_field.model] = parent_field.attname
    return links


def _note(written: _Written, links: dict, index: int, item: dict, obj) -> None:
    instance = obj.object
    if obj.deferred_fields:
        written.deferred.append((index, item, obj))
    if getattr(instance, "revision_children", None):
        written.parents.append(instance)
    attname = links.get(type(instance))
    if attname:
        written.children.setdefault((type(instance), getattr(instance, attname)), set()).add(instance.pk)
    if isinstance(instance, PublishableModel):
        written.published.append((index, instance))


def _write(
    records: list[tuple[int, dict]],
    result: ImportResult,
    progress: Callable | None = None,
    review: _Review | None = None,
) -> None:
    """Save every record in dependency order. ``records`` is consumed (emptied) as it goes."""
    order = {model: position for position, model in enumerate(content_models())}
    records.sort(key=lambda record: (order[_model_of(record[1])], record[0]))
    if review is not None:
        _route_through_review(records, review, result)
    links, written, total = _child_links(), _Written(), len(records)
    for done in range(total):
        index, item = records[done]
        records[done] = None  # let the parsed record go once it is written
        obj = _deserialize(index, item, result)
        if obj is not None and _save_one(index, item, obj, result, review):
            _note(written, links, index, item, obj)
        if progress and (done + 1) % PROGRESS_EVERY == 0:
            progress(done + 1, total)
    if progress:
        progress(total, total)
    # References to rows later in the file of the same model (a revision's live item), then their rules.
    for index, item, obj in written.deferred:
        try:
            obj.save_deferred_fields()
            obj.object.full_clean()
        except ValidationError as error:
            result.problems.extend(_validation_problems(index, obj.object, error))
        except DatabaseError:
            raise
        except Exception as error:
            result.problems.extend(_diagnose(index, item, error))
    if not result.problems:
        _remove_children_not_in_file(written, result, review)
        _check_publication(written, result)
    if not result.problems and review is not None:
        _drop_unchanged_revisions(review, result)


def _check_publication(written: _Written, result: ImportResult) -> None:
    """A published item the import creates or changes meets the rule the admin applies where an item is
    published (a path has a step and a source), checked once its children and citations are in place."""
    for index, instance in written.published:
        if not instance.is_published or not getattr(instance, "_import_changed", False):
            continue
        label, key = instance._meta.label, _key_text(instance.natural_key())
        for name, message in instance.publish_problems():
            result.problems.append(
                Problem(index, label, key, name, Later(lambda message=message: str(message)))
            )


def _remove_children_not_in_file(written: _Written, result: ImportResult, review: _Review | None) -> None:
    """A parent in the file (a path) keeps exactly the file's children (its steps), so totals stay right."""
    for parent in written.parents:
        name = parent.revision_children
        child_model = getattr(type(parent), name).field.model
        kept = written.children.get((child_model, parent.pk), set())
        for child in getattr(parent, name).exclude(pk__in=kept):
            label, key = child._meta.label, _key_text(child.natural_key())
            blocked = _review_problem(child, child) or (review and review.refusal(child))
            if blocked:
                result.problems.append(Problem(None, label, key, message=blocked))
                continue
            child.delete()
            result.removed[label] += 1
            result.note_change(RecordChange(label, key, "removed"))
            parent._import_changed = True


class _Rollback(Exception):
    pass


def import_fixture(
    data: bytes,
    *,
    dry_run: bool = False,
    direct: bool = False,
    user=None,
    filename: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Validate and import a fixture's bytes. Nothing is written when there is any problem or on a dry run.

    Through review unless ``direct`` (see the module's docstring); ``user`` is who the history names for
    the draft revisions an import through review makes. Only a superuser's import may be ``direct``:
    the callers check it (the command is run by the site's operator).

    Whatever the file holds, the answer is a result: a problem the importer did not foresee is logged
    with its traceback for the operator and listed as a problem, and the transaction is rolled back.
    ``progress(done, total)`` is called every ``PROGRESS_EVERY`` records.
    """
    result = ImportResult(direct=direct)
    review = None if direct else _Review(user=user, note=filename[:200])
    try:
        _import(data, result, dry_run=dry_run, max_bytes=max_bytes, progress=progress, review=review)
    except Exception as error:
        logger.exception("Fixture import failed unexpectedly")
        result.problems.append(
            Problem(
                None,
                message=Words(
                    gettext_noop("Unexpected error (%(type)s); nothing was written."),
                    type=type(error).__name__,
                ),
            )
        )
        result.written = False
    return result


def _import(data: bytes, result: ImportResult, *, dry_run: bool, max_bytes: int, progress, review) -> None:
    raw, problems = parse_fixture(data, max_bytes=max_bytes)
    if problems:
        result.problems = problems
        return
    records, result.problems = check_records(raw)
    del raw  # the records to write hold what is still needed
    if any(problem.field == "revision_of" for problem in result.problems):
        # Refused before anything is written, even inside a transaction.
        return
    try:
        with translation.override(settings.LANGUAGE_CODE), remembered_natural_keys(), transaction.atomic():
            _write(records, result, progress, review)
            if result.problems or dry_run:
                raise _Rollback
    except _Rollback:
        return
    except DatabaseRefused as refused:
        result.problems.append(refused.problem)
        return
    result.written = True
    # Saves bump the data version through signals; rows removed or left unchanged still mean published
    # pages must be rebuilt, so say it once more explicitly.
    bump_data_version_on_commit()
