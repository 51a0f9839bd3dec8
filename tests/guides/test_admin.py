import datetime
import re
from http import HTTPStatus

import pytest
import time_machine
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group
from django.urls import reverse

from guides.curation.attention import is_stale, stale_q
from guides.curation.publishable import can_publish
from guides.models import (
    Authority,
    Barrier,
    CorrectionReport,
    Country,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    OutcomeAggregate,
    OutcomeReport,
    RecognitionPath,
    Source,
    Specialty,
    Status,
    Step,
    Topic,
)
from tests.factories import make_barrier, make_country, make_guide, make_path, make_source, make_step
from tests.guides.conftest import make_staff
from tests.guides.test_models import build_one_of_each

pytestmark = pytest.mark.django_db

MODELS = [
    Source,
    Language,
    Currency,
    Specialty,
    Topic,
    Document,
    Country,
    Authority,
    RecognitionPath,
    Step,
    Barrier,
    Figure,
    Guide,
]


def admin_url(model, action, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def test_every_content_model_is_registered():
    for model in MODELS:
        assert admin.site.is_registered(model), model


def test_admin_lives_at_the_configured_path():
    assert reverse("admin:index") == "/" + settings.ADMIN_PATH


@pytest.mark.parametrize("model", MODELS)
def test_changelist_search_add_and_change_pages(admin_client, model):
    objects = {type(obj): obj for obj in build_one_of_each()}
    assert admin_client.get(admin_url(model, "changelist")).status_code == HTTPStatus.OK
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == HTTPStatus.OK
    assert admin_client.get(admin_url(model, "add")).status_code == HTTPStatus.OK
    response = admin_client.get(admin_url(model, "change", objects[model].pk))
    assert response.status_code == HTTPStatus.OK
    assert admin_client.get(admin_url(model, "history", objects[model].pk)).status_code == HTTPStatus.OK


def test_change_form_shows_both_languages(admin_client):
    country = build_one_of_each()[3]
    response = admin_client.get(admin_url(Country, "change", country.pk))
    assert 'name="name_en"' in response.content.decode()
    assert 'name="name_ru"' in response.content.decode()


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(admin_url(Country, "changelist"))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


# --- Roles: the groups and the permission matrix --------------------------------------------------

DRAFTABLE = {RecognitionPath, Step, Barrier, Figure, Guide}
PUBLISHABLE = {RecognitionPath, Barrier, Figure, Guide}
ROLES = ["anonymous", "editor", "reviewer", "superuser"]
ACTIONS = ["view", "add", "change", "publish", "delete"]


def expected_permission(role: str, model, action: str) -> bool:
    if role == "anonymous":
        return False
    if model is CorrectionReport:
        # Reports come from readers only; Reviewers work the queue, Editors read it.
        return {
            "editor": action == "view",
            "reviewer": action in {"view", "change", "delete"},
            "superuser": action in {"view", "change", "delete"},
        }[role]
    if model is OutcomeReport:
        # Doctors' reports may identify them until moderated: Reviewers only, never added by staff.
        return role in {"reviewer", "superuser"} and action in {"view", "change", "delete"}
    if model is OutcomeAggregate:
        # Computed from the approved reports, never edited by hand.
        return role in {"reviewer", "superuser"} and action == "view"
    if action == "publish":
        return role in {"reviewer", "superuser"} and model in PUBLISHABLE
    if role == "editor":
        # An Editor adds the source of the change they draft; changing a source is a Reviewer's.
        return action == "view" or model in DRAFTABLE or (model is Source and action == "add")
    return True


def draft_objects():
    """One object of each model in a state an Editor may work on (drafts; a step of a draft path)."""
    objects = {type(obj): obj for obj in build_one_of_each()}
    for model in PUBLISHABLE:
        objects[model].status = Status.DRAFT
        objects[model].save()
    objects[CorrectionReport] = CorrectionReport.objects.create(country=objects[Country], message="Wrong.")
    return objects


def user_for(role, request_user_fixtures):
    return AnonymousUser() if role == "anonymous" else request_user_fixtures[role]


@pytest.fixture
def users(editor, reviewer, superuser):
    return {"editor": editor, "reviewer": reviewer, "superuser": superuser}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(rf, users, role):
    objects = draft_objects()
    user = user_for(role, users)
    for model in [*content_models(), *REPORT_MODELS]:
        model_admin = admin.site.get_model_admin(model)
        request = rf.get("/")
        request.user = user
        obj = objects.get(model)  # models without a factory are checked at the model level
        actual = {
            "view": model_admin.has_view_permission(request, obj),
            "add": model_admin.has_add_permission(request),
            "change": model_admin.has_change_permission(request, obj),
            "publish": model in PUBLISHABLE and can_publish(user, model),
            "delete": model_admin.has_delete_permission(request, obj),
        }
        expected = {action: expected_permission(role, model, action) for action in ACTIONS}
        assert actual == expected, model


REPORT_MODELS = [CorrectionReport, OutcomeReport, OutcomeAggregate]


def content_models():
    """Every model of the app with an admin page, except the readers' and doctors' reports."""
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label == "guides" and model not in REPORT_MODELS
    ]


def test_groups_hold_exactly_the_permissions_they_need():
    def codenames(name):
        return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))

    content = [m._meta.model_name for m in content_models()]
    draftable = [m._meta.model_name for m in DRAFTABLE]
    assert codenames("Editors") == (
        {f"view_{m}" for m in [*content, "correctionreport"]}
        | {f"{a}_{m}" for m in draftable for a in ("add", "change", "delete")}
        | {"add_source"}
    )
    assert codenames("Reviewers") == (
        {f"{a}_{m}" for m in content for a in ("view", "add", "change", "delete")}
        | {f"publish_{m._meta.model_name}" for m in PUBLISHABLE}
        | {"view_correctionreport", "change_correctionreport", "delete_correctionreport"}
        | {"view_outcomereport", "change_outcomereport", "delete_outcomereport", "view_outcomeaggregate"}
    )


@pytest.mark.parametrize("model", sorted(PUBLISHABLE | {Step}, key=lambda m: m.__name__))
def test_editors_are_refused_on_published_items(editor_client, model):
    objects = {type(obj): obj for obj in build_one_of_each()}  # paths, barriers... are published
    obj = objects[model]
    change_url = admin_url(model, "change", obj.pk)
    page = editor_client.get(change_url)
    assert page.status_code == HTTPStatus.OK  # they may read it...
    assert 'name="_save"' not in page.content.decode()
    assert editor_client.post(change_url, {}).status_code == HTTPStatus.FORBIDDEN  # ...not change it
    delete = editor_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    assert delete.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model", [Country, Authority, Source])
def test_editors_cannot_change_countries_authorities_or_sources(editor_client, model):
    obj = {type(o): o for o in build_one_of_each()}[model]
    if model is not Source:  # an Editor adds sources (tests/guides/test_sources_from_items.py)
        assert editor_client.get(admin_url(model, "add")).status_code == HTTPStatus.FORBIDDEN
    assert editor_client.post(admin_url(model, "change", obj.pk), {}).status_code == HTTPStatus.FORBIDDEN


def test_editor_cannot_add_a_step_to_a_published_path(editor_client):
    path = {type(o): o for o in build_one_of_each()}[RecognitionPath]
    response = editor_client.post(
        admin_url(Step, "add"),
        {"path": path.pk, "slug": "sneaky", "title_en": "Sneaky", "position": 1, "confidence": "medium"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["path"] == [
        "The path “Germany: Knowledge test route” is published: only a Reviewer may change its steps."
    ]


def test_editor_drafts_a_path_which_starts_as_a_draft(editor_client):
    country = make_country()
    response = editor_client.post(
        admin_url(RecognitionPath, "add"),
        {
            "country": country.pk,
            "slug": "new-route",
            "name_en": "New route",
            "kind": "document_review",
            "outcome": "full_licence",
            "confidence": "medium",
            "status": "published",  # ignored: the field is read-only for an Editor
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert RecognitionPath.objects.get(slug="new-route").status == Status.DRAFT


def test_correction_report_admin_smoke(reviewer_client):
    report = draft_objects()[CorrectionReport]
    assert reviewer_client.get(admin_url(CorrectionReport, "changelist")).status_code == HTTPStatus.OK
    response = reviewer_client.get(admin_url(CorrectionReport, "changelist"), {"q": "Wrong"})
    assert response.status_code == HTTPStatus.OK
    assert reviewer_client.get(admin_url(CorrectionReport, "change", report.pk)).status_code == HTTPStatus.OK
    assert reviewer_client.get(admin_url(CorrectionReport, "add")).status_code == HTTPStatus.FORBIDDEN


def test_admin_pages_load_no_asset_from_another_origin(admin_client):
    objects = {type(obj): obj for obj in build_one_of_each()}
    pages = [reverse("admin:index")] + [admin_url(m, "change", objects[m].pk) for m in MODELS]
    for url in pages:
        page = admin_client.get(url).content.decode()
        assert not re.search(r'(src|href)="(https?:)?//', page.replace(objects[Source].url, "")), url


# --- Freshness ------------------------------------------------------------------------------------

TODAY = datetime.date(2026, 11, 22)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("days_ago", "stale"), [(None, True), (0, False), (179, False), (180, False), (181, True)]
)
def test_stale_at_the_boundary_day(days_ago, stale):
    last_reviewed = None if days_ago is None else TODAY - datetime.timedelta(days=days_ago)
    country = make_country(last_reviewed=last_reviewed)
    assert is_stale(country) is stale
    assert Country.objects.filter(stale_q()).exists() is stale


@time_machine.travel(TODAY, tick=False)
def test_stale_threshold_is_a_setting(settings):
    settings.GUIDES_STALE_AFTER_DAYS = 30
    country = make_country(last_reviewed=TODAY - datetime.timedelta(days=31))
    assert is_stale(country)


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("model", [Country, RecognitionPath, Step, Barrier, Figure, Guide])
def test_stale_list_filter_on_every_fact_model(admin_client, model):
    objects = {type(obj): obj for obj in build_one_of_each()}
    obj = objects[model]
    model.objects.filter(pk=obj.pk).update(last_reviewed=TODAY - datetime.timedelta(days=400))
    stale = admin_client.get(admin_url(model, "changelist"), {"stale": "yes"})
    fresh = admin_client.get(admin_url(model, "changelist"), {"stale": "no"})
    assert [o.pk for o in stale.context["cl"].result_list] == [obj.pk]
    assert list(fresh.context["cl"].result_list) == []


# --- The Needs-attention panel --------------------------------------------------------------------


@time_machine.travel(TODAY, tick=False)
def test_needs_attention_panel_lists_stale_waiting_and_unsourced_items(admin_client):
    source = make_source()
    fresh = make_country(iso2="ge", name="Georgia", region="cis", last_reviewed=TODAY)
    fresh.sources.add(source)
    stale = make_country(iso2="rs", name="Serbia", last_reviewed=datetime.date(2025, 1, 1))
    stale.sources.add(make_source(key="other"))
    waiting = make_guide(slug="waiting", title="Waiting guide", status=Status.IN_REVIEW, last_reviewed=TODAY)
    unsourced = make_guide(slug="bare", title="Bare guide", status=Status.PUBLISHED, last_reviewed=TODAY)
    make_guide(slug="draft", title="Draft guide", status=Status.DRAFT)

    response = admin_client.get(reverse("admin:index"))
    page = response.content.decode()
    panel = page[
        page.index('id="needs-attention"') : page.index("</section>", page.index('id="needs-attention"'))
    ]

    panel = panel.split("Public without Russian text")[0]  # that section has its own test
    stale_part, rest = panel.split("Waiting for review")
    waiting_part, unsourced_part = rest.split("Public without sources")
    assert f'href="{admin_url(Country, "change", stale.pk)}">Serbia' in stale_part
    assert "Georgia" not in panel
    assert f'href="{admin_url(Guide, "change", waiting.pk)}">Waiting guide' in waiting_part
    assert f'href="{admin_url(Guide, "change", unsourced.pk)}">Bare guide' in unsourced_part
    assert "Draft guide" not in panel
    assert 'href="/admin/guides/country/?stale=yes"' in stale_part


def attention_panel(client) -> str:
    page = client.get(reverse("admin:index")).content.decode()
    return page[
        page.index('id="needs-attention"') : page.index("</section>", page.index('id="needs-attention"'))
    ]


@time_machine.travel(TODAY, tick=False)
def test_needs_attention_names_stale_steps_and_barriers_with_their_country(admin_client):
    serbia = make_country(iso2="rs", name="Serbia", last_reviewed=TODAY)
    path = make_path(country=serbia, slug="full-licence", name="Full licence", last_reviewed=TODAY)
    step = make_step(path=path, slug="internship", title="Do the internship", last_reviewed=None)
    barrier = make_barrier(country=serbia, title="Language", last_reviewed=datetime.date(2025, 1, 1))
    draft = make_path(country=serbia, slug="draft", name="Draft path", status=Status.DRAFT)
    make_step(path=draft, slug="hidden", title="Step of a draft", last_reviewed=None)

    stale = attention_panel(admin_client).split("Waiting for review")[0]
    assert f'href="{admin_url(Step, "change", step.pk)}">Serbia: Full licence: Do the internship' in stale
    assert f'href="{admin_url(Barrier, "change", barrier.pk)}">Serbia: Language' in stale
    assert "Step of a draft" not in stale  # a draft path's steps are not public
    assert "path__status__exact=published&amp;stale=yes" in stale


def test_needs_attention_lists_new_readers_reports(admin_client):
    serbia = make_country(iso2="rs", name="Serbia")
    new = CorrectionReport.objects.create(country=serbia, message="The exam fee changed in 2026.")
    CorrectionReport.objects.create(
        country=serbia, message="Already handled.", status=CorrectionReport.Status.ACCEPTED
    )
    panel = attention_panel(admin_client)
    reports = panel.split("New readers&#x27; reports")[1].split("<h3>")[0]
    assert f'href="{admin_url(CorrectionReport, "change", new.pk)}">Serbia: The exam fee changed' in reports
    assert "Already handled" not in panel
    assert "status__exact=new" in reports


def test_needs_attention_panel_lists_public_items_without_russian_text(admin_client):
    translated = make_country(iso2="ge", name_en="Georgia", name_ru="Грузия", summary_en="S", summary_ru="С")
    untranslated = make_country(iso2="rs", name_en="Serbia", summary_en="A summary", summary_ru="")
    make_guide(slug="draft", title_en="Draft guide", status=Status.DRAFT)
    make_guide(slug="english-only", title_en="English-only guide", title_ru="Только", body_en="Body")
    page = admin_client.get(reverse("admin:index")).content.decode()
    russian = page.split("Public without Russian text")[1].split("What the data does not know yet")[0]
    assert f'href="{admin_url(Country, "change", untranslated.pk)}">Serbia' in russian
    assert "English-only guide" in russian
    assert "Georgia" not in russian and "Draft guide" not in russian
    assert translated.pk


def test_needs_attention_panel_shows_the_data_gaps(admin_client):
    make_country(iso2="ge", name_en="Georgia")
    page = admin_client.get(reverse("admin:index")).content.decode()
    gaps = page.split("What the data does not know yet")[1].split("</section>")[0]
    assert "Totals: " not in gaps and "1 countries; standard paths 0" in gaps
    assert '<th scope="row">Georgia</th>' in gaps and "no standard path" in gaps


def test_needs_attention_panel_is_empty_for_staff_without_guides_permissions(client):
    make_country()
    client.force_login(make_staff("nobody"))
    page = client.get(reverse("admin:index")).content.decode()
    assert "Nothing is stale, waiting for review or missing its sources." in page


def registered_guides_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label == "guides"),
        key=lambda model: model.__name__,
    )


@pytest.mark.parametrize("model", registered_guides_models(), ids=lambda model: model.__name__)
def test_every_registered_model_admin_answers(admin_client, model, rf, superuser):
    """Smoke test for every ModelAdmin, including ones added after this test was written."""
    objects = draft_objects()
    request = rf.get("/")
    request.user = superuser
    can_add = admin.site.get_model_admin(model).has_add_permission(request)
    assert admin_client.get(admin_url(model, "changelist")).status_code == HTTPStatus.OK
    assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == HTTPStatus.OK
    add = admin_client.get(admin_url(model, "add"))
    assert add.status_code == (HTTPStatus.OK if can_add else HTTPStatus.FORBIDDEN)
    obj = objects.get(model) or model.objects.first()
    if obj is not None:
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("model", [RecognitionPath, Country, CorrectionReport], ids=lambda m: m.__name__)
def test_staff_without_a_group_is_refused(client, model):
    client.force_login(make_staff("nogroup"))
    assert client.get(admin_url(model, "changelist")).status_code == HTTPStatus.FORBIDDEN
