"""Edit pages that fit a screen: what the item says first, sources and review last, steps folded."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_path, make_step

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


def test_steps_show_title_months_and_cost_and_fold_the_rest(editor_client):
    path = make_path(status="draft")
    make_step(path=path, slug="apply", title="Apply for recognition", months_min=1, months_max=3)
    content = change_page(editor_client, path)
    step = content[content.index('id="steps-0"') :]
    step = step[: step.index('id="steps-empty"')] if 'id="steps-empty"' in step else step
    # Title, months and cost are in the open part; detail and the review fields sit in closed <details>.
    open_part = step[: step.index("<details")]
    for name in ("steps-0-title_en", "steps-0-months_min", "steps-0-cost_min"):
        assert f'name="{name}"' in open_part
    folded = re.findall(r"<details.*?</details>", step, flags=re.S)
    assert len(folded) == 2
    assert 'name="steps-0-detail_en"' in folded[0] and 'name="steps-0-sources"' in folded[1]
    assert all("<details open" not in part for part in folded)


def test_slugs_fill_from_the_english_name_on_a_new_path(editor_client):
    content = editor_client.get(reverse("admin:guides_recognitionpath_add")).content.decode()
    content = content.replace("&quot;", '"')
    assert "data-prepopulated-fields" in content
    assert '"#id_slug"' in content and '"#id_name_en"' in content
