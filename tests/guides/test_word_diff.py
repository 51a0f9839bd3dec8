"""The diff marks the changed words, not whole paragraphs: in a revision's diff and in the history."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from guides.curation.revisions import create_revision
from guides.curation.worddiff import mark_words
from tests.factories import make_country, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new", "marked_old", "marked_new"),
    [
        (
            "Doctors with 14 years of practice are exempt.",
            "Doctors with 10 years of practice are exempt.",
            "Doctors with <del>14</del> years of practice are exempt.",
            "Doctors with <ins>10</ins> years of practice are exempt.",
        ),
        (
            "Экзамен обязателен.",
            "Экзамен не обязателен.",
            "Экзамен обязателен.",
            "Экзамен<ins> не</ins> обязателен.",
        ),
        ("3.0", "8.0", "<del>3.0</del>", "<ins>8.0</ins>"),
        ("1,200 EUR", "1,500 EUR", "<del>1,200</del> EUR", "<ins>1,500</ins> EUR"),
        ("—", "New text", "<del>—</del>", "<ins>New text</ins>"),
        (
            "<b>bold</b> claim",
            "<b>bold</b> claims",
            "&lt;b&gt;bold&lt;/b&gt; <del>claim</del>",
            "&lt;b&gt;bold&lt;/b&gt; <ins>claims</ins>",
        ),
    ],
)
def test_mark_words(old, new, marked_old, marked_new):
    assert mark_words(old, new) == (marked_old, marked_new)


def test_a_long_unchanged_run_is_shortened_around_the_change():
    before = " ".join(f"word{n}" for n in range(200))
    after = before.replace("word100", "changed")
    old, new = mark_words(before, after)
    assert "<del>word100</del>" in old and "<ins>changed</ins>" in new
    assert "word0 " not in new and "word199" not in new and new.count("…") == 2
    assert "word92 " in new and "word108" in new  # a few words of context either side


def test_the_revision_diff_marks_only_the_changed_words(editor_client, editor):
    israel = make_country(iso2="il", name="Israel", region="middle_east")
    live = make_path(
        country=israel,
        slug="exemption",
        summary="Doctors with 14 years of practice abroad are exempt from the licensing exam.",
    )
    live.sources.add(make_source())
    make_step(path=live)
    revision = create_revision(live, editor)
    revision.summary_en = "Doctors with 10 years of practice abroad are exempt from the licensing exam."
    revision.save()
    page = editor_client.get(reverse("admin:guides_recognitionpath_change", args=[revision.pk]))
    assert page.status_code == HTTPStatus.OK
    content = page.content.decode()
    assert "Doctors with <del>14</del> years of practice abroad" in content
    assert "Doctors with <ins>10</ins> years of practice abroad" in content


def test_the_history_marks_the_changed_words(reviewer_client):
    path = make_path(summary="The exam is held twice a year.")
    path.summary_en = "The exam is held four times a year."
    path.save()
    page = reviewer_client.get(reverse("admin:guides_recognitionpath_history", args=[path.pk]))
    content = page.content.decode()
    assert 'class="history-changes"' in content
    assert "The exam is held <del>twice</del> a year." in content
    assert "The exam is held <ins>four times</ins> a year." in content
