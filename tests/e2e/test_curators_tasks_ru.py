"""Six ordinary curator tasks in the Russian admin, played in a real browser and counted step by step.

The tasks (an Editor, ``anna``, and a Reviewer, ``boris``, each in a Russian-speaking browser):

1. A rule changed in Israel: the experienced-doctor exemption's threshold, a new official source, sent
   for review with a note.
2. A new barrier for Serbia, citing an existing Serbian source, sent for review with a note.
3. The stale list: a Serbian barrier, a step of Germany's standard path and Georgia's standard path,
   each last reviewed 400 days ago, confirmed still correct from the front page.
4. Reviewing and publishing task 1's submission from the front page, with its public change note.
5. A reader's correction of a Serbian path's fee: a draft revision started from the report, edited and
   published, and the report accepted with a reply note.
6. Exporting Serbia for a partner and importing the partner's file (they changed one published barrier's
   title, and a different Serbian barrier is in review here): the dry run, the import for review, and
   publishing the imported draft revision from the front page.

A step is one user action, counted by ``Steps``: a click (link, button, checkbox, action "Go"), a field
typed into (a field in two languages is two), a choice in a select or an autocomplete (typing into an
autocomplete is one more, a field), a file chosen, a typed address (only the login page's), and logging
in (three: username, password, button), once per person per task, since each task starts logged out.
Reading is not a step. Navigation starts on the admin's front page and follows what the pages offer.
The rows each task starts from (the starter data, the stale dates, the reader's report, the partner's edit
of the exported file, the barrier in review) are made with the ORM and not counted.

Each task asserts its outcome and that the admin says it in Russian, names what it did and shows what the
curator needs; and that it takes at most the steps it took when this test was written (``BUDGET``), so a
change that adds steps fails here. ``pytest -s`` prints the counts, split by kind, and every step.
"""

import datetime
import json
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from guides.changes.models import ChangeNote
from guides.curation.models import ReviewEvent
from guides.exchange.importer import import_fixture
from guides.exchange.models import FixtureImport
from guides.models import Barrier, Country, RecognitionPath, Source, Step
from guides.reports.models import CorrectionReport
from tests.e2e.conftest import log_in, messages_text, russian_page, settle, staff

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("curator_groups"),
]

#: The most steps each task may take: what it took when this test was written.
BUDGET = {1: 20, 2: 17, 3: 10, 4: 9, 5: 15, 6: 14}
KINDS = ("click", "field", "choice", "file", "address", "login")

ISRAEL_SUMMARY_EN = (
    "Immigrant doctors with long legal clinical practice abroad skip the written exam. The threshold is "
    "8 years since November 2026 (10 years from 2025, 14 years before that). Instead they work six months "
    "under observation in an accredited hospital department on a special permit, need a positive "
    "assessment from the Israeli head of department and are interviewed by a committee. That leads to a "
    "temporary licence, and a permanent one follows after a year of work."
)
ISRAEL_SUMMARY_RU = (
    "Врачи-репатрианты с долгим легальным клиническим стажем за рубежом (с ноября 2026 года — 8 лет, "
    "с 2025 года — 10, раньше — 14) не сдают письменный экзамен. Вместо него — полгода работы под "
    "наблюдением в аккредитованном отделении больницы по специальному разрешению, положительный отзыв "
    "израильского заведующего и собеседование в комиссии. После этого выдают временную лицензию, а через "
    "год работы — постоянную."
)
ISRAEL_NOTE = "Министерство снизило порог, см. циркуляр от 20.11.2026"
BARRIER_NOTE = "Новое требование: апостиль на диплом, см. источник AZK."
REPORT_TEXT = "The fee is now 20,000 RSD"
REPORT_REPLY = "Спасибо, сбор исправлен: 20 000 динаров."
PARTNER_TITLE = "At least ten months to get all permits"
IN_REVIEW_TITLE = "A spouse must get a work permit of their own"


@dataclass
class Steps:
    """One task's steps, counted by kind as the curator takes them, and what the pages said in English.

    Each method does one user action through Playwright and records it. Opening an autocomplete is part
    of its choice, as opening a select is. After each click the page reached is checked for interface
    text without a Russian letter (``untranslated``).
    """

    task: int
    title: str
    done: list[tuple[str, str]] = field(default_factory=list)
    hand_offs: list[str] = field(default_factory=list)
    untranslated: set[str] = field(default_factory=set)

    def _did(self, kind: str, what: str) -> None:
        assert kind in KINDS
        self.done.append((kind, what))

    def log_in(self, page, live_server, username: str) -> None:
        log_in(page, live_server, username)
        self._did("address", f"{username}: type the login page's address")
        for what in ("username", "password", "«Войти»"):
            self._did("login", f"{username}: {what}")
        self.read(page)

    def click(self, locator, what: str, *, closes_page: bool = False) -> None:
        page = locator.page
        locator.click()
        self._did("click", what)
        if not closes_page:
            self.read(page)

    def check(self, locator, what: str) -> None:
        locator.check()
        self._did("click", what)

    def fill(self, locator, text: str, what: str) -> None:
        locator.fill(text)
        self._did("field", what)

    def choose(self, locator, what: str, **option) -> None:
        locator.select_option(**option)
        self._did("choice", what)

    def pick(self, page, select_id: str, typed: str, option: str, what: str) -> str:
        """An autocomplete: type into it (a field), pick the option (a choice); returns the option's text."""
        page.locator(f"#{select_id} + .select2 .select2-selection").click()
        page.locator(".select2-container--open .select2-search__field").press_sequentially(typed)
        self._did("field", f"type «{typed}» into {what}")
        choice = page.locator(".select2-results__option", has_text=option).first
        text = choice.inner_text()
        choice.click()
        self._did("choice", f"pick «{option}» in {what}")
        return text

    def upload(self, locator, path, what: str) -> None:
        locator.set_input_files(str(path))
        self._did("file", what)

    def read(self, page) -> None:
        """Note the interface text of the page just reached that has no Russian letter."""
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "ru", page.url
        self.untranslated |= set(page.evaluate(UNTRANSLATED_JS))

    @property
    def counts(self) -> Counter:
        return Counter(kind for kind, _what in self.done)

    @property
    def total(self) -> int:
        return len(self.done)


# The interface text of an admin page (headings, labels, buttons, column heads, messages, help, the
# blank choice of each select, links of the object tools), skipping the items' own data (read-only
# values, diffs, quotes, source lists) and anything marked as another language (the language switch).
UNTRANSLATED_JS = """() => {
  const chrome = "h1, h2, h3, h4, label, legend, caption, thead th, button, input[type=submit], "
    + ".messagelist li, .errorlist li, .help, .object-tools a, select option[value=''], "
    + "#changelist-filter h3, .breadcrumbs, .submit-row a, #content-main > p, .module > p";
  const data = ".readonly, .revision-diff td, blockquote, .new-sources, .inbox-event, .step-summary, "
    + ".select2-selection__rendered, .inline_label, .fix-reports li, .review-history .help";
  const found = new Set();
  for (const element of document.querySelectorAll(chrome)) {
    if (element.closest(data) || element.closest("[lang]:not([lang='ru'])")) continue;
    if (element.offsetParent === null && element.tagName !== "OPTION") continue;
    const text = (element.tagName === "INPUT" ? element.value : element.innerText || "").trim();
    if (/^URL:?$/.test(text)) continue;  // the Russian admin says URL too
    if (text && /[A-Za-z]{3,}/.test(text) && !/[А-Яа-яЁё]/.test(text)) found.add(text);
  }
  return [...found];
}"""


def front_page_link(page, name: str):
    """A model's link in the front page's list of models."""
    return page.locator("#content-main").get_by_role("link", name=name, exact=True)


def sidebar_link(page, name: str):
    return page.locator("#nav-sidebar").get_by_role("link", name=name, exact=True)


def text_of(locator) -> str:
    return re.sub(r"\s+", " ", locator.inner_text())


# --- The rows the tasks start from (not counted) ------------------------------------------------------


def prepare(today: datetime.date) -> dict:
    staff("anna", "Editors")
    staff("boris", "Reviewers")
    long_ago = today - datetime.timedelta(days=400)
    stale = {
        "barrier": Barrier.objects.get(country__iso2="rs", slug="language"),
        "step": Step.objects.get(
            path__country__iso2="de", path__slug="kenntnispruefung", slug="b2-certificate"
        ),
        "path": RecognitionPath.objects.get(country__iso2="ge", slug="ordinatura-recognition"),
    }
    assert stale["step"].path.is_standard and stale["path"].is_standard
    for item in stale.values():
        type(item).objects.filter(pk=item.pk).update(last_reviewed=long_ago)
    # Reviewed a month ago (not stale): so that "last reviewed" is today only if publishing sets it.
    israel = RecognitionPath.objects.get(country__iso2="il", slug="experienced-exemption")
    RecognitionPath.objects.filter(pk=israel.pk).update(last_reviewed=today - datetime.timedelta(days=30))
    serbian = RecognitionPath.objects.get(country__iso2="rs", slug="temporary-licence")
    report = CorrectionReport.objects.create(
        country=serbian.country, path=serbian, message=REPORT_TEXT, language="en"
    )
    return {"stale": stale, "israel": israel, "serbian": serbian, "report": report}


# --- The tasks ------------------------------------------------------------------------------------------


def task_1_rule_change_in_israel(browser, live_server, problems, rows) -> Steps:
    steps = Steps(1, "Правило изменилось в Израиле (редактор)")
    live = rows["israel"]
    anna = russian_page(browser, live_server, problems, "anna, task 1")
    steps.log_in(anna, live_server, "anna")
    steps.click(front_page_link(anna, "Пути признания"), "«Пути признания» in the front page's list")
    steps.fill(anna.locator("#searchbar"), "Израиль", "search: «Израиль»")
    steps.click(anna.get_by_role("button", name="Поиск"), "«Поиск»")
    found = text_of(anna.locator("#result_list"))
    assert "Освобождение от экзамена для врачей со стажем (хисталклут)" in found
    assert found.count("Израиль") >= 5  # the country's name in Russian finds its paths
    steps.click(
        anna.get_by_role("link", name="Освобождение от экзамена для врачей со стажем (хисталклут)"),
        "the path in the results",
    )
    steps.click(anna.get_by_role("button", name="Создать черновую редакцию"), "«Создать черновую редакцию»")
    assert "Создана черновая редакция: Израиль — Освобождение от экзамена" in messages_text(anna)
    # The edit page: the title and the text come first, each step folded to one line.
    order = anna.evaluate(
        "() => [...document.querySelectorAll('#recognitionpath_form [name]')].map(e => e.name)"
    )
    assert order.index("name_en") < order.index("sources") < order.index("last_reviewed")
    assert anna.locator("details.step-details:not([open])").count() == live.steps.count()
    assert anna.evaluate("document.querySelector('#content').scrollHeight") < 7_000
    steps.fill(anna.locator("#id_summary_en"), ISRAEL_SUMMARY_EN, "summary [en]")
    steps.fill(anna.locator("#id_summary_ru"), ISRAEL_SUMMARY_RU, "summary [ru]")
    with anna.expect_popup() as opened:
        steps.click(anna.locator("#add_id_sources"), "«+» beside the sources")
    popup = opened.value
    popup.wait_for_load_state()
    steps.read(popup)
    steps.fill(popup.locator("#id_title"), "Exemption threshold lowered", "source: title")
    steps.fill(popup.locator("#id_publisher"), "Ministry of Health", "source: publisher")
    steps.fill(
        popup.locator("#id_url"), "https://www.gov.il/en/departments/news/exemption-2026", "source: address"
    )
    steps.fill(popup.locator("#id_published_on"), "2026-11-20", "source: published on")
    steps.choose(popup.locator("#id_kind"), "source: kind «Официальный»", label="Официальный")
    assert popup.input_value("#id_key") == "exemption-threshold-lowered"  # made from the title
    steps.click(popup.locator("input[name=_save]"), "«Сохранить» in the popup", closes_page=True)
    popup.wait_for_event("close")
    source = Source.objects.get(key="exemption-threshold-lowered")
    assert anna.locator(f"#id_sources option[value='{source.pk}']").get_attribute("selected") is not None
    # The note goes with the form's own "Save and submit for review": no save, then submit.
    steps.fill(anna.locator("#id_submit_note"), ISRAEL_NOTE, "note for the Reviewer")
    steps.click(anna.locator("input[name=_submit]"), "«Сохранить и отправить на проверку»")
    assert "Отправлено на проверку: Израиль — Освобождение от экзамена" in messages_text(anna)
    diff = anna.locator(".revision-diff")
    assert diff.locator("ins", has_text="8").count() >= 1  # the changed words are marked

    revision = RecognitionPath.objects.get(revision_of=live)
    assert revision.status == "in_review"
    assert (revision.summary_en, revision.summary_ru) == (ISRAEL_SUMMARY_EN, ISRAEL_SUMMARY_RU)
    assert source in revision.sources.all() and source not in live.sources.all()
    assert (source.publisher, source.url, source.kind) == (
        "Ministry of Health",
        "https://www.gov.il/en/departments/news/exemption-2026",
        "official",
    )
    assert source.published_on == datetime.date(2026, 11, 20)
    [event] = ReviewEvent.objects.for_item(revision).filter(action="submitted")
    assert (event.user.username, event.note) == ("anna", ISRAEL_NOTE)
    live.refresh_from_db()
    assert live.summary_en != ISRAEL_SUMMARY_EN  # the live path waits for the Reviewer
    steps.hand_offs.append("a Reviewer publishes it (task 4)")
    settle(anna.context)
    return steps


def task_2_new_barrier_for_serbia(browser, live_server, problems) -> Steps:
    steps = Steps(2, "Новое препятствие для Сербии (редактор)")
    anna = russian_page(browser, live_server, problems, "anna, task 2")
    steps.log_in(anna, live_server, "anna")
    steps.click(anna.locator("#content-main tr.model-barrier a.addlink"), "«Добавить» beside «Препятствия»")
    assert anna.locator("h1").inner_text() == "Добавить препятствие"
    order = anna.evaluate("() => [...document.querySelectorAll('#barrier_form [name]')].map(e => e.name)")
    assert order.index("title_en") < order.index("sources") < order.index("last_reviewed")
    steps.pick(anna, "id_country", "Серб", "Сербия", "the country")
    steps.fill(anna.locator("#id_title_en"), "Apostille on the diploma required", "title [en]")
    steps.fill(anna.locator("#id_title_ru"), "Требуется апостиль на диплом", "title [ru]")
    assert anna.input_value("#id_slug") == "apostille-on-the-diploma-required"  # made from the title
    steps.choose(anna.locator("#id_category"), "category «Документы»", label="Документы")
    steps.fill(anna.locator("#id_severity"), "3", "severity: 3 (of 1 to 5)")
    steps.fill(
        anna.locator("#id_detail_en"),
        "Serbia asks for the diploma with an apostille before it recognises it.",
        "detail [en]",
    )
    steps.fill(
        anna.locator("#id_detail_ru"),
        "Сербия признаёт диплом только с апостилем.",
        "detail [ru]",
    )
    # The source picker finds sources by the country's Russian name and tells them apart.
    option = steps.pick(anna, "id_sources", "Сербия", "AZK", "the sources")
    publisher_and_date, address, countries = option.split(" · ")[-3:]
    assert " — " in publisher_and_date and address.startswith("azk.gov.rs") and countries == "Сербия"
    steps.fill(anna.locator("#id_submit_note"), BARRIER_NOTE, "note for the Reviewer")
    steps.click(anna.locator("input[name=_submit]"), "«Сохранить и отправить на проверку»")
    assert "Отправлено на проверку: Сербия — Требуется апостиль на диплом" in messages_text(anna)

    barrier = Barrier.objects.get(country__iso2="rs", slug="apostille-on-the-diploma-required")
    assert (barrier.title_en, barrier.title_ru) == (
        "Apostille on the diploma required",
        "Требуется апостиль на диплом",
    )
    assert (barrier.status, barrier.category, barrier.severity) == ("in_review", "documents", 3)
    assert barrier.detail_en and barrier.detail_ru
    [cited] = barrier.sources.all()
    # An existing Serbian source: Serbia's other items cite it.
    assert (
        cited.recognitionpath_set.filter(country__iso2="rs").exists()
        or cited.country_set.filter(iso2="rs").exists()
    )
    assert barrier.history.earliest().status == "draft"  # created as a draft, then submitted
    [event] = ReviewEvent.objects.for_item(barrier).filter(action="submitted")
    assert (event.user.username, event.note) == ("anna", BARRIER_NOTE)
    steps.hand_offs.append("a Reviewer publishes it (not part of the task)")
    settle(anna.context)
    return steps


def task_3_stale_list(browser, live_server, problems, rows, today) -> Steps:
    steps = Steps(3, "Устаревшие записи (рецензент)")
    stale = rows["stale"]
    boris = russian_page(browser, live_server, problems, "boris, task 3")
    steps.log_in(boris, live_server, "boris")
    panel = boris.locator("#needs-attention")
    assert "Устаревшие: не проверялись 180 дней" in panel.inner_text()
    labels = {
        "path": "Грузия: Признание российской ординатуры и государственный сертификационный экзамен",
        "step": "Германия: Апробация через Kenntnisprüfung (экзамен на знание медицины): "
        "Подтвердите общий немецкий на уровне B2",
        "barrier": "Сербия: Языковой барьер: сербский",
    }
    for kind, label in labels.items():
        item = stale[kind]
        form = panel.locator("form.confirm-stale", has=boris.locator(f"input[value='{item.pk}']")).filter(
            has_text=label
        )
        steps.check(form.get_by_label(f"Всё ещё верно: {label}"), f"tick «{label}»")
        steps.click(
            form.get_by_role("button", name="Всё ещё верно: отметить выбранное как проверенное сегодня"),
            "«Всё ещё верно: отметить выбранное как проверенное сегодня»",
        )
        assert "1 запись — отмечено как проверенное сегодня." in messages_text(boris)
        # Back on the front page, where the other stale items wait.
        assert boris.locator("#needs-attention").count() == 1
    assert "Устаревшие" not in boris.locator("#needs-attention").inner_text()
    boris_user = User.objects.get(username="boris")
    for item in stale.values():
        item.refresh_from_db()
        assert item.last_reviewed == today
        [event] = ReviewEvent.objects.for_item(item)
        assert (event.action, event.user, event.created_at.date()) == ("confirmed", boris_user, today)
        record = item.history.latest()
        assert (record.history_user, record.history_change_reason) == (boris_user, "Отмечено как проверенное")
    settle(boris.context)
    return steps


def task_4_review_and_publish(browser, live_server, problems, rows, today) -> Steps:
    steps = Steps(4, "Проверка и публикация (рецензент)")
    live = rows["israel"]
    revision = RecognitionPath.objects.get(revision_of=live)
    boris = russian_page(browser, live_server, problems, "boris, task 4")
    steps.log_in(boris, live_server, "boris")
    inbox = text_of(boris.locator("#needs-attention"))
    assert "Ждут проверки" in inbox and ISRAEL_NOTE in inbox and "anna" in inbox
    assert "Exemption threshold lowered — Ministry of Health" in inbox  # the new source, checked with it
    steps.click(
        boris.locator(f"#needs-attention a[href$='/recognitionpath/{revision.pk}/change/']"),
        "the Israeli revision under «Ждут проверки»",
    )
    diff = boris.locator(".revision-diff")
    # The changed words are marked: "was" gave way to "is 8 years since November 2026".
    assert diff.locator("del", has_text="was").count() >= 1 and diff.locator("ins", has_text="8").count() >= 1
    assert ISRAEL_NOTE in boris.locator(".review-history").inner_text()
    assert "gov.il/en/departments/news/exemption-2026" in boris.locator(".revision-sources").inner_text()
    # The public note is on the revision's own form, beside "Save and publish": no page in between.
    steps.check(boris.locator("input[name=change_material]"), "«Это изменение важно читателям»")
    steps.fill(
        boris.locator("[name=change_note_en]"), "Exemption threshold lowered to 8 years.", "change note [en]"
    )
    steps.fill(
        boris.locator("[name=change_note_ru]"), "Порог освобождения снижен до 8 лет.", "change note [ru]"
    )
    steps.click(boris.locator("input[name=_publish]"), "«Сохранить и опубликовать»")
    assert "Опубликовано: Израиль — Освобождение от экзамена" in messages_text(boris)
    assert boris.url.endswith(f"/admin/guides/recognitionpath/{live.pk}/change/")  # the live path's page

    live.refresh_from_db()
    assert (live.summary_en, live.summary_ru, live.status) == (
        ISRAEL_SUMMARY_EN,
        ISRAEL_SUMMARY_RU,
        "published",
    )
    assert live.last_reviewed == today  # publishing is a review
    assert live.sources.filter(key="exemption-threshold-lowered").exists()
    assert not RecognitionPath.objects.filter(revision_of=live).exists()
    note = ChangeNote.objects.get(note_ru="Порог освобождения снижен до 8 лет.")
    assert note.material
    settle(boris.context)
    return steps


def task_5_readers_correction(browser, live_server, problems, rows, today) -> Steps:
    steps = Steps(5, "Исправление от читателя (рецензент)")
    live, report = rows["serbian"], rows["report"]
    boris = russian_page(browser, live_server, problems, "boris, task 5")
    steps.log_in(boris, live_server, "boris")
    inbox = boris.locator("#needs-attention")
    assert "Новые сообщения читателей" in inbox.inner_text()
    steps.click(
        inbox.get_by_role("link", name=f"Сербия: Временная лицензия для иностранных врачей: {REPORT_TEXT}"),
        "the report under «Новые сообщения читателей»",
    )
    steps.click(boris.get_by_role("button", name="Начать черновую редакцию"), "«Начать черновую редакцию»")
    assert "Черновик для исправления по сообщению: Сербия — Временная лицензия" in messages_text(boris)
    assert REPORT_TEXT in boris.locator(".fix-reports").inner_text()
    report.refresh_from_db()
    assert report.fix_path.revision_of == live  # the report is linked to the draft revision
    summary_en = live.summary_en.replace("10,000 RSD", "20,000 RSD")
    summary_ru = live.summary_ru.replace("10 000 динаров", "20 000 динаров")
    assert summary_en != live.summary_en and summary_ru != live.summary_ru
    steps.fill(boris.locator("#id_summary_en"), summary_en, "summary [en]")
    steps.fill(boris.locator("#id_summary_ru"), summary_ru, "summary [ru]")
    # Edited and published from one form, with the public note: no save, then publish, then a note page.
    steps.check(boris.locator("input[name=change_material]"), "«Это изменение важно читателям»")
    steps.fill(boris.locator("[name=change_note_en]"), "The fee is now 20,000 RSD.", "change note [en]")
    steps.fill(boris.locator("[name=change_note_ru]"), "Сбор теперь 20 000 динаров.", "change note [ru]")
    steps.click(boris.locator("input[name=_publish]"), "«Сохранить и опубликовать»")
    assert "Опубликовано: Сербия — Временная лицензия для иностранных врачей" in messages_text(boris)
    # The live path names the report its revision answered: back to it, to answer the reader.
    steps.click(
        boris.locator(".fix-reports a"), "the report under «Сообщения читателей, на которые отвечает…»"
    )
    steps.fill(boris.locator("#report-decision-note"), REPORT_REPLY, "note on the decision")
    steps.click(boris.get_by_role("button", name="Принять"), "«Принять»")
    assert "Сообщение принято: Сербия: Временная лицензия для иностранных врачей" in messages_text(boris)

    live.refresh_from_db()
    report.refresh_from_db()
    assert (live.summary_en, live.summary_ru, live.last_reviewed) == (summary_en, summary_ru, today)
    assert (report.status, report.resolved_by.username, report.resolved_at.date()) == (
        "accepted",
        "boris",
        today,
    )
    assert REPORT_REPLY in report.staff_note
    assert report.fix_path == live  # the revision it was linked to is now the live path
    settle(boris.context)
    return steps


def task_6_export_and_import(browser, live_server, problems, tmp_path) -> Steps:
    """The partner's file holds only the barrier they changed, as a partner sending back what they
    changed would: the whole export, sent back, would also hold ``spouse-work``, which is in review here,
    and an import that would change an item under review is refused as a whole (checked below, not
    counted). The import turns the partner's change to the published ``slow-permits`` into a draft
    revision; the live barrier stays as it was until the Reviewer publishes that revision from the front
    page's "Imported, for review"."""
    steps = Steps(6, "Экспорт и импорт файла партнёра (рецензент)")
    boris = russian_page(browser, live_server, problems, "boris, task 6")
    steps.log_in(boris, live_server, "boris")
    steps.click(front_page_link(boris, "Страны"), "«Страны» in the front page's list")
    steps.check(
        boris.locator("#result_list tr", has=boris.locator("td.field-name", has_text="Сербия")).locator(
            "input[name=_selected_action]"
        ),
        "tick «Сербия»",
    )
    steps.choose(
        boris.locator("select[name=action]"),
        "action «Экспортировать выбранное как фикстуру»",
        label="Экспортировать выбранное как фикстуру",
    )
    with boris.expect_download() as downloaded:
        steps.click(boris.locator("button[name=index]"), "«Запустить»")
    exported = tmp_path / "countries.json"
    downloaded.value.save_as(exported)

    # The partner's file: the one barrier they changed; and a different Serbian barrier in review here
    # (not counted).
    records = json.loads(exported.read_text(encoding="utf-8"))
    [record] = [
        r for r in records if r["model"] == "guides.barrier" and r["fields"]["slug"] == "slow-permits"
    ]
    old_title = record["fields"]["title_en"]
    record["fields"]["title"] = record["fields"]["title_en"] = PARTNER_TITLE
    partner_file = tmp_path / "partner-serbia.json"
    partner_file.write_text(json.dumps([record], ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    Barrier.objects.filter(country__iso2="rs", slug="spouse-work").update(
        status="in_review", title=IN_REVIEW_TITLE, title_en=IN_REVIEW_TITLE
    )
    # The whole export sent back would be refused while that barrier is in review, through review or
    # directly, naming only it: the changed published barrier itself is no reason to refuse.
    whole = exported.read_bytes()
    for direct in (False, True):
        refused = import_fixture(whole, dry_run=True, direct=direct, filename="countries.json")
        assert [problem.key for problem in refused.problems] == ["rs/spouse-work"]

    steps.click(boris.get_by_role("link", name="Импорт фикстуры"), "«Импорт фикстуры»")
    assert "Прямой импорт" not in boris.locator("#content-main").inner_text()  # superusers only
    steps.upload(boris.locator("input[type=file]"), partner_file, "choose the partner's file")
    steps.click(
        boris.locator("input[type=submit][value='Проверить файл (пробный прогон)']"),
        "«Проверить файл (пробный прогон)»",
    )
    # The dry run says the published barrier becomes a draft revision, and what the file changes in it.
    checked = text_of(boris.locator("#content-main"))
    assert (
        "Препятствие rs/slow-permits: черновая редакция rs/slow-permits-revision-1 на проверку — "
        f"title_en: '{old_title}' → '{PARTNER_TITLE}'"
    ) in checked
    assert "Черновая редакция: rs/slow-permits-revision-1 (редакция rs/slow-permits)" in checked
    steps.click(
        boris.locator("input[type=submit][value='Импортировать на проверку']"), "«Импортировать на проверку»"
    )
    assert "Файл partner-serbia.json импортирован" in text_of(boris.locator("#content-main"))
    assert FixtureImport.objects.get().state == "imported"
    live = Barrier.objects.get(country__iso2="rs", slug="slow-permits")
    revision = Barrier.objects.get(revision_of=live)
    assert (live.title_en, live.status) == (old_title, "published")  # unchanged until published
    assert (revision.slug, revision.title_en, revision.status) == (
        "slow-permits-revision-1",
        PARTNER_TITLE,
        "draft",
    )

    # The result links what the import made for review (the inbox lists it too); the Reviewer opens
    # the revision, reads the marked words and publishes it from its form.
    assert "Ждут публикации рецензентом" in text_of(boris.locator(".imported-for-review"))
    steps.click(
        boris.locator(f".imported-for-review a[href$='/barrier/{revision.pk}/change/']"),
        "the barrier's revision under «Ждут публикации рецензентом»",
    )
    diff = boris.locator(".revision-diff")
    assert diff.locator("ins", has_text="ten").count() >= 1
    steps.click(boris.locator("input[name=_publish]"), "«Сохранить и опубликовать»")
    assert "Опубликовано: Сербия — " in messages_text(boris)
    inbox = boris.context.new_page()
    inbox.goto(f"{live_server.url}/admin/")
    assert "partner-serbia.json" not in text_of(inbox.locator("#needs-attention"))  # nothing left to review
    inbox.close()

    live.refresh_from_db()
    assert (live.slug, live.title_en, live.status) == ("slow-permits", PARTNER_TITLE, "published")
    assert live.history.first().history_user.username == "boris"
    assert not Barrier.objects.filter(revision_of__country__iso2="rs").exists()
    waiting = Barrier.objects.get(country__iso2="rs", slug="spouse-work")
    assert (waiting.title_en, waiting.status) == (IN_REVIEW_TITLE, "in_review")  # left untouched
    assert not RecognitionPath.objects.filter(revision_of__country__iso2="rs").exists()
    assert Country.objects.get(iso2="rs").barriers.filter(status="draft").count() == 0
    settle(boris.context)
    return steps


# --- The run ----------------------------------------------------------------------------------------


def count_table(results: list[Steps]) -> str:
    lines = ["", "Steps per task (today's Russian admin)", ""]
    head = f"{'task':<52}" + "".join(f"{kind:>9}" for kind in KINDS) + f"{'total':>9}{'budget':>9}"
    lines += [head, "-" * len(head)]
    for steps in results:
        counts = steps.counts
        row = f"{steps.task}. {steps.title:<49}" + "".join(f"{counts[kind]:>9}" for kind in KINDS)
        lines.append(row + f"{steps.total:>9}{BUDGET[steps.task]:>9}")
    for steps in results:
        lines += ["", f"{steps.task}. {steps.title}: {steps.total} steps"]
        lines += [f"  {number:>2}. [{kind}] {what}" for number, (kind, what) in enumerate(steps.done, 1)]
        lines += [f"  hand-off: {hand_off}" for hand_off in steps.hand_offs]
        lines += [f"  in English: {text}" for text in sorted(steps.untranslated)]
    return "\n".join(lines)


def test_six_curator_tasks_in_the_russian_admin(browser, live_server, starter, tmp_path):
    today = timezone.localdate()
    rows = prepare(today)
    problems: list = []
    results = [
        task_1_rule_change_in_israel(browser, live_server, problems, rows),
        task_2_new_barrier_for_serbia(browser, live_server, problems),
        task_3_stale_list(browser, live_server, problems, rows, today),
        task_4_review_and_publish(browser, live_server, problems, rows, today),
        task_5_readers_correction(browser, live_server, problems, rows, today),
        task_6_export_and_import(browser, live_server, problems, tmp_path),
    ]
    print(count_table(results))  # noqa: T201 - the measurement, shown by pytest -s
    assert problems == []
    for steps in results:
        english = steps.untranslated
        assert english == set(), f"task {steps.task}: interface text in English: {english}"
        assert steps.counts["login"] == 3 * steps.counts["address"]  # one login per person
    over = {steps.task: steps.total for steps in results if steps.total > BUDGET[steps.task]}
    assert over == {}, f"tasks taking more steps than measured ({BUDGET}): {over}"
