import csv
import io
import json
from decimal import Decimal as D
from http import HTTPStatus

import pytest

from tests.factories import make_country, make_currency, make_path, make_source, make_step

pytestmark = pytest.mark.django_db

COLUMNS = [
    "country_code", "country_name", "region", "path", "path_name", "kind", "language", "level", "exam",
    "is_standard", "months_min", "months_max", "months_known", "months_unknown_steps", "cost_min_eur",
    "cost_max_eur", "cost_known", "cost_unknown_fees", "outcome", "confidence", "last_reviewed",
    "source_keys",
]  # fmt: skip


def test_csv_has_its_columns_and_one_row_per_published_path(client):
    source = make_source(key="de-bak")
    path = make_path(confidence="high")
    path.sources.add(source)
    make_step(
        path=path,
        months_min=4,
        months_max=6,
        cost_min=D("100.40"),
        cost_max=D("199.60"),
        currency=make_currency(source=source),
    )
    make_path(country=path.country, slug="draft", status="draft")
    response = client.get("/data/destinations.csv")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert list(rows[0]) == COLUMNS
    assert len(rows) == 1
    assert (rows[0]["country_code"], rows[0]["path"], rows[0]["exam"]) == ("de", "exam-route", "yes")
    # Months to one decimal, money to whole euros; how much is known, in its own columns.
    assert (rows[0]["months_min"], rows[0]["months_max"], rows[0]["months_known"]) == (
        "4.0",
        "6.0",
        "complete",
    )
    assert (rows[0]["cost_min_eur"], rows[0]["cost_max_eur"], rows[0]["cost_known"]) == (
        "100",
        "200",
        "complete",
    )
    assert (rows[0]["months_unknown_steps"], rows[0]["cost_unknown_fees"], rows[0]["is_standard"]) == (
        "0",
        "0",
        "no",
    )
    assert rows[0]["source_keys"] == "de-bak"
    assert not response.cookies


def test_csv_leaves_unknown_values_empty(client):
    make_step(path=make_path(exam_required=None, kind="document_review"))
    row = next(csv.DictReader(io.StringIO(client.get("/data/destinations.csv").content.decode())))
    assert (row["months_min"], row["months_max"], row["cost_min_eur"], row["exam"]) == ("", "", "", "")
    assert (row["months_known"], row["months_unknown_steps"], row["cost_known"]) == (
        "unknown",
        "1",
        "unknown",
    )


def test_csv_gives_a_partial_total_as_its_lower_bound_only(client):
    path = make_path()
    make_step(path=path, slug="a", months_min=D("2.5"), months_max=3)
    make_step(path=path, slug="b")
    row = next(csv.DictReader(io.StringIO(client.get("/data/destinations.csv").content.decode())))
    assert (row["months_min"], row["months_max"], row["months_known"], row["months_unknown_steps"]) == (
        "2.5",
        "",
        "partial",
        "1",
    )


def test_open_fixture_holds_published_items_only(client):
    path = make_path()
    make_path(country=path.country, slug="draft", status="draft")
    response = client.get("/data/starter.json")
    assert response.status_code == HTTPStatus.OK
    records = json.loads(response.content)
    slugs = [r["fields"]["slug"] for r in records if r["model"] == "guides.recognitionpath"]
    assert slugs == ["exam-route"]


@pytest.mark.parametrize(
    "name, cell",
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\tTab first", "'\tTab first"),
        ("\rReturn first", "'\rReturn first"),
        ("Plain name", "Plain name"),
        ("Name with = inside", "Name with = inside"),
    ],
)
def test_csv_escapes_cells_that_would_start_a_formula(client, name, cell):
    path = make_path(name=name)
    path.country.name = name
    path.country.save()
    make_step(path=path)
    response = client.get("/data/destinations.csv")
    content = (
        b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    )
    row = next(csv.DictReader(io.StringIO(content)))
    assert (row["path_name"], row["country_name"]) == (cell, cell)
    # Every cell is enclosed in double quotes, as OWASP's guidance says.
    assert content.splitlines()[0].startswith('"country_code","country_name"')


def test_csv_leaves_plain_numbers_alone():
    from guides.exchange.opendata import spreadsheet_safe

    assert [spreadsheet_safe(v) for v in ["-2.5", "4.0", "12", "-"]] == ["-2.5", "4.0", "12", "'-"]


def test_sources_page_says_the_csv_is_safe_in_spreadsheets(client):
    response = client.get("/sources/")
    assert b'id="spreadsheet-safe"' in response.content
    assert b"OWASP" in response.content


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", ["/data/starter.json", "/data/destinations.csv"])
def test_open_data_are_built_once_per_data_version_and_served_as_files(
    client, settings, tmp_path, django_assert_num_queries, url
):
    settings.OPEN_DATA_DIR = tmp_path
    settings.PAGE_CACHE_SECONDS = 0
    path = make_path(country=make_country(iso2="rs", name="Serbia"), name="First")
    make_step(path=path)
    path.sources.add(make_source())
    first = b"".join(client.get(url).streaming_content)
    with django_assert_num_queries(0):
        again = client.get(f"{url}?x=random-1")
        assert b"".join(again.streaming_content) == first
    make_path(country=path.country, slug="second", name="Second path")
    assert b"Second path" in b"".join(client.get(url).streaming_content)
    assert len(list(tmp_path.iterdir())) == 1  # the older version's file is gone
