"""Change notes, their feeds and the dated events' calendars (issue: what changed)."""

import datetime
import json
import xml.etree.ElementTree as ET
from http import HTTPStatus
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import feedparser
import icalendar
import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from guides.changes.models import ChangeNote, DatedEvent
from guides.changes.notes import record_change
from guides.curation.publishable import save_with_reason
from guides.models import Barrier, Status
from tests.factories import make_barrier, make_country, make_path, make_source, make_step, make_topic

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TODAY = datetime.date(2026, 6, 3)


def publish_url(obj):
    return reverse(f"admin:guides_{obj._meta.model_name}_publish_with_note", args=[obj.pk])


def note(item, text="Threshold lowered", **kwargs):
    return record_change(item, note_en=text, note_ru=f"{text} (ru)", material=True, **kwargs)


def israel():
    country = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    exempt = make_path(
        country=country, slug="experienced-exemption", name="Exemption", kind="supervised_practice"
    )
    exam = make_path(country=country, slug="licensing-exam", name="Licensing exam")
    return country, exempt, exam


# --- The note on publishing ------------------------------------------------------------------------


def test_change_form_asks_for_the_note_and_says_when_it_is_required(reviewer_client):
    barrier = make_barrier(status=Status.DRAFT)
    page = reviewer_client.get(reverse("admin:guides_barrier_change", args=[barrier.pk])).content.decode()
    assert 'name="change_note_en"' in page and 'name="change_note_ru"' in page
    assert 'name="change_material"' in page
    assert "needs its public note in both languages" in page
    assert publish_url(barrier) in page  # the Publish button opens the note form


def test_a_read_only_view_of_a_published_item_asks_for_no_note(editor, reviewer):
    _country, exempt, _exam = israel()
    url = reverse("admin:guides_recognitionpath_change", args=[exempt.pk])
    editor_client, reviewer_client = Client(), Client()
    editor_client.force_login(editor)
    reviewer_client.force_login(reviewer)
    read_only = editor_client.get(url).content.decode()
    assert "Create draft revision" in read_only  # the Editor changes it through a revision
    assert "Change note en" not in read_only and "Change material" not in read_only
    assert 'name="change_note_en"' in reviewer_client.get(url).content.decode()


def test_material_publish_without_a_note_is_refused(reviewer_client):
    barrier = make_barrier(status=Status.DRAFT)
    response = reviewer_client.post(
        publish_url(barrier), {"change_material": "on", "change_note_en": "Lowered"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "needs its note in both languages" in response.content.decode()
    barrier.refresh_from_db()
    assert barrier.status == Status.DRAFT
    assert not ChangeNote.objects.exists()


def test_material_publish_with_notes_records_them(reviewer_client):
    barrier = make_barrier(status=Status.DRAFT)
    response = reviewer_client.post(
        publish_url(barrier),
        {"change_material": "on", "change_note_en": "Now stricter", "change_note_ru": "Теперь строже"},
    )
    assert response.status_code == HTTPStatus.FOUND
    barrier.refresh_from_db()
    assert barrier.status == Status.PUBLISHED
    recorded = ChangeNote.objects.get()
    assert (recorded.note_en, recorded.note_ru, recorded.material) == ("Now stricter", "Теперь строже", True)
    assert recorded.first_publication
    assert list(recorded.countries.values_list("iso2", flat=True)) == ["de"]


def test_save_and_publish_with_a_material_change_needs_the_note(reviewer_client):
    barrier = make_barrier(status=Status.DRAFT)
    url = reverse("admin:guides_barrier_change", args=[barrier.pk])
    data = {
        "country": barrier.country.pk,
        "slug": barrier.slug,
        "category": "language",
        "severity": 4,
        "title_en": "Language",
        "confidence": "medium",
        "change_material": "on",
        "_publish": "Save and publish",
    }
    response = reviewer_client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "needs its note in both languages" in response.content.decode()
    response = reviewer_client.post(url, {**data, "change_note_en": "Harder", "change_note_ru": "Сложнее"})
    assert response.status_code == HTTPStatus.FOUND
    assert Barrier.objects.get().status == Status.PUBLISHED
    assert ChangeNote.objects.get().note_en == "Harder"  # one note, not one more for the publication


def test_publishing_many_at_once_records_each_change_without_a_note(reviewer_client, editor):
    from guides.curation.revisions import create_revision

    draft = make_barrier(status=Status.DRAFT)
    live = make_path(country=draft.country)
    make_step(path=live)
    live.sources.add(make_source())
    revision = create_revision(live, editor)
    make_step(path=revision, slug="new-step", title="New step")
    for model, pk in ((Barrier, draft.pk), (type(live), revision.pk)):
        url = reverse(f"admin:guides_{model._meta.model_name}_changelist")
        reviewer_client.post(url, {"action": "publish", "_selected_action": [pk]})
    notes = {n.item_model: n for n in ChangeNote.objects.all()}
    assert not any(n.material for n in notes.values())
    assert notes["guides.barrier"].first_publication
    assert notes["guides.recognitionpath"].changed_fields == ["steps"]
    from guides.changes.notes import field_labels

    assert field_labels(notes["guides.recognitionpath"]) == ["steps"]


def test_the_changed_fields_come_from_the_history(reviewer):
    _country, exempt, _exam = israel()
    exempt.min_years_practice = 14
    save_with_reason(exempt, reviewer, "Published")
    exempt.min_years_practice = 10
    save_with_reason(exempt, reviewer, "Published")
    recorded = note(exempt)
    assert recorded.changed_fields == ["min_years_practice"]
    assert not recorded.first_publication


def test_a_draft_change_records_nothing(reviewer):
    barrier = make_barrier(status=Status.DRAFT)
    assert note(barrier) is None


def test_notes_are_sanitised_plain_text(client):
    country, exempt, _exam = israel()
    recorded = record_change(
        exempt,
        note_en='<script>alert("x")</script>Threshold <b>lowered</b>\n to  10',
        note_ru="<img src=x onerror=alert(1)>Порог снижен",
        material=True,
    )
    assert recorded.note_en == "Threshold lowered to 10"
    assert recorded.note_ru == "Порог снижен"
    page = client.get(country.get_absolute_url()).content.decode()
    assert "Threshold lowered to 10" in page
    assert "<script>alert" not in page and "onerror" not in page


# --- Pages ----------------------------------------------------------------------------------------


def test_country_page_shows_the_note_with_its_date_and_a_feed_link(client):
    country, exempt, _exam = israel()
    with time_machine.travel(datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)):
        recorded = note(exempt)
    page = client.get(country.get_absolute_url()).content.decode()
    assert 'datetime="2026-06-03"' in page and "Threshold lowered" in page
    assert f'id="{recorded.anchor}"' in page
    feed = reverse("guides:destination-feed", args=["il"])
    assert '<link rel="alternate" type="application/atom+xml"' in page and f'href="{feed}"' in page


def test_non_material_notes_stay_off_public_pages(client):
    country, exempt, _exam = israel()
    record_change(exempt, note_en="Typo", material=False)
    assert "Typo" not in client.get(country.get_absolute_url()).content.decode()
    assert "Typo" not in client.get(reverse("guides:change-list")).content.decode()
    assert "Typo" in client.get("/data/changes.json").content.decode()


def test_change_list_filters_by_country_region_and_topic(client):
    _il, exempt, _exam = israel()
    note(exempt, "Israel change")
    note(make_barrier(), "Germany change")
    guide_topic = make_topic()
    from tests.factories import make_guide

    guide = make_guide()
    guide.topics.add(guide_topic)
    note(guide, "Guide change")
    url = reverse("guides:change-list")
    assert "Israel change" in client.get(url, {"country": "il"}).content.decode()
    assert "Germany change" not in client.get(url, {"country": "il"}).content.decode()
    assert "Germany change" in client.get(url, {"region": "eu"}).content.decode()
    by_topic = client.get(url, {"topic": "documents"}).content.decode()
    assert "Guide change" in by_topic and "Israel change" not in by_topic


def test_change_list_htmx_gets_the_fragment_and_junk_never_fails(client):
    _il, exempt, _exam = israel()
    note(exempt)
    url = reverse("guides:change-list")
    response = client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in response.content.decode() and 'id="change-results"' in response.content.decode()
    assert "HX-Request" in response["Vary"]
    for junk in ({"page": "abc"}, {"country": "zz"}, {"region": "moon"}, {"topic": "<x>"}):
        response = client.get(url, junk)
        assert response.status_code == HTTPStatus.OK
    assert "Threshold lowered" in client.get(url, {"country": "zz"}).content.decode()


# --- Feeds ----------------------------------------------------------------------------------------


def parse_atom(response):
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    feed_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert feed_author or entry.find(f"{ATOM}author") is not None
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_feeds_parse_as_atom_with_the_required_elements(client, prefix):
    country, exempt, _exam = israel()
    note(exempt)
    for url in (
        "/changes/feed/",
        "/destinations/il/feed/",
        "/changes/feed/?c=il&path=il:experienced-exemption",
    ):
        parsed = parse_atom(client.get(prefix + url))
        assert len(parsed.entries) == 1
        entry = parsed.entries[0]
        assert entry.link.startswith(f"http://testserver{prefix}/destinations/il/#change-")
        assert "tag:" in entry.id
    parsed = parse_atom(client.get(prefix + "/changes/feed/"))
    assert ("(ru)" in parsed.entries[0].title) == (prefix == "/ru")


def test_feed_links_carry_no_tracking_parameters(client):
    _il, exempt, _exam = israel()
    note(exempt)
    root = ET.fromstring(client.get("/changes/feed/").content)
    for link in root.iter(f"{ATOM}link"):
        query = parse_qs(urlsplit(link.get("href")).query)
        assert not [name for name in query if name.startswith("utm_") or name in {"ref", "source"}]


def test_topic_feed_and_unknown_selection(client):
    topic = make_topic()
    from tests.factories import make_guide

    guide = make_guide()
    guide.topics.add(topic)
    note(guide, "About documents")
    parsed = parse_atom(client.get("/changes/feed/", {"topic": "documents"}))
    assert [e.title for e in parsed.entries] == ["A guide: About documents"]
    assert client.get("/changes/feed/", {"topic": "nothing"}).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/destinations/zz/feed/").status_code == HTTPStatus.NOT_FOUND


def test_plan_feed_covers_exactly_the_plans_destinations_and_paths(client):
    country, exempt, exam = israel()
    germany_path = make_path()
    note(exempt, "On the plan's path")
    note(exam, "On another Israeli path")
    note(make_barrier(country=country, slug="jobs", title="Jobs"), "Israel as a whole")
    note(make_barrier(country=country, slug="exam-fee", title="Fee", path=exam), "Barrier of the other path")
    note(germany_path, "Germany")
    parsed = parse_atom(client.get("/changes/feed/?c=il&path=il:experienced-exemption"))
    assert sorted(e.title.rsplit(": ", 1)[1] for e in parsed.entries) == [
        "Israel as a whole",
        "On the plan's path",
    ]


def test_plan_page_links_its_own_feed_and_calendar(client):
    country, exempt, _exam = israel()
    make_step(path=exempt, months_min=6, months_max=6)
    response = client.get(reverse("guides:plan-destination", args=["il"]), {"years": "12"})
    page = response.content.decode()
    assert "/changes/feed/?c=il&amp;path=il%3Aexperienced-exemption" in page
    assert "/changes/dates.ics?c=il&amp;path=il%3Aexperienced-exemption" in page


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # each write commits, as in a request
def test_feeds_are_cached_like_pages(client, settings, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    _il, exempt, _exam = israel()
    note(exempt)
    first = client.get("/changes/feed/")
    with django_assert_num_queries(0):
        second = client.get("/changes/feed/")
    assert second.content == first.content
    note(exempt, "A second change")  # a write bumps the data version: the feed is rebuilt
    assert b"A second change" in client.get("/changes/feed/").content


# --- Dated events and calendars -------------------------------------------------------------------


def make_event(**overrides):
    fields = {"slug": "exam-autumn", "kind": "exam_session", "title": "Licensing exam", "starts_on": TODAY}
    fields.update(overrides)
    return DatedEvent.objects.create(**fields)


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_country_page_shows_the_next_dates_and_past_ones_drop_off(client):
    country, exempt, exam = israel()
    make_event(country=country, path=exam, starts_on=datetime.date(2026, 6, 10))
    make_event(country=country, slug="old-session", title="Old session", starts_on=datetime.date(2026, 3, 1))
    page = client.get(country.get_absolute_url()).content.decode()
    assert "Licensing exam" in page and 'datetime="2026-06-10"' in page
    assert "Old session" not in page
    assert reverse("guides:event-ics", args=["il", "exam-autumn"]) in page


@time_machine.travel(datetime.datetime(2026, 5, 1, 12, tzinfo=datetime.UTC))
def test_an_event_and_a_plan_import_as_icalendar(client):
    country, exempt, exam = israel()
    make_event(
        country=country, path=exam, starts_on=datetime.date(2026, 6, 10), detail="Register, by post; early"
    )
    make_event(
        country=country,
        path=exempt,
        slug="rule",
        kind="rule_change",
        title="Ten-year threshold " * 6,
        starts_on=datetime.date(2026, 7, 1),
        ends_on=datetime.date(2026, 7, 2),
    )
    make_event(country=country, slug="past", title="Past", starts_on=datetime.date(2026, 1, 1))
    response = client.get(reverse("guides:event-ics", args=["il", "exam-autumn"]))
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(2026, 6, 10)
    assert event.decoded("DTEND") == datetime.date(2026, 6, 11)
    assert str(event["DESCRIPTION"]).startswith("Register, by post; early")
    assert all(len(line.encode()) <= 75 for line in response.content.decode().split("\r\n"))

    response = client.get("/changes/dates.ics?c=il&path=il:experienced-exemption")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events] == [datetime.date(2026, 7, 1)]
    assert events[0].decoded("DTEND") == datetime.date(2026, 7, 3)


def test_an_event_of_a_draft_path_is_not_public(client):
    country, exempt, _exam = israel()
    draft = make_path(country=country, slug="draft", status=Status.DRAFT)
    make_event(country=country, path=draft, starts_on=datetime.date(2099, 1, 1))
    assert (
        client.get(reverse("guides:event-ics", args=["il", "exam-autumn"])).status_code
        == HTTPStatus.NOT_FOUND
    )


# --- For partners ---------------------------------------------------------------------------------


def test_changes_json_gives_what_changed_since_a_date(client):
    _il, exempt, exam = israel()
    note(exempt, "Old", day=datetime.date(2026, 1, 5))
    note(exam, "New", day=datetime.date(2026, 6, 3))
    body = json.loads(client.get("/data/changes.json", {"since": "2026-06-01"}).content)
    assert body["since"] == "2026-06-01"
    assert [c["note"]["en"] for c in body["changes"]] == ["New"]
    change = body["changes"][0]
    assert change["item"] == {"model": "guides.recognitionpath", "natural_key": ["il", "licensing-exam"]}
    assert change["countries"] == ["il"] and change["date"] == "2026-06-03"
    assert change["note"]["ru"] == "New (ru)"
    everything = json.loads(client.get("/data/changes.json").content)
    assert everything["count"] == 2
    bad = client.get("/data/changes.json", {"since": "June"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST


def test_export_fixtures_since_gives_only_what_changed(reviewer):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 12, tzinfo=datetime.UTC)):
        source = make_source()
        country, exempt, exam = israel()
        exempt.sources.add(source)
    with time_machine.travel(datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)):
        exempt.min_years_practice = 10
        save_with_reason(exempt, reviewer, "Published")
        note(exempt)
    out = StringIO()
    call_command("export_fixtures", "--since", "2026-06-01", "--output", "-", stdout=out, verbosity=0)
    records = json.loads(out.getvalue())
    assert sorted((r["model"], r["fields"].get("slug") or r["fields"].get("key")) for r in records) == [
        ("guides.changenote", ChangeNote.objects.get().key),
        ("guides.recognitionpath", "experienced-exemption"),
    ]


# --- Admin pages of the notes and the events ------------------------------------------------------


def test_admin_pages_of_notes_and_events(admin_client):
    country, exempt, exam = israel()
    recorded = note(exempt)
    event = make_event(country=country, path=exam)
    for obj in (recorded, event):
        name = obj._meta.model_name
        assert admin_client.get(reverse(f"admin:guides_{name}_changelist")).status_code == HTTPStatus.OK
        assert (
            admin_client.get(reverse(f"admin:guides_{name}_changelist"), {"q": "a"}).status_code
            == HTTPStatus.OK
        )
        assert admin_client.get(reverse(f"admin:guides_{name}_add")).status_code == HTTPStatus.OK
        assert (
            admin_client.get(reverse(f"admin:guides_{name}_change", args=[obj.pk])).status_code
            == HTTPStatus.OK
        )


def test_an_event_is_checked_against_its_path(client):
    from django.core.exceptions import ValidationError

    country, exempt, _exam = israel()
    other = make_path(country=make_country(iso2="rs", name="Serbia"), slug="nostrification")
    event = DatedEvent(country=country, path=other, slug="x", kind="other", title="X", starts_on=TODAY)
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "path" in error.value.message_dict
    event = DatedEvent(
        country=country,
        slug="y",
        kind="other",
        title="Y",
        starts_on=TODAY,
        ends_on=TODAY - datetime.timedelta(1),
    )
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "ends_on" in error.value.message_dict
