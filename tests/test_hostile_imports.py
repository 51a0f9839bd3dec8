"""Hostile fixture files: each is refused whole, as listed problems, with the database byte-identical.

The corpus is generated from one valid export (``build_one_of_each``): every case breaks it in one way
an attacker, a fuzzer or an unlucky partner would. "Byte-identical" is checked on a full ``dumpdata``
of every app (users, sessions, history and all), before and after.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.exchange.importer import DEFAULT_MAX_BYTES, import_fixture
from guides.models import RecognitionPath
from tests.guides.test_models import build_one_of_each

pytestmark = pytest.mark.django_db


def export() -> list:
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def full_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def record(data, model):
    return next(r for r in data if r["model"] == model)


def encoded(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")


def changed(model: str, **fields):
    def build(data):
        record(data, model)["fields"].update(fields)
        return encoded(data)

    return build


def raw_value(model: str, name: str, literal: str):
    """Put a JSON literal the standard encoder would never write (Infinity, a huge integer...)."""

    def build(data):
        record(data, model)["fields"][name] = "@@VALUE@@"
        return encoded(data).replace(b'"@@VALUE@@"', literal.encode())

    return build


def path_key(data):
    fields = record(data, "guides.recognitionpath")["fields"]
    return [*fields["country"], fields["slug"]]


def self_revision(data):
    record(data, "guides.recognitionpath")["fields"]["revision_of"] = path_key(data)
    return encoded(data)


def cycle_revision(data):
    path = record(data, "guides.recognitionpath")
    twin = json.loads(json.dumps(path))
    twin["fields"].update(slug="other-route", is_standard=False, revision_of=path_key(data))
    path["fields"]["revision_of"] = [*path["fields"]["country"], "other-route"]
    data.append(twin)
    return encoded(data)


def chain_revision(data):
    path = record(data, "guides.recognitionpath")
    first = json.loads(json.dumps(path))
    first["fields"].update(slug="first-revision", is_standard=False, status="draft")
    first["fields"]["revision_of"] = path_key(data)
    second = json.loads(json.dumps(first))
    second["fields"].update(slug="second-revision")
    second["fields"]["revision_of"] = [*path["fields"]["country"], "first-revision"]
    data += [first, second]
    return encoded(data)


def duplicate_key(data):
    twin = json.loads(json.dumps(record(data, "guides.country")))
    twin["fields"]["name_en"] = "Other"
    data.append(twin)
    return encoded(data)


def published_path_without_steps(data):
    return encoded([r for r in data if r["model"] != "guides.step"])


def extra_record_key(data):
    record(data, "guides.country")["extra"] = True
    return encoded(data)


def numeric_pk(data):
    record(data, "guides.country")["pk"] = 1
    return encoded(data)


def bytes_of(content: bytes):
    return lambda data: content


HOSTILE = {
    # The cases the issue found.
    "200,000 nested brackets": bytes_of(b"[" * 200_000 + b"]" * 200_000),
    "Infinity in a number field": raw_value("guides.step", "months_min", "Infinity"),
    "NUL in a text field": changed("guides.country", summary_en="before\x00after"),
    "self revision": self_revision,
    "cycle of revisions": cycle_revision,
    # Non-finite and absurd numbers.
    "NaN in a number field": raw_value("guides.step", "months_min", "NaN"),
    "-Infinity in a cost": raw_value("guides.step", "cost_min", "-Infinity"),
    "integer of 5,000 digits": raw_value("guides.step", "position", "9" * 5000),
    "decimal with a huge exponent": raw_value("guides.step", "months_max", "1e999999"),
    "integer beyond 64 bits": raw_value("guides.barrier", "severity", str(2**70)),
    "negative cost": changed("guides.step", cost_min="-5"),
    "severity 99": changed("guides.barrier", severity=99),
    "minimum above maximum": changed("guides.step", months_min="14.0", months_max="8.0"),
    # Control characters and broken text.
    "bell character in a name": changed("guides.country", name_en="Ger\x07many"),
    "terminal escape in a slug": changed("guides.step", slug="apply\x1b[31m"),
    "lone surrogate in a title": changed("guides.guide", title_en="bad \ud800 text"),
    "C1 control in a summary": changed("guides.country", summary_en="x\x85y"),
    "NUL in a field name": changed("guides.country", **{"name\x00_en": "x"}),
    "invalid UTF-8": bytes_of(b'[{"model": "guides.country", "fields": {"name_en": "\xff\xfe"}}]'),
    "UTF-16 with a byte-order mark": lambda data: encoded(data).decode().encode("utf-16"),
    # Bad types.
    "boolean as a number": changed("guides.step", months_min=True),
    "number as text": changed("guides.country", name_en=42),
    "text as a boolean": changed("guides.country", russian_widely_spoken="yes"),
    "list in a single-value field": changed("guides.country", name_en=["a", "b"]),
    "object as a natural key": changed("guides.recognitionpath", country={"iso2": "de"}),
    "numbers as key parts": changed("guides.step", path=[1, 2]),
    "null in a required field": changed("guides.country", region=None),
    "null natural key": changed("guides.country", iso2=None),
    "many-to-many as one value": changed("guides.recognitionpath", sources="some-key"),
    # Bad references, dates, lengths, choices.
    "reference to nothing": changed("guides.recognitionpath", sources=[["no-such-source"]]),
    "impossible date": changed("guides.recognitionpath", last_reviewed="2024-13-45"),
    "date-time out of range": changed("guides.guide", published_at="9999-12-31T23:59:59-23:00"),
    "overlong slug": changed("guides.step", slug="a" * 300),
    "slug with spaces": changed("guides.step", slug="not a slug"),
    "bad choice": changed("guides.country", region="atlantis"),
    "a megabyte name": changed("guides.country", name_en="x" * 1_000_000),
    "javascript URL": changed("guides.source", url="javascript:alert(1)"),
    # Bad structure.
    "chain of revisions": chain_revision,
    "same key, different content": duplicate_key,
    "published path without steps": published_path_without_steps,
    "unknown record key": extra_record_key,
    "numeric id": numeric_pk,
    "unknown field": changed("guides.country", capital="Berlin"),
    "not a content model": bytes_of(b'[{"model": "auth.user", "fields": {"username": "x"}}]'),
    "model is a number": bytes_of(b'[{"model": 7, "fields": {}}]'),
    "fields is a list": bytes_of(b'[{"model": "guides.country", "fields": []}]'),
    "record is a string": bytes_of(b'["a string"]'),
    "top level is an object": bytes_of(b'{"model": "guides.country"}'),
    "truncated JSON": lambda data: encoded(data)[:-40],
    "garbage after the JSON": lambda data: encoded(data) + b"\n{}",
    "empty file": bytes_of(b""),
    "whitespace only": bytes_of(b" \n\t "),
}


@pytest.fixture
def valid():
    build_one_of_each()
    return export()


#: Hostile only to a direct import: through review the path arrives as a draft revision without steps,
#: which publishing then refuses.
DIRECT_ONLY = {"published path without steps"}


@pytest.mark.parametrize("mode", [[], ["--direct"]], ids=["through review", "direct"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_file_is_refused_whole_without_a_traceback(tmp_path, valid, case, mode):
    if case in DIRECT_ONLY and not mode:
        pytest.skip("not hostile through review")
    content = HOSTILE[case](json.loads(json.dumps(valid)))
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    before = full_dump()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported") as raised:
        call_command("import_fixtures", str(path), *mode, stdout=io.StringIO(), stderr=err)
    assert full_dump() == before
    assert "Traceback" not in err.getvalue() + str(raised.value)
    assert "Unexpected error" not in err.getvalue(), err.getvalue()
    problems = [line for line in err.getvalue().splitlines() if line.startswith(str(path))]
    assert problems, err.getvalue()
    assert all(line.isprintable() for line in problems)


def test_the_corpus_holds_the_issue_cases_and_twenty_more():
    assert len(HOSTILE) >= 5 + 20


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, valid):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(DEFAULT_MAX_BYTES + 1)
    before = full_dump()
    with pytest.raises(CommandError, match="the limit is"):
        call_command("import_fixtures", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert full_dump() == before


@pytest.mark.parametrize("build", [self_revision, cycle_revision], ids=["self", "cycle"])
def test_a_revision_of_itself_or_a_cycle_is_refused_before_anything_is_written(
    valid, build, django_assert_max_num_queries
):
    data = json.loads(json.dumps(valid))
    content = build(data)
    with django_assert_max_num_queries(0):
        result = import_fixture(content)
    assert not result.ok
    assert any(problem.field == "revision_of" for problem in result.problems)
    assert RecognitionPath.objects.filter(revision_of__isnull=False).count() == 0


def test_an_unforeseen_failure_is_a_problem_not_a_traceback(valid, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr("guides.exchange.importer.check_records", explode)
    result = import_fixture(encoded(valid))
    assert not result.ok and "Unexpected error (KeyError)" in result.problems[0].message
    assert "boom" in caplog.text


def test_the_valid_file_still_imports(valid):
    assert import_fixture(encoded(valid)).ok
    assert import_fixture(encoded(valid), direct=True).ok
