"""The data-gaps report (``manage.py data_gaps``) and what curators record beside the facts."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from guides.models import RecognitionPath
from tests.factories import (
    make_authority,
    make_barrier,
    make_country,
    make_currency,
    make_path,
    make_source,
    make_step,
)

pytestmark = pytest.mark.django_db


def build():
    source = make_source(key="rates")
    eur = make_currency(code="EUR", source=source)
    georgia = make_country(iso2="ge", name="Georgia")
    make_authority(country=georgia, slug="nceqe", url="https://eqe.ge/")
    make_authority(country=georgia, slug="agency", url="")
    standard = make_path(country=georgia, slug="standard", is_standard=True)
    make_step(path=standard, slug="a", months_min=1, months_max=1, cost_min=40, cost_max=40, currency=eur)
    make_step(
        path=standard, slug="b", curator_note="Searched matsne.gov.ge in Georgian and Russian: no term."
    )
    make_step(path=standard, slug="training", optional=True)  # optional steps are not counted
    serbia = make_country(iso2="rs", name="Serbia")
    done = make_path(country=serbia, slug="full", is_standard=True)
    make_step(path=done, slug="a", months_min=2, months_max=3, cost_min=1, cost_max=2, currency=eur)


def run(*args) -> str:
    out = io.StringIO()
    call_command("data_gaps", *args, stdout=out)
    return out.getvalue()


def test_the_report_counts_what_is_not_known_per_country():
    build()
    report = json.loads(run("--format", "json"))
    rows = {row["iso2"]: row for row in report["countries"]}
    assert rows["ge"] == {
        "iso2": "ge",
        "name": "Georgia",
        "standard_path": "standard",
        "time": "partial",
        "cost": "partial",
        "steps": 2,
        "steps_without_months": 1,
        "steps_without_cost": 1,
        "gaps_without_search_note": 0,  # step "b" says what was searched
        "low_confidence_without_reason": 0,
        "paths_without_language_level": 0,
        "authorities": 2,
        "authorities_without_url": 1,
        "stale_items": 5,  # never reviewed: the country, its path and its three steps
    }
    assert (rows["rs"]["time"], rows["rs"]["cost"]) == ("complete", "complete")
    totals = report["totals"]
    assert (totals["steps"], totals["steps_with_months"], totals["standard_time_complete"]) == (3, 2, 1)


def test_the_table_ends_with_the_totals_line_and_can_be_narrowed():
    build()
    text = run("--country", "GE")
    assert text.splitlines()[0].split()[:3] == ["cc", "standard", "path"]
    assert "rs" not in {
        line.split()[0] for line in text.splitlines()[1:] if line.strip() and not line.startswith("Totals")
    }
    assert (
        text.strip()
        .splitlines()[-1]
        .startswith("Totals: 1 countries; standard paths 1, complete in time 0 (0%)")
    )
    assert "with a months range 1 (50%)" in text


def test_a_gap_without_a_search_note_and_a_low_confidence_without_a_reason_are_counted():
    build()
    standard = RecognitionPath.objects.get(country__iso2="ge", slug="standard")
    make_step(path=standard, slug="c", months_min=1, months_max=2)  # no cost, and no note of the search
    make_step(path=standard, slug="d", confidence="low", confidence_reason_en="One agency's price list.")
    make_step(path=standard, slug="e", confidence="low", curator_note="Searched the ministry's site.")
    make_barrier(country=standard.country, slug="rumour", confidence="low")
    row = next(r for r in json.loads(run("--format", "json"))["countries"] if r["iso2"] == "ge")
    # "c" and "d" lack figures and say nothing of the search ("d"'s reason is not a search note);
    # "e" lacks them too but says what was searched.
    assert row["gaps_without_search_note"] == 2
    assert row["low_confidence_without_reason"] == 2  # step "e" and the barrier
    assert "gaps without a search note 2; low confidence without a reason 2" in run("--country", "ge")


def test_curator_notes_stay_off_public_pages(client):
    build()
    html = client.get(reverse("guides:destination-detail", args=["ge"])).content.decode()
    assert "matsne" not in html


def test_a_source_shows_its_title_in_the_page_language_beside_the_original(client):
    build()
    path = make_path(country=make_country(iso2="am", name="Armenia"), slug="p")
    source = make_source(
        key="am-law",
        title="Բժշկական օրենք",
        language="hy",
        title_translation_en="Law on medical care",
        title_translation_ru="Закон о медицинской помощи",
    )
    path.sources.add(source)
    make_step(path=path)
    english = client.get(reverse("guides:destination-detail", args=["am"])).content.decode()
    russian = client.get("/ru" + reverse("guides:destination-detail", args=["am"])).content.decode()
    assert 'lang="hy"' in english and "Բժշկական օրենք" in english and "(Law on medical care)" in english
    assert "(Закон о медицинской помощи)" in russian
