"""The Israel rule change in the Russian admin, in a real browser: an Editor drafts it with a new source
and submits it with a note; a Reviewer finds it in the inbox, reads the note and publishes; the public
Russian page shows the change and its source.

Uses the browser of ``tests/e2e/conftest.py`` (Debian's Chromium through Playwright) against
pytest-django's live server.
"""

import re

import pytest

from guides.curation.models import ReviewEvent
from guides.models import RecognitionPath, Source
from tests.e2e.conftest import log_in, messages_text, russian_page, settle, staff
from tests.factories import make_country, make_path, make_source, make_step

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("curator_groups"),
]

NOTE = "Минздрав снизил порог с 14 до 10 лет, см. циркуляр от 20.11.2026."


def test_israel_rule_change_in_russian_from_editor_to_public_page(browser, live_server):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    live = make_path(
        country=israel,
        slug="experienced-exemption",
        name="Experienced-doctor exemption",
        name_ru="Освобождение для опытных врачей",
        kind="document_review",
        exam_required=False,
        summary="Doctors with 14 years of practice are exempt from the licensing exam.",
        summary_ru="Врачи со стажем 14 лет освобождены от экзамена на лицензию.",
    )
    live.sources.add(
        make_source(key="moh-2019", title="Exemption rules 2019", publisher="Ministry of Health")
    )
    make_step(
        path=live, slug="apply", title="Apply", title_ru="Подать документы", months_min=6, months_max=12
    )
    staff("anna", "Editors")
    staff("boris", "Reviewers")
    problems = []

    # The Editor: a draft revision, the new summary, a new source added from the form, a note.
    editor = russian_page(browser, live_server, problems, "editor")
    log_in(editor, live_server, "anna")
    editor.goto(f"{live_server.url}/admin/guides/recognitionpath/{live.pk}/change/")
    editor.click("button:has-text('Создать черновую редакцию')")
    assert "Создана черновая редакция: Израиль — Освобождение для опытных врачей" in messages_text(editor)
    editor.fill("#id_summary_en", "Doctors with 10 years of practice are exempt from the licensing exam.")
    editor.fill("#id_summary_ru", "Врачи со стажем 10 лет освобождены от экзамена на лицензию.")
    with editor.expect_popup() as popup_info:
        editor.click("#add_id_sources")
    popup = popup_info.value
    popup.fill("#id_title", "Exemption threshold lowered to 10 years")
    popup.fill("#id_publisher", "Ministry of Health")
    popup.fill("#id_url", "https://www.gov.il/en/departments/news/exemption-2026")
    popup.fill("#id_published_on", "2026-11-20")
    popup.select_option("#id_kind", "official")
    assert popup.input_value("#id_key") == "exemption-threshold-lowered-to-10-years"  # from the title
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    new_source = Source.objects.get(key="exemption-threshold-lowered-to-10-years")
    assert (
        editor.locator(f"#id_sources option[value='{new_source.pk}']").get_attribute("selected") is not None
    )
    editor.click("input[name=_continue]")
    assert "успешно" in messages_text(editor)  # Django's "… was changed successfully", in Russian
    revision = RecognitionPath.objects.get(revision_of=live)
    assert set(revision.sources.values_list("key", flat=True)) == {"moh-2019", new_source.key}
    diff = re.sub(r"\s+", " ", editor.locator(".revision-diff").inner_text())
    assert "Источники" in diff or "Sources" in diff
    editor.fill("textarea[name=note] >> nth=0", NOTE)
    editor.click("form.workflow-note button:has-text('Отправить на проверку')")
    assert "Отправлено на проверку: Израиль — Освобождение для опытных врачей" in messages_text(editor)
    revision.refresh_from_db()
    assert revision.status == "in_review"

    # The Reviewer: the inbox names it with the note; the diff marks the changed words; publish.
    reviewer = russian_page(browser, live_server, problems, "reviewer")
    log_in(reviewer, live_server, "boris")
    inbox = reviewer.locator("#needs-attention")
    assert "Ждут проверки" in inbox.inner_text()
    assert NOTE in inbox.inner_text() and "anna" in inbox.inner_text()
    # The source the Editor added is checked with the item: the inbox names it, its publisher and address.
    added = re.sub(r"\s+", " ", inbox.locator(".new-sources").inner_text())
    assert "Новый источник, который нужно проверить с этим материалом:" in added
    assert "Exemption threshold lowered to 10 years — Ministry of Health" in added
    assert "https://www.gov.il/en/departments/news/exemption-2026" in added and "anna" in added
    assert "Exemption rules 2019" not in added
    reviewer.click(f"#needs-attention a[href$='/recognitionpath/{revision.pk}/change/']")
    reviewer.wait_for_selector(".revision-diff")
    assert reviewer.locator(".revision-diff del", has_text="14").count() >= 1
    assert reviewer.locator(".revision-diff ins", has_text="10").count() >= 1
    assert NOTE in reviewer.locator(".review-history").inner_text()
    sources = reviewer.locator(".revision-sources").inner_text()
    assert "Источники, которых читатели ещё не видели у этого материала" in sources
    assert "Ministry of Health" in sources and "gov.il/en/departments/news/exemption-2026" in sources
    reviewer.click("button:has-text('Опубликовать редакцию')")
    assert "/publish-with-note/" in reviewer.url
    reviewer.check("input[name=change_material]")
    reviewer.fill("[name=change_note_en]", "Exemption threshold lowered from 14 to 10 years.")
    reviewer.fill("[name=change_note_ru]", "Порог освобождения снижен с 14 до 10 лет.")
    reviewer.click("input[type=submit][value='Опубликовать']")
    assert reviewer.url.endswith(f"/admin/guides/recognitionpath/{live.pk}/change/")
    assert "Опубликовано: Израиль — Освобождение для опытных врачей" in messages_text(reviewer)
    live.refresh_from_db()
    assert live.summary_ru.startswith("Врачи со стажем 10 лет")
    actions = set(ReviewEvent.objects.for_item(live).values_list("action", flat=True))
    assert actions == {"submitted", "published"}

    # The reader: the Russian page shows the new rule and its new source.
    reader = russian_page(browser, live_server, problems, "reader")
    reader.goto(f"{live_server.url}/ru/destinations/il/")
    main = reader.locator("main").inner_text()
    assert "Врачи со стажем 10 лет освобождены от экзамена" in main
    assert "Exemption threshold lowered to 10 years" in main
    assert reader.context.cookies() == []
    for page in (editor, reviewer, reader):
        settle(page.context)
    assert problems == []
