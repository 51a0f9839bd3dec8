"""Edit pages that fit a screen: what the item says first, sources and review last, steps folded."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_currency, make_path, make_step

pytestmark = pytest.mark.django_db


def change_page(client, path) -> str:
    return client.get(reverse("admin:guides_recognitionpath_change", args=[path.pk])).content.decode()


def field_order(content: str, *names: str) -> list[int]:
    return [content.index(f'name="{name}"') for name in names]


def test_a_path_edit_page_puts_country_and_name_first_and_review_fields_last(editor_client):
    path = make_path(status="draft")
    content = change_page(editor_client, path)
    country, name, confidence, sources = field_order(content, "country", "name_en", "confidence", "sources")
    assert country < name < confidence and name < sources
    assert "Sources and review" in content


def step_block(content: str, number: int) -> str:
    step = content[content.index(f'id="steps-{number}"') :]
    return step[: step.index('class="inline-related')]


def test_each_step_is_one_closed_line_with_title_months_and_cost(editor_client):
    path = make_path(status="draft")
    make_step(path=path, slug="apply", title="Apply for recognition", months_min=1, months_max=3, position=1)
    make_step(
        path=path,
        slug="exam",
        title="Pass the exam",
        months_min=2,
        cost_min=300,
        cost_max=300,
        currency=make_currency(),
        position=2,
    )
    content = change_page(editor_client, path)
    first, second = step_block(content, 0), step_block(content, 1)
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", first[: first.index("</summary>")]))
    assert "1. Apply for recognition · 1–3 months · unknown" in summary
    second_summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", second[: second.index("</summary>")]))
    assert "2. Pass the exam · at least 2 months · €300" in second_summary
    assert '<details class="step-details">' in first  # closed
    # Everything of the step is still in its form, inside the fold; detail and review fold once more.
    for name in ("steps-0-title_en", "steps-0-months_min", "steps-0-cost_min", "steps-0-detail_en"):
        assert f'name="{name}"' in first[first.index("</summary>") :]
    assert len(re.findall(r"<details", first)) == 3
    # A new step (the "Add another" template) opens at once.
    assert '<details class="step-details" open>' in content[content.index('id="steps-empty"') :]


def test_the_step_summary_is_in_russian_in_the_russian_admin(editor_client):
    path = make_path(status="draft")
    make_step(path=path, slug="apply", title="Apply", title_ru="Подать документы", months_min=1, months_max=3)
    editor_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    first = step_block(change_page(editor_client, path), 0)
    summary = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", first[: first.index("</summary>")]))
    assert "Подать документы · 1–3 месяца · неизвестно" in summary


def test_a_step_with_an_error_opens(editor_client):
    from tests.guides.test_review_notes import change_form_data

    path = make_path(status="draft")
    step = make_step(path=path, slug="apply", title="Apply", months_min=1, months_max=3)
    data = change_form_data(path, name_ru="", **{"steps-TOTAL_FORMS": 1, "steps-INITIAL_FORMS": 1})
    data.update(
        {
            "steps-0-id": step.pk,
            "steps-0-path": path.pk,
            "steps-0-slug": "apply",
            "steps-0-position": 1,
            "steps-0-title_en": "Apply",
            "steps-0-months_min": "9",
            "steps-0-months_max": "3",
            "steps-0-confidence": "medium",
        }
    )
    answer = editor_client.post(reverse("admin:guides_recognitionpath_change", args=[path.pk]), data)
    first = step_block(answer.content.decode(), 0)
    assert '<details class="step-details" open>' in first
    assert "errorlist" in first


def test_slugs_fill_from_the_english_name_on_a_new_path(editor_client):
    content = editor_client.get(reverse("admin:guides_recognitionpath_add")).content.decode()
    content = content.replace("&quot;", '"')
    assert "data-prepopulated-fields" in content
    assert '"#id_slug"' in content and '"#id_name_en"' in content
