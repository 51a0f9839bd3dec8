"""Doctors' outcome reports: the form and its guarded POST, moderation, aggregates of three or more."""

import importlib
from decimal import Decimal as D
from http import HTTPStatus

import pytest
from django.apps import apps
from django.urls import reverse

from guides.models import OutcomeAggregate, OutcomeReport, OutcomeStep, Status
from guides.outcomes import aggregate
from guides.outcomes.aggregate import median, summarise
from tests.factories import make_country, make_currency, make_path, make_step
from tests.guides.conftest import make_staff

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
URL = "/destinations/rs/report-outcome/"


@pytest.fixture
def serbia():
    country = make_country(iso2="rs", name="Serbia", region="europe_other")
    path = make_path(country=country, slug="full-licence", name="Full licence", reported_months_min=8)
    make_step(path=path, slug="recognition", title="Recognition", position=1, months_min=1, months_max=3)
    make_step(path=path, slug="chamber", title="Chamber licence", position=2)
    make_path(country=country, slug="hidden", name="Hidden draft", status=Status.DRAFT)
    return country


def answers(**overrides):
    data = {
        "path": "full-licence",
        "started_month": "3",
        "started_year": "2023",
        "step-recognition": "2",
        "step-chamber": "4",
        "months_total": "10",
        "outcome": "licence",
        "specialty": "",
        "fees_paid": "",
        "fees_currency": "",
        "advice": "Start the translations early.",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, data, **extra):
    return client.post(URL, data, **{**ORIGIN, **extra})


def approve_all():
    reports = list(OutcomeReport.objects.all())
    for report in reports:
        report.status = OutcomeReport.Status.APPROVED
        report.save()
    aggregate.refresh(report.path_id for report in reports)


def test_url_contract():
    assert reverse("guides:outcome-report", args=["rs"]) == URL


# --- The arithmetic ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([5], D(5)),
        ([9, 3, 6], D(6)),
        ([1, 2, 3, 10], D("2.5")),
        ([8, 8, 8], D(8)),
        ([0, 120, 60, 7, 7], D(7)),
    ],
)
def test_median_on_a_table(values, expected):
    assert median(values) == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([4], None),
        ([4, 9], None),
        ([4, 9, 12], (3, D("9.0"), 4, 12)),
        ([12, 4, 9, 5], (4, D("7.0"), 4, 12)),
        ([6, 7, 7, 30], (4, D("7.0"), 6, 30)),
    ],
)
def test_summary_needs_three_values_and_gives_median_and_range(values, expected):
    summary = summarise(values)
    if expected is None:
        assert summary is None
    else:
        assert (summary.reports, summary.median, summary.low, summary.high) == expected


# --- The form and its POST --------------------------------------------------------------------


def test_form_page_lists_published_paths_and_sets_no_cookie(client, serbia):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Full licence" in page
    assert "Hidden draft" not in page
    assert "anything that could identify you" in page
    assert not response.cookies


def test_form_page_for_a_path_asks_each_step_and_no_identity(client, serbia):
    response = client.get(URL + "?path=full-licence")
    page = response.content.decode()
    assert 'name="step-recognition"' in page and 'name="step-chamber"' in page
    for name in ("name", "email", "city", "day", "csrfmiddlewaretoken"):
        assert f'name="{name}"' not in page
    assert 'name="website"' in page  # the honeypot
    assert not response.cookies


def test_report_is_stored_pending_with_no_identifier(client, serbia):
    response = post(client, answers(), REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="Test browser/1.0")
    assert response.status_code == HTTPStatus.OK
    assert "Thank you" in response.content.decode()
    assert not response.cookies
    report = OutcomeReport.objects.get()
    assert report.status == OutcomeReport.Status.PENDING
    assert (report.started_month, report.started_year, report.months_total) == (3, 2023, 10)
    assert report.received_in.day == 1  # the month only
    assert sorted(OutcomeStep.objects.values_list("step__slug", "months")) == [
        ("chamber", 4),
        ("recognition", 2),
    ]
    stored = " ".join(
        str(value)
        for model in (OutcomeReport, OutcomeStep, OutcomeReport.history.model)
        for row in model.objects.values()
        for value in row.values()
    )
    assert "203.0.113" not in stored and "Test browser" not in stored


def test_honeypot_is_thanked_and_keeps_nothing(client, serbia):
    response = post(client, answers(website="http://spam.example"))
    assert response.status_code == HTTPStatus.OK
    assert "Thank you" in response.content.decode()
    assert not OutcomeReport.objects.exists()


def test_post_from_another_site_is_refused(client, serbia):
    response = client.post(URL, answers(), HTTP_ORIGIN="https://evil.example")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not OutcomeReport.objects.exists()


def test_rate_limit_uses_the_keyed_hash_of_the_reports(client, serbia, settings):
    settings.GUIDES_REPORT_RATE_LIMIT = 2
    for _attempt in range(2):
        assert post(client, answers()).status_code == HTTPStatus.OK
    response = post(client, answers())
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert OutcomeReport.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"step-chamber": "121"}, "step-chamber", "from 0 to 120"),
        ({"step-chamber": "-1"}, "step-chamber", "from 0 to 120"),
        ({"months_total": "500"}, "months_total", "from 0 to 120"),
        ({"months_total": "six"}, "months_total", "whole number of months"),
        ({"path": "no-such-path"}, "path", "Serbia has no published path “no-such-path”."),
        ({"path": "hidden"}, "path", "Serbia has no published path “hidden”."),
        ({"path": ""}, "path", "Choose the path you took."),
        ({"started_month": "13"}, "started_month", "Select a valid choice"),
        ({"started_year": "1900"}, "started_year", "Enter a year from 1990"),
        ({"outcome": "famous"}, "outcome", "Select a valid choice"),
        ({"fees_paid": "300"}, "fees_currency", "in which currency"),
        ({"advice": "x" * 2001}, "advice", "at most 2000"),
    ],
)
def test_bad_input_gives_the_form_back_with_a_clear_message(client, serbia, overrides, field, message):
    response = post(client, answers(**overrides))
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not OutcomeReport.objects.exists()


def test_unknown_path_in_the_address_says_so(client, serbia):
    response = client.get(URL + "?path=nowhere")
    assert response.status_code == HTTPStatus.OK
    assert "Serbia has no published path “nowhere”." in response.content.decode()


def test_unknown_country_is_404(client, serbia):
    assert client.get("/destinations/zz/report-outcome/").status_code == HTTPStatus.NOT_FOUND


def test_fees_are_kept_with_their_currency(client, serbia):
    make_currency(code="RSD", name="Dinar", eur_per_unit=D("0.0085"))
    post(client, answers(fees_paid="30000", fees_currency="RSD"))
    report = OutcomeReport.objects.get()
    assert (report.fees_paid, report.fees_currency.code) == (D(30000), "RSD")


# --- Privacy on the public pages --------------------------------------------------------------


def test_no_numbers_below_three_and_no_text_before_approval(client, serbia):
    for months in (9, 12):
        post(client, answers(months_total=str(months), advice=f"Secret tip {months}"))
    page = client.get("/destinations/rs/").content.decode()
    assert "Secret tip" not in page  # pending
    approve_all()
    assert not OutcomeAggregate.objects.exists()
    page = client.get("/destinations/rs/").content.decode()
    assert "reported by" not in page
    assert "No numbers until at least three doctors have reported." in page
    assert "Secret tip 9" in page  # approved advice, without numbers


def test_three_approved_reports_show_beside_the_official_range(client, serbia):
    for total, chamber in ((9, 3), (12, 5), (10, 4)):
        post(client, answers(months_total=str(total), **{"step-chamber": str(chamber)}))
    pending = client.get("/destinations/rs/").content.decode()
    assert "reported by" not in pending
    approve_all()
    response = client.get("/destinations/rs/")
    page = response.content.decode()
    assert "reported by 3 doctors: median 10 months (range 9–12 months)" in page
    assert "reported by 3 doctors: median 4 months (range 3–5 months)" in page  # the chamber step
    assert "at least 8 months" in page  # the official range stays
    assert not response.cookies
    ru = client.get("/ru/destinations/rs/").content.decode()
    assert "по сообщениям 3 врачей: медиана 10 месяцев (разброс 9–12 месяцев)" in ru


def test_waiting_and_gave_up_do_not_count_into_the_path_time(client, serbia):
    post(client, answers(months_total="9"))
    post(client, answers(months_total="10"))
    post(client, answers(months_total="3", outcome="waiting"))
    post(client, answers(months_total="2", outcome="gave_up"))
    approve_all()
    assert not OutcomeAggregate.objects.filter(step=None).exists()
    # Each step done counts, whatever the outcome.
    assert OutcomeAggregate.objects.get(step__slug="chamber").reports == 4


def test_rejecting_a_report_removes_its_aggregate(serbia):
    for total in (9, 12, 10):
        OutcomeReport.objects.create(
            country=serbia,
            path=serbia.paths.get(slug="full-licence"),
            started_year=2023,
            started_month=1,
            months_total=total,
            outcome="licence",
            status="approved",
            received_in="2026-11-01",
        )
    aggregate.refresh(serbia.paths.values_list("pk", flat=True))
    assert OutcomeAggregate.objects.get(step=None).median_months == D(10)
    report = OutcomeReport.objects.first()
    report.status = "rejected"
    report.save()
    aggregate.refresh([report.path_id])
    assert not OutcomeAggregate.objects.exists()


# --- Moderation in the admin ------------------------------------------------------------------


def test_reviewer_approves_in_the_admin_and_the_history_says_who(client, serbia, reviewer):
    for total in (9, 12, 10):
        post(client, answers(months_total=str(total)))
    client.force_login(reviewer)
    changelist = reverse("admin:guides_outcomereport_changelist")
    assert client.get(changelist).status_code == HTTPStatus.OK
    assert client.get(reverse("admin:guides_outcomereport_add")).status_code == HTTPStatus.FORBIDDEN
    pks = list(OutcomeReport.objects.values_list("pk", flat=True))
    client.post(changelist, {"action": "approve", "_selected_action": pks})
    assert set(OutcomeReport.objects.values_list("status", flat=True)) == {"approved"}
    latest = OutcomeReport.history.filter(status="approved")
    assert latest.count() == 3
    assert {entry.history_user for entry in latest} == {reviewer}
    assert OutcomeAggregate.objects.get(step=None).reports == 3


def test_reviewer_edits_out_identifying_words_and_history_keeps_no_text(client, serbia, reviewer):
    post(client, answers(advice="I am Dr Ivanova from the Belgrade clinic; apply early."))
    report = OutcomeReport.objects.get()
    client.force_login(reviewer)
    url = reverse("admin:guides_outcomereport_change", args=[report.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "advice": "Apply early.",
            "status": "approved",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "2",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        }
    )
    for index, row in enumerate(report.steps.all()):
        data.update({f"steps-{index}-id": row.pk, f"steps-{index}-report": report.pk})
        data[f"steps-{index}-months"] = row.months
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    report.refresh_from_db()
    assert (report.status, report.advice) == ("approved", "Apply early.")
    history = OutcomeReport.history.model
    assert not any(field.name == "advice" for field in history._meta.fields)
    assert "Apply early." in client.get("/destinations/rs/").content.decode()


def test_editors_do_not_see_the_reports(client, serbia, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:guides_outcomereport_changelist"))
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- The plan ---------------------------------------------------------------------------------


def test_plan_uses_the_reported_range_of_a_step_without_a_sourced_one(client, serbia):
    for total, chamber in ((9, 3), (12, 5), (10, 4)):
        post(client, answers(months_total=str(total), **{"step-chamber": str(chamber)}))
    approve_all()
    response = client.get(reverse("guides:plan-destination", args=["rs"]), {"years": "3"})
    page = response.content.decode()
    assert "reported by 3 doctors: median 10 months (range 9–12 months)" in page
    assert "1 step from doctors' reports, confidence low" in page
    # The steps sum to 4-8 months, but a source says at least 8: the total stays "at least 8".
    assert "at least 8 months" in page
    plan = client.get(reverse("guides:plan"), {"years": "3"}).content.decode()
    assert "reported by 3 doctors: median 10 months" in plan


def test_reported_range_never_goes_below_a_sourced_minimum():
    from guides.models.totals import filled_range

    assert filled_range((D(6), None), (D(2), D(5))) == (D(6), D(6))
    assert filled_range((D(1), None), (D(2), D(5))) == (D(2), D(5))
    assert filled_range((None, D(3)), (D(2), D(5))) == (D(2), D(3))
    assert filled_range((None, None), (D(2), D(5))) == (D(2), D(5))


# --- Exchange ---------------------------------------------------------------------------------


def _three_approved(client):
    for total in (9, 12, 10):
        post(client, answers(months_total=str(total)))
    approve_all()


def test_export_with_outcomes_carries_aggregates_never_reports(client, serbia):
    import io
    import json

    from django.core.management import call_command

    _three_approved(client)
    out = io.StringIO()
    call_command("export_fixtures", "--output", "-", "--country", "rs", "--with-outcomes", stdout=out)
    rows = json.loads(out.getvalue())
    models = {row["model"] for row in rows}
    assert "guides.outcomeaggregate" in models
    assert not {"guides.outcomereport", "guides.outcomestep"} & models
    path_row = next(
        r for r in rows if r["model"] == "guides.outcomeaggregate" and r["fields"]["step"] is None
    )
    assert path_row["fields"]["path"] == ["rs", "full-licence"]
    assert path_row["fields"]["reports"] == 3
    plain = io.StringIO()
    call_command("export_fixtures", "--output", "-", "--country", "rs", stdout=plain)
    assert "outcome" not in {row["model"].split(".")[1][:7] for row in json.loads(plain.getvalue())}


def test_open_data_lists_aggregates_of_three_or_more(client, serbia):
    post(client, answers(months_total="30", **{"step-chamber": ""}))
    _three_approved(client)
    response = client.get("/data/outcomes.csv")
    assert response.status_code == HTTPStatus.OK
    lines = response.content.decode().splitlines()
    assert lines[0] == "country_code,path,step,reports,median_months,months_min,months_max"
    assert "rs,full-licence,,4,11.0,9,30" in lines
    assert "rs,full-licence,chamber,3,4.0,4,4" in lines
    assert "rs,full-licence,recognition,4,2.0,2,2" in lines


def test_exported_aggregates_load_back_by_natural_key(client, serbia, tmp_path):
    from django.core.management import call_command

    _three_approved(client)
    before = sorted(
        OutcomeAggregate.objects.values_list(
            "step__slug", "reports", "median_months", "months_min", "months_max"
        ),
        key=str,
    )
    fixture = tmp_path / "rs.json"
    call_command(
        "export_fixtures", "--output", str(fixture), "--country", "rs", "--with-outcomes", verbosity=0
    )
    OutcomeAggregate.objects.all().delete()
    call_command("loaddata", str(fixture), verbosity=0)
    after = sorted(
        OutcomeAggregate.objects.values_list(
            "step__slug", "reports", "median_months", "months_min", "months_max"
        ),
        key=str,
    )
    assert after == before
    call_command("loaddata", str(fixture), verbosity=0)  # again: updates the same rows
    assert OutcomeAggregate.objects.count() == len(before)


# --- The page cache ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # each write commits and bumps the data version, as in a request
def test_a_pending_report_keeps_the_cache_and_moderation_renews_it(
    client, serbia, django_capture_on_commit_callbacks
):
    from relocation.cache import data_version

    # The groups as the data migrations make them: a committing test before this one may have emptied
    # the tables.
    importlib.import_module("guides.migrations.0003_editor_and_reviewer_groups").create_groups(apps, None)
    importlib.import_module("guides.migrations.0010_outcome_reports").grant_reviewers(apps, None)
    reviewer = make_staff("reviewer", "Reviewers")
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, answers(advice="Apply early."))
    assert data_version() == before  # an anonymous POST cannot empty the cache
    client.force_login(reviewer)
    pks = list(OutcomeReport.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:guides_outcomereport_changelist"), {"action": "approve", "_selected_action": pks}
        )
    assert data_version() != before  # the approved advice is on the page now
