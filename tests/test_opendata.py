import csv
import io
import json
from decimal import Decimal
from http import HTTPStatus

import pytest

from tests.factories import make_currency, make_path, make_source, make_step

pytestmark = pytest.mark.django_db

COLUMNS = [
    "country_code", "country_name", "region", "path", "path_name", "kind", "language", "level", "exam",
    "months_min", "months_max", "months_complete", "cost_min_eur", "cost_max_eur", "outcome", "confidence",
    "last_reviewed", "source_keys",
]  # fmt: skip


def test_csv_has_its_columns_and_one_row_per_published_path(client):
    source = make_source(key="de-bak")
    path = make_path(confidence="high")
    path.sources.add(source)
    make_step(
        path=path,
        months_min=4,
        months_max=6,
        cost_min=100,
        cost_max=200,
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
    assert (Decimal(rows[0]["months_min"]), Decimal(rows[0]["months_max"])) == (4, 6)
    assert (Decimal(rows[0]["cost_min_eur"]), Decimal(rows[0]["cost_max_eur"])) == (100, 200)
    assert rows[0]["source_keys"] == "de-bak"
    assert not response.cookies


def test_csv_leaves_unknown_values_empty(client):
    make_step(path=make_path())
    row = next(csv.DictReader(io.StringIO(client.get("/data/destinations.csv").content.decode())))
    assert (row["months_min"], row["months_max"], row["cost_min_eur"], row["months_complete"]) == (
        "",
        "",
        "",
        "no",
    )


def test_open_fixture_holds_published_items_only(client):
    path = make_path()
    make_path(country=path.country, slug="draft", status="draft")
    response = client.get("/data/starter.json")
    assert response.status_code == HTTPStatus.OK
    records = json.loads(response.content)
    slugs = [r["fields"]["slug"] for r in records if r["model"] == "guides.recognitionpath"]
    assert slugs == ["exam-route"]
