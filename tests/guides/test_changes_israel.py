"""Done when: the Israel threshold change, published as a material change, reaches every place it should."""

import json
import re
from http import HTTPStatus
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from guides.changes.models import ChangeNote
from guides.curation.publishable import save_with_reason
from guides.curation.revisions import create_revision
from guides.models import RecognitionPath

pytestmark = pytest.mark.django_db

STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"
NOTE_EN = "Exemption threshold lowered from 14 to 10 years"
NOTE_RU = "Порог освобождения от экзамена снижен с 14 до 10 лет"


@pytest.fixture
def published_change(editor, reviewer, reviewer_client):
    """Israel's exemption path as it stood (14 years), then its revision to 10 years, published with a
    material note."""
    call_command("loaddata", str(STARTER), verbosity=0)
    live = RecognitionPath.objects.get(country__iso2="il", slug="experienced-exemption")
    live.min_years_practice = 14
    save_with_reason(live, reviewer, "Published")
    revision = create_revision(live, editor)
    revision.min_years_practice = 10
    save_with_reason(revision, editor, "Threshold from the Knesset Health Committee")
    url = reverse("admin:guides_recognitionpath_publish_with_note", args=[revision.pk])
    form = reviewer_client.get(url).content.decode()
    assert "Minimum years of practice" in form and "<del>14</del>" in form and "<ins>10</ins>" in form
    response = reviewer_client.post(
        url, {"change_material": "on", "change_note_en": NOTE_EN, "change_note_ru": NOTE_RU}
    )
    assert response.status_code == HTTPStatus.FOUND
    reviewer_client.logout()
    return ChangeNote.objects.get()


def feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "atom10"
    return [entry.title for entry in parsed.entries], parsed


def test_the_israel_threshold_change_reaches_the_page_the_list_the_feeds_and_the_open_data(
    client, published_change
):
    note = published_change
    assert note.changed_fields == ["min_years_practice"]
    assert note.material and list(note.countries.values_list("iso2", flat=True)) == ["il"]
    live = RecognitionPath.objects.get(country__iso2="il", slug="experienced-exemption")
    assert live.min_years_practice == 10 and note.path == live

    page = client.get("/destinations/il/").content.decode()
    assert "Changed on" in page and NOTE_EN in page
    assert NOTE_RU in client.get("/ru/destinations/il/").content.decode()
    assert NOTE_EN in client.get("/changes/").content.decode()
    assert NOTE_RU in client.get("/ru/changes/?country=il").content.decode()

    for prefix, text in (("", NOTE_EN), ("/ru", NOTE_RU)):
        for url in ("/changes/feed/", "/destinations/il/feed/"):
            titles, _parsed = feed_titles(client, prefix + url)
            assert any(text in title for title in titles), prefix + url

        # The plan of an experienced doctor with aliyah, as the plan page links it.
        plan_page = client.get(f"{prefix}/plan/il/", {"years": "12", "cond": "aliyah", "lang": "ru:native"})
        feed_href = re.search(r'href="([^"]*/changes/feed/\?[^"]+)"', plan_page.content.decode()).group(1)
        feed_href = feed_href.replace("&amp;", "&")
        assert "path=il%3Aexperienced-exemption" in feed_href
        titles, _parsed = feed_titles(client, feed_href)
        assert any(text in title for title in titles), feed_href

    body = json.loads(client.get("/data/changes.json", {"since": note.published_on.isoformat()}).content)
    (change,) = body["changes"]
    assert change["note"] == {"en": NOTE_EN, "ru": NOTE_RU}
    assert change["item"]["natural_key"] == ["il", "experienced-exemption"]
    assert change["changed_fields"] == ["min_years_practice"]
