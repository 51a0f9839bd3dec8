"""Validated import of a content fixture: our export, or stock ``dumpdata`` with natural keys.

Two phases. First every record is checked without touching the database's content: JSON syntax,
a known content model, known fields, value types and choices, ranges, duplicate natural keys. Then, in one
transaction, rows are created or updated by natural key, each passing ``full_clean()`` (which catches
references that resolve nowhere and cross-row rules); any problem rolls the whole transaction back, so
the database is exactly as before. A path present in the file gets exactly the file's steps. ``dry_run``
runs the same transaction and always rolls it back, so its summary is the real one.
"""

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import translation
from modeltranslation.fields import TranslationField

from guides.models import RecognitionPath, Step, StudyTime
from relocation.cache import bump_data_version_on_commit

from .fixtures import CONTENT_MODELS

MODELS_BY_LABEL = {model._meta.label_lower: model for model in CONTENT_MODELS}
DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class Problem:
    index: int | None
    model: str = ""
    key: str = ""
    field: str = ""
    message: str = ""

    def describe(self, filename: str) -> str:
        where = [filename]
        if self.index is not None:
            where.append(f"record {self.index}")
        if self.model:
            where.append(self.model)
        if self.key:
            where.append(f"key {self.key}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary_lines(self) -> list[str]:
        lines = []
        for model in CONTENT_MODELS:
            label = model._meta.label
            counts = [
                (self.created[label], "created"),
                (self.updated[label], "updated"),
                (self.removed[label], "removed"),
                (self.unchanged[label], "unchanged"),
            ]
            parts = [f"{count} {word}" for count, word in counts if count]
            if parts:
                lines.append(f"{model._meta.verbose_name_plural}: {', '.join(parts)}")
        total = {
            "created": sum(self.created.values()),
            "updated": sum(self.updated.values()),
            "removed": sum(self.removed.values()),
            "unchanged": sum(self.unchanged.values()),
        }
        lines.append("Total: " + ", ".join(f"{count} {word}" for word, count in total.items()))
        return lines


@dataclass
class Record:
    index: int
    model: type[models.Model]
    fields: dict
    key: tuple

    @property
    def label(self) -> str:
        return self.model._meta.label


# --- Reading ----------------------------------------------------------------------------------------


def parse_fixture(data: bytes, *, max_bytes: int | None = None) -> tuple[list, list[Problem]]:
    """Decode and parse the file's bytes into a list of raw records, or say why not."""
    limit = (
        max_bytes
        if max_bytes is not None
        else getattr(settings, "FIXTURE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    )
    if len(data) > limit:
        return [], [Problem(None, message=f"The file is {len(data):,} bytes; the limit is {limit:,} bytes.")]
    if not data.strip():
        return [], [Problem(None, message="The file is empty.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return [], [
            Problem(None, message=f"The file is not UTF-8 text (invalid byte at position {error.start}).")
        ]
    try:
        raw = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        return [], [
            Problem(None, message=f"Invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}.")
        ]
    if not isinstance(raw, list):
        return [], [Problem(None, message=f"Expected a list of records, found a JSON {type(raw).__name__}.")]
    return raw, []


def _natural_key_of(model, fields: dict) -> tuple:
    """The natural key a record stands for, read from its fields."""
    if model is Step:
        path = fields.get("path")
        return tuple(path if isinstance(path, list) else [path]) + (fields.get("slug"),)
    if model is StudyTime:
        language = fields.get("language")
        return tuple(language if isinstance(language, list) else [language]) + (fields.get("level"),)
    parent = {"authority": "country", "recognitionpath": "country", "barrier": "country"}.get(
        model._meta.model_name
    )
    if parent:
        value = fields.get(parent)
        return tuple(value if isinstance(value, list) else [value]) + (fields.get("slug"),)
    for name in ("key", "code", "iso2", "slug"):
        try:
            model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        return (fields.get(name),)
    raise AssertionError(f"No natural key known for {model}")


def _key_text(key: tuple) -> str:
    return "/".join(str(part) for part in key)


def _as_key(value) -> tuple | None:
    if isinstance(value, list) and value and all(isinstance(part, str) for part in value):
        return tuple(value)
    if isinstance(value, str) and value:
        return (value,)
    return None


def check_records(raw: list) -> tuple[list[Record], list[Problem]]:
    """Every check that needs no database: structure, models, fields, types, choices, ranges, duplicates."""
    records: list[Record] = []
    problems: list[Problem] = []
    seen: dict[tuple, tuple[int, dict]] = {}
    for index, item in enumerate(raw):
        if not isinstance(item, dict):
            problems.append(
                Problem(index, message=f"Expected an object, found a JSON {type(item).__name__}.")
            )
            continue
        label = item.get("model")
        if not isinstance(label, str):
            problems.append(Problem(index, message='The record has no "model".'))
            continue
        model = MODELS_BY_LABEL.get(label.lower())
        if model is None:
            problems.append(
                Problem(
                    index,
                    label,
                    message="Not a content model of this guide: refused (only guides content is imported).",
                )
            )
            continue
        fields = item.get("fields")
        if not isinstance(fields, dict):
            problems.append(Problem(index, label, message='"fields" must be an object.'))
            continue
        key = _natural_key_of(model, fields)
        record = Record(index, model, fields, key)
        record_problems = _check_fields(record)
        problems.extend(record_problems)
        if record_problems:
            continue
        previous = seen.get((label.lower(), key))
        if previous is not None:
            if previous[1] != fields:
                problems.append(
                    Problem(
                        index,
                        label,
                        _key_text(key),
                        message=f"Same natural key as record {previous[0]} with different content.",
                    )
                )
            continue
        seen[(label.lower(), key)] = (index, fields)
        records.append(record)
    return records, problems


def _check_fields(record: Record) -> list[Problem]:
    model, fields = record.model, record.fields
    problems = []
    key_text = _key_text(record.key)

    def problem(name, message):
        problems.append(Problem(record.index, record.label, key_text, name, message))

    if any(part in (None, "") for part in record.key):
        problem("", "The record's natural key is incomplete.")
        return problems
    values = {}
    for name, value in fields.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            problem(name, "Unknown field.")
            continue
        if model_field.auto_created or not model_field.concrete and not model_field.many_to_many:
            problem(name, "Unknown field.")
            continue
        if model_field.many_to_many:
            if not isinstance(value, list) or any(_as_key(item) is None for item in value):
                problem(name, "Expected a list of natural keys.")
            continue
        if model_field.is_relation:
            if value is not None and _as_key(value) is None:
                problem(name, "Expected a natural key (numeric ids are not accepted).")
            continue
        if isinstance(value, (dict, list)):
            problem(name, f"Expected a single value, found a JSON {type(value).__name__}.")
            continue
        try:
            cleaned = model_field.to_python(value)
            if cleaned in model_field.empty_values:
                if not model_field.null and not model_field.blank:
                    raise ValidationError(model_field.error_messages["blank"])
            else:
                model_field.run_validators(cleaned)
                if model_field.choices:
                    model_field.validate(cleaned, None)
        except ValidationError as error:
            problem(name, f"{' '.join(error.messages)} (value: {str(value)[:80]!r})")
            continue
        values[name] = cleaned
    if not problems:
        instance = model(**values)
        try:
            instance.clean_fields(
                exclude=[f.name for f in model._meta.fields if f.is_relation or f.name not in values]
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                problem(name, " ".join(messages))
            return problems
        # Cross-field rules that need no other row (ranges); rules about references wait for phase two.
        try:
            instance.clean()
        except ValidationError as error:
            relations = {f.name for f in model._meta.fields if f.is_relation}
            for name, messages in error.message_dict.items():
                if name in values and name not in relations:
                    problem(name, " ".join(messages))
    return problems


# --- Writing ----------------------------------------------------------------------------------------


def _resolve(model, key: tuple):
    return model._default_manager.get_by_natural_key(*key)


def _comparable(instance, names) -> dict:
    return {name: instance._meta.get_field(name).value_from_object(instance) for name in names}


def _write(records: list[Record], result: ImportResult) -> None:
    by_model = defaultdict(list)
    for record in records:
        by_model[record.model].append(record)
    paths_in_file: dict[int, set[str]] = {}
    step_keys = {(r.key[:-1], r.key[-1]) for r in by_model.get(Step, [])}

    for model in CONTENT_MODELS:
        deferred = []
        for record in by_model.get(model, []):
            instance = _save_record(record, result, deferred)
            if instance is not None and model is RecognitionPath:
                paths_in_file[instance.pk] = {
                    slug for (path_key, slug) in step_keys if path_key == record.key
                }
        for record, instance, name, key in deferred:
            try:
                target = _resolve(model, key)
            except ObjectDoesNotExist:
                result.problems.append(
                    Problem(
                        record.index,
                        record.label,
                        _key_text(record.key),
                        name,
                        f"{_key_text(key)} does not exist.",
                    )
                )
                continue
            if getattr(instance, f"{name}_id") != target.pk:
                setattr(instance, name, target)
                instance.save(update_fields=[name])

    # A path in the file keeps exactly the file's steps, so its totals stay right.
    for path_id, slugs in paths_in_file.items():
        stale = Step.objects.filter(path_id=path_id).exclude(slug__in=slugs)
        count = stale.count()
        if count:
            for step in stale:
                step.delete()
            result.removed[Step._meta.label] += count


def _save_record(record: Record, result: ImportResult, deferred: list):
    model, fields = record.model, record.fields
    key_text = _key_text(record.key)
    try:
        instance = _resolve(model, record.key)
        existing = True
    except ObjectDoesNotExist:
        instance, existing = model(), False
    except ValidationError:
        instance, existing = model(), False

    plain, translated, m2m = {}, {}, {}
    for name, value in fields.items():
        model_field = model._meta.get_field(name)
        if model_field.many_to_many:
            m2m[model_field] = value
        elif model_field.is_relation:
            plain[name] = (model_field, value)
        elif isinstance(model_field, TranslationField):
            # Set after the untranslated column, which writes the active (default) language's one.
            translated[name] = value
        else:
            plain[name] = (model_field, value)

    before = (
        _comparable(instance, [name for name in fields if not model._meta.get_field(name).many_to_many])
        if existing
        else None
    )
    problems_before = len(result.problems)
    for name, (model_field, value) in plain.items():
        if model_field.is_relation:
            key = _as_key(value) if value is not None else None
            if key is None:
                setattr(instance, name, None)
            elif model_field.remote_field.model is model:
                deferred.append((record, instance, name, key))
            else:
                try:
                    setattr(instance, name, _resolve(model_field.remote_field.model, key))
                except ObjectDoesNotExist:
                    result.problems.append(
                        Problem(
                            record.index,
                            record.label,
                            key_text,
                            name,
                            f"{_key_text(key)} does not exist in the file or the database.",
                        )
                    )
        else:
            setattr(instance, name, model_field.to_python(value))
    for name, value in translated.items():
        setattr(instance, name, model._meta.get_field(name).to_python(value))
    if len(result.problems) > problems_before:
        return None

    m2m_targets = {}
    for model_field, keys in m2m.items():
        targets = []
        for key in keys:
            try:
                targets.append(_resolve(model_field.remote_field.model, _as_key(key)))
            except ObjectDoesNotExist:
                result.problems.append(
                    Problem(
                        record.index,
                        record.label,
                        key_text,
                        model_field.name,
                        f"{_key_text(_as_key(key))} does not exist in the file or the database.",
                    )
                )
        m2m_targets[model_field] = targets
    if len(result.problems) > problems_before:
        return None

    try:
        instance.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            result.problems.append(Problem(record.index, record.label, key_text, name, " ".join(messages)))
        return None

    label = record.label
    m2m_changed = False
    if existing:
        for model_field, targets in m2m_targets.items():
            current = set(getattr(instance, model_field.name).values_list("pk", flat=True))
            if current != {target.pk for target in targets}:
                m2m_changed = True
        after = _comparable(instance, list(before))
        if before == after and not m2m_changed:
            result.unchanged[label] += 1
            return instance
    instance.save()
    for model_field, targets in m2m_targets.items():
        getattr(instance, model_field.name).set(targets)
    (result.updated if existing else result.created)[label] += 1
    return instance


class _Rollback(Exception):
    pass


def import_fixture(data: bytes, *, dry_run: bool = False, max_bytes: int | None = None) -> ImportResult:
    """Validate and import a fixture's bytes. Nothing is written when there is any problem or on a dry run."""
    result = ImportResult()
    raw, problems = parse_fixture(data, max_bytes=max_bytes)
    if problems:
        result.problems = problems
        return result
    records, problems = check_records(raw)
    if problems:
        result.problems = problems
        return result
    try:
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            _write(records, result)
            if result.problems or dry_run:
                raise _Rollback
    except _Rollback:
        return result
    result.written = True
    # Saves already bump the data version through signals; rows removed or left unchanged still mean
    # published pages must be rebuilt, so say it once more explicitly.
    bump_data_version_on_commit()
    return result
