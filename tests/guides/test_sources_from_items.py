"""Editors add sources from the item they edit; the source picker says enough to pick the right one."""

import datetime
from http import HTTPStatus

import pytest
from django.urls import reverse

from guides.models import Source
from tests.factories import make_barrier, make_country, make_path, make_source

pytestmark = pytest.mark.django_db


def autocomplete(client, term, field="sources", model="recognitionpath", **extra):
    query = {"app_label": "guides", "model_name": model, "field_name": field, "term": term, **extra}
    return client.get(reverse("admin:autocomplete"), query)


def test_an_editor_adds_a_source_from_the_path_form(editor_client):
    path = make_path(status="draft")
    page = editor_client.get(reverse("admin:guides_recognitionpath_change", args=[path.pk])).content.decode()
    add_url = reverse("admin:guides_source_add")
    assert 'id="add_id_sources"' in page and f'href="{add_url}?_to_field=id&amp;_popup=1' in page
    popup = editor_client.get(add_url, {"_to_field": "id", "_popup": "1"})
    assert popup.status_code == HTTPStatus.OK
    fields = list(popup.context["adminform"].form.fields)
    assert fields[:5] == ["title", "publisher", "url", "published_on", "date_note_en"]
    answer = editor_client.post(
        f"{add_url}?_to_field=id&_popup=1",
        {
            "title": "Exemption threshold lowered to 10 years",
            "publisher": "Ministry of Health",
            "url": "https://www.gov.il/en/departments/news/exemption-2026",
            "published_on": "2026-11-20",
            "kind": "official",
            "key": "moh-exemption-2026",
            "_popup": "1",
            "_to_field": "id",
        },
    )
    assert answer.status_code == HTTPStatus.OK
    source = Source.objects.get(key="moh-exemption-2026")
    assert "popup_response" in answer.content.decode() or "data-popup-response" in answer.content.decode()
    assert source.published_on == datetime.date(2026, 11, 20)
    assert source.history.get().history_user.username == "editor"  # reviewed with the item citing it


def test_an_editor_may_not_change_an_existing_source(editor_client):
    source = make_source()
    url = reverse("admin:guides_source_change", args=[source.pk])
    assert 'name="_save"' not in editor_client.get(url).content.decode()
    editor_client.post(url, {"title": "Changed", "key": source.key, "kind": "news"})
    source.refresh_from_db()
    assert source.title == "A test article"


def test_the_picker_shows_publisher_date_address_and_countries(editor_client, django_assert_max_num_queries):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    moh = make_source(
        key="moh",
        title="Exemption circular",
        publisher="Ministry of Health",
        url="https://www.gov.il/en/circular",
        published_on=datetime.date(2026, 11, 20),
    )
    make_path(country=israel, slug="exemption").sources.add(moh)
    make_barrier(country=make_country(iso2="rs", name="Serbia"), slug="permits").sources.add(moh)
    for number in range(5):
        make_source(key=f"other-{number}", title=f"Exemption news {number}", publisher="Daily")
    with django_assert_max_num_queries(12):
        answer = autocomplete(editor_client, "exemption")
    results = {row["text"] for row in answer.json()["results"]}
    assert (
        "Exemption circular — Ministry of Health, 2026-11-20 · gov.il/en/circular · Israel, Serbia" in results
    )
    assert "Exemption news 0 — Daily" in results


def test_the_picker_finds_sources_by_a_countrys_russian_name(editor_client):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    cited = make_source(key="moh", title="Circular")
    make_path(country=israel, slug="exemption").sources.add(cited)
    make_source(key="elsewhere", title="Elsewhere")
    answer = autocomplete(editor_client, "Израиль")
    assert [row["id"] for row in answer.json()["results"]] == [str(cited.pk)]


def add_source_as(client, **fields) -> Source:
    """The Editor's way: the source form's popup, from the item being edited."""
    data = {"kind": "official", "_popup": "1", "_to_field": "id", **fields}
    client.post(f"{reverse('admin:guides_source_add')}?_to_field=id&_popup=1", data)
    return Source.objects.get(key=fields["key"])


def new_source_block(page: str) -> str:
    start = page.index('class="new-sources"')
    return page[start : page.index("</div>", start)]


def test_a_source_an_editor_adds_is_reviewed_with_the_revision_citing_it(client, editor, reviewer):
    from guides.curation.revisions import create_revision
    from tests.factories import make_step

    israel = make_country(iso2="il", name="Israel", region="middle_east")
    live = make_path(country=israel, slug="exemption", name="Exemption")
    make_step(path=live, slug="apply", title="Apply")
    live.sources.add(
        make_source(key="moh-2019", title="Exemption rules 2019", publisher="Ministry of Health")
    )
    revision = create_revision(live, editor)
    client.force_login(editor)
    added = add_source_as(
        client,
        key="moh-2026",
        title="Threshold lowered to 10 years",
        publisher="Ministry of Health",
        url="https://www.gov.il/en/departments/news/exemption-2026",
    )
    revision.sources.add(added)
    revision.submit_for_review(editor)

    client.force_login(reviewer)
    inbox = new_source_block(client.get(reverse("admin:index")).content.decode())
    assert "Threshold lowered to 10 years" in inbox and "Ministry of Health" in inbox
    assert "https://www.gov.il/en/departments/news/exemption-2026" in inbox
    assert "added by editor" in inbox
    assert "Exemption rules 2019" not in inbox  # the live path cites it already

    change = client.get(reverse("admin:guides_recognitionpath_change", args=[revision.pk])).content.decode()
    assert "Sources the public has not seen this item cite" in change
    listed = new_source_block(change)
    assert "Threshold lowered to 10 years" in listed and "gov.il/en/departments/news/exemption-2026" in listed
    publish = reverse("admin:guides_recognitionpath_publish_with_note", args=[revision.pk])
    assert "Threshold lowered to 10 years" in new_source_block(client.get(publish).content.decode())

    revision.publish(reviewer)
    live_page = client.get(reverse("admin:guides_recognitionpath_change", args=[live.pk])).content.decode()
    assert "Sources the public has not seen this item cite" not in live_page


def test_a_source_cited_by_a_new_step_of_a_revision_is_new_too(editor, reviewer):
    from guides.curation.citations import new_sources
    from guides.curation.revisions import create_revision
    from tests.factories import make_step

    live = make_path()
    live.sources.add(make_source(key="old"))
    revision = create_revision(live, editor)
    make_step(path=revision, slug="exam", title="Exam").sources.add(make_source(key="exam-rules"))
    assert [new.source.key for new in new_sources(revision)] == ["exam-rules"]


def test_an_item_published_before_lists_only_what_it_did_not_cite_then(editor, reviewer):
    from guides.curation.citations import new_sources

    country = make_country()
    barrier = make_barrier(country=country, status="draft")
    barrier.sources.add(make_source(key="first"))
    barrier.publish(reviewer)
    barrier.unpublish(reviewer)
    barrier.sources.add(make_source(key="second"))
    barrier.submit_for_review(editor)
    assert [new.source.key for new in new_sources(barrier)] == ["second"]
    never = make_barrier(country=country, slug="new-one", status="draft")
    never.sources.add(make_source(key="third"))
    assert [new.source.key for new in new_sources(never)] == ["third"]
    assert not new_sources(make_barrier(country=country, slug="live"))
