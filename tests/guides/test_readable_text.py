"""Words stay apart where the markup puts two elements side by side.

The country page is rendered inside ``{% spaceless %}``, which removes the whitespace between tags: a
space meant for the reader must sit inside an element (or be written as ``&#32;``), or a total runs into
its note ("at least 2 months(partial: …)") and a source's title into its translation.
"""

import re
from decimal import Decimal as D
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_country, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


def reader_text(html: str) -> str:
    """The text a browser shows: tags removed without adding spaces, whitespace collapsed."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", main)))


@pytest.mark.parametrize(
    ("language", "total", "note"),
    [("en", "at least 2 months", "(partial:"), ("ru", "минимум 2 месяца", "(частично:")],
)
def test_a_total_and_a_source_title_read_as_separate_words(client, language, total, note):
    source = make_source(
        key="ge-law", title="Kanoni", title_translation="The law", language="ka", url="https://matsne.gov.ge/"
    )
    georgia = make_country(iso2="ge", name="Georgia")
    path = make_path(country=georgia, slug="recognition", is_standard=True)
    make_step(path=path, slug="express", months_min=D(2), months_max=D(2)).sources.add(source)
    make_step(path=path, slug="certificate")
    with translation.override(language):
        url = reverse("guides:destination-detail", args=["ge"])
    text = reader_text(client.get(url).content.decode())
    assert f"{total} {note}" in text
    assert "Kanoni (The law)" in text


def test_a_source_date_note_is_shown_in_the_page_language(client):
    make_source(
        key="ka-law",
        title="Kanoni",
        date_note_en="undated; accessed 2026-12",
        date_note_ru="без даты; просмотрено 2026-12",
    )
    make_source(key="plain", title="Plain", date_note_en="2017")  # a bare year needs no translation
    with translation.override("ru"):
        russian = reader_text(client.get(reverse("guides:source-list")).content.decode())
    english = reader_text(client.get(reverse("guides:source-list")).content.decode())
    assert "без даты; просмотрено 2026-12" in russian and "undated" not in russian
    assert "undated; accessed 2026-12" in english
    assert "2017" in russian
