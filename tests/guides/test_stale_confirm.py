"""The stale list's bulk "still correct": a Reviewer ticks several stale items in the inbox and confirms
them at once; each records who confirmed and when (its history and its review history)."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from guides.curation.models import ReviewEvent
from guides.models import RecognitionPath, Step
from tests.factories import make_country, make_path, make_step

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.date(2024, 1, 1)
TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def stale():
    country = make_country(iso2="rs", name="Serbia", region="europe_other")
    paths = [
        make_path(country=country, slug=f"route-{n}", name=f"Route {n}", last_reviewed=LONG_AGO)
        for n in (1, 2, 3)
    ]
    step = make_step(path=paths[0], slug="apply", title="Apply", last_reviewed=LONG_AGO)
    return paths, step


def stale_form(page: str, model: str) -> tuple[str, dict]:
    """The inbox's "still correct" form for ``model``: its address and the fields it posts."""
    forms = re.findall(r'<form method="post" action="([^"]+)" class="confirm-stale">(.*?)</form>', page, re.S)
    action, body = next((a, b) for a, b in forms if f"/{model}/" in a)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    return action.replace("&amp;", "&"), fields


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_a_reviewer_confirms_several_stale_items_at_once_from_the_inbox(stale, reviewer_client, reviewer):
    (first, second, third), step = stale
    page = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "Still correct: mark the selected reviewed today" in page
    assert 'aria-label="Still correct: Serbia: Route 1"' in page
    action, fields = stale_form(page, "recognitionpath")
    answer = reviewer_client.post(action, {**fields, "_selected_action": [first.pk, second.pk]}, follow=True)
    assert "2 items marked reviewed today." in answer.content.decode()
    dates = dict(RecognitionPath.objects.values_list("slug", "last_reviewed"))
    assert dates == {"route-1": TODAY, "route-2": TODAY, "route-3": LONG_AGO}
    record = first.history.get(history_change_reason="Marked reviewed")
    assert (record.history_user, record.history_date.date()) == (reviewer, TODAY)
    [event] = ReviewEvent.objects.for_item(first)
    assert (event.action, event.user, event.created_at.date()) == ("confirmed", reviewer, TODAY)
    change = reviewer_client.get(
        reverse("admin:guides_recognitionpath_change", args=[first.pk])
    ).content.decode()
    assert "Confirmed still correct" in change

    # Steps are in the stale list too, and confirmed the same way.
    action, fields = stale_form(page, "step")
    reviewer_client.post(action, {**fields, "_selected_action": [step.pk]})
    assert Step.objects.get(pk=step.pk).last_reviewed == TODAY


def test_an_editor_is_not_offered_to_confirm_published_items(stale, editor_client):
    page = editor_client.get(reverse("admin:index")).content.decode()
    assert "Serbia: Route 1" in page  # the stale list is shown
    assert "confirm-stale" not in page


def test_the_russian_inbox_offers_still_correct_in_russian(stale, reviewer_client):
    reviewer_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    page = reviewer_client.get(reverse("admin:index")).content.decode()
    assert "Всё ещё верно: отметить выбранное как проверенное сегодня" in page
    assert (
        'aria-label="Всё ещё верно: Сербия: Route 1"' in page
        or 'aria-label="Всё ещё верно: Serbia: Route 1"' in page
    )


@time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False)
def test_confirming_from_the_front_page_comes_back_to_it_for_the_other_kinds(stale, reviewer_client):
    (first, _second, _third), step = stale
    page = reviewer_client.get(reverse("admin:index")).content.decode()
    action, fields = stale_form(page, "recognitionpath")
    assert fields["from"] == "needs-attention"
    answer = reviewer_client.post(action, {**fields, "_selected_action": [first.pk]})
    assert answer.status_code == 302 and answer.url == reverse("admin:index")
    page = reviewer_client.get(answer.url).content.decode()
    assert "1 item marked reviewed today." in page
    assert 'aria-label="Still correct: Serbia: Route 1"' not in page
    assert 'aria-label="Still correct: Serbia: Route 1: Apply"' in page  # the step still waits
    # The changelist's own action still answers on the changelist.
    changelist = reverse("admin:guides_step_changelist")
    answer = reviewer_client.post(
        changelist, {"action": "mark_reviewed_today", "index": 0, "_selected_action": [step.pk]}
    )
    assert answer.status_code == 302 and answer.url == changelist
    assert Step.objects.get(pk=step.pk).last_reviewed == TODAY
