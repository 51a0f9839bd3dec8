"""Russian and English: the interface catalogue, the public pages in both languages, the switch,
plural forms, localised numbers and dates, and the "(in English)" fallback marker."""

import ast
import datetime
import gettext
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.template import Context, Template
from django.utils import translation

from tests.factories import make_barrier, make_country, make_guide, make_path, make_step

BASE_DIR = Path(settings.BASE_DIR)
PO = BASE_DIR / "guides" / "locale" / "ru" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)


# --- The catalogue ---------------------------------------------------------------------------------


def parse_po(path: Path) -> dict[tuple, dict]:
    """A .po file as {(msgctxt, msgid, msgid_plural): {"msgstr": [...], "fuzzy": bool}}; header included."""
    entries: dict[tuple, dict] = {}
    entry: dict = {}
    field = None

    def finish():
        if "msgid" in entry:
            key = (entry.get("msgctxt"), entry["msgid"], entry.get("msgid_plural"))
            strings = [entry[name] for name in sorted(entry) if name.startswith("msgstr")]
            entries[key] = {"msgstr": strings, "fuzzy": entry.get("fuzzy", False)}

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            finish()
            entry, field = {}, None
        elif line.startswith("#~"):
            continue  # obsolete entries are not in use
        elif line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            keyword, _space, value = line.partition(" ")
            field = keyword.replace("[", "_").rstrip("]")  # msgstr[1] -> msgstr_1
            entry[field] = ast.literal_eval(value)
    return entries


def test_catalogue_header_declares_russian_plural_forms():
    header = parse_po(PO)[(None, "", None)]["msgstr"][0]
    assert "Language: ru" in header
    assert "charset=UTF-8" in header
    assert RUSSIAN_PLURALS in header.replace("\n", " ")


def test_every_catalogue_entry_is_translated_and_none_is_fuzzy():
    entries = {key: value for key, value in parse_po(PO).items() if key[1]}
    assert len(entries) > 400
    fuzzy = [key[1] for key, entry in entries.items() if entry["fuzzy"]]
    untranslated = [key[1] for key, entry in entries.items() if not all(entry["msgstr"])]
    assert not fuzzy, f"fuzzy entries: {fuzzy}"
    assert not untranslated, f"untranslated entries: {untranslated}"
    plural_entries = [entry for key, entry in entries.items() if key[2] is not None]
    assert plural_entries and all(len(entry["msgstr"]) == 3 for entry in plural_entries)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def test_translations_keep_every_placeholder():
    wrong = []
    for (_context, msgid, plural), entry in parse_po(PO).items():
        if not msgid:
            continue
        expected = set(PLACEHOLDER.findall(msgid + (plural or "")))
        for text in entry["msgstr"]:
            found = set(PLACEHOLDER.findall(text))
            # A plural form may leave out the count ("и ещё %(more)s" keeps it; "одно" could drop it).
            if found != expected and not (plural and found < expected and len(found) == len(expected) - 1):
                wrong.append((msgid, text))
    assert not wrong


@pytest.mark.skipif(
    not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed (CI installs gettext)"
)
def test_msgfmt_accepts_the_catalogue_with_no_fuzzy_or_untranslated_entry():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C", "PATH": os.environ.get("PATH", "")},
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo (a fresh machine runs without gettext) holds exactly the .po's translations."""
    assert MO.exists(), "run: python manage.py compilemessages --ignore=.venv"
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for (context, msgid, plural), entry in parse_po(PO).items():
        if not msgid:
            continue
        if plural is None:
            got = compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)
            if got != entry["msgstr"][0]:
                stale.append(msgid)
        else:
            for count, form in ((1, 0), (2, 1), (5, 2)):
                if context:
                    got = compiled.npgettext(context, msgid, plural, count)
                else:
                    got = compiled.ngettext(msgid, plural, count)
                if got != entry["msgstr"][form]:
                    stale.append(msgid)
    assert not stale, f"the .mo is out of date, recompile: {stale[:5]}"


@pytest.mark.skipif(
    not shutil.which("xgettext"), reason="gettext's xgettext is not installed (CI installs gettext)"
)
def test_every_interface_string_in_the_code_has_a_russian_translation(tmp_path):
    """Extract the strings from the code as it is now, into a copy of the project, and look each one up."""
    ignore = shutil.ignore_patterns("__pycache__", "locale", "static", "*.pyc")
    for name in ("relocation", "guides", "templates"):
        shutil.copytree(BASE_DIR / name, tmp_path / name, ignore=ignore)
    shutil.copy(BASE_DIR / "manage.py", tmp_path / "manage.py")
    (tmp_path / "guides" / "locale").mkdir()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-location", "--no-obsolete"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DJANGO_DEBUG": "1"},
    )
    assert result.returncode == 0, result.stderr
    extracted = parse_po(tmp_path / "guides" / "locale" / "ru" / "LC_MESSAGES" / "django.po")
    committed = parse_po(PO)
    missing = [
        key[1]
        for key in extracted
        if key[1] and (key not in committed or committed[key]["fuzzy"] or not all(committed[key]["msgstr"]))
    ]
    assert not missing, (
        "interface strings without a Russian translation; run makemessages, translate them in "
        f"{PO.relative_to(BASE_DIR)} and compilemessages: {missing}"
    )


# --- Public pages in both languages ----------------------------------------------------------------


@pytest.fixture(scope="module")
def starter(django_db_setup, django_db_blocker):
    """The starter set, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "starter.json", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def english():
    """A /ru/ request leaves Russian active in the thread: start and end in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


# path, an English string on it, a Russian string on its /ru/ version
PAGES = [
    ("/", "Time to a licence, by region and country", "Срок до лицензии по регионам и странам"),
    ("/destinations/", "Show destinations", "Показать направления"),
    ("/destinations/?region=cis&sort=fastest", "Time to licence", "Срок до лицензии"),
    ("/destinations/rs/", "Ways to a licence", "Пути к лицензии"),
    ("/compare/?c=ge&c=de&c=il&c=rs", "Path shown", "Показанный путь"),
    ("/guides/", "Show guides", "Показать руководства"),
    ("/guides/cis-versus-eu-at-a-glance/", "What this guide covers", "О чём это руководство"),
    ("/sources/", "The curated data is open:", "Данные сайта открыты:"),
    ("/plan/", "Estimate my move", "Рассчитать переезд"),
    ("/plan/?lang=ru:native&lang=en:b1&years=8&residency=1", "Estimated time", "Оценка срока"),
    ("/plan/rs/?lang=ru:native&years=8&residency=1", "Documents to gather", "Какие документы собрать"),
]


@pytest.mark.parametrize(("path", "english_text", "russian_text"), PAGES)
def test_every_public_page_in_both_languages(client, starter, english, path, english_text, russian_text):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert english_text in html

    response = client.get("/ru" + path)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert russian_text in html
    assert english_text not in html
    # The navigation is Russian on every page.
    for label in ("Направления", "Сравнить", "Руководства", "Источники", "План переезда"):
        assert f">{label}</a>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "switch"),
    [
        (
            "/destinations/?region=eu&sort=fastest",
            '<a href="/ru/destinations/?region=eu&amp;sort=fastest" hreflang="ru"',
        ),
        (
            "/ru/destinations/?region=eu&sort=fastest",
            '<a href="/destinations/?region=eu&amp;sort=fastest" hreflang="en"',
        ),
        (
            "/guides/?q=%D0%B4%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC",
            '<a href="/ru/guides/?q=%D0%B4%D0%B8%D0%BF%D0%BB%D0%BE%D0%BC" hreflang="ru"',
        ),
        ("/ru/compare/?c=ge&c=de", '<a href="/compare/?c=ge&amp;c=de" hreflang="en"'),
        ("/", '<a href="/ru/" hreflang="ru"'),
        ("/ru/", '<a href="/" hreflang="en"'),
    ],
)
def test_language_switch_keeps_path_and_query_and_sets_no_cookie(client, english, path, switch):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert switch in response.content.decode()
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_language_switch_on_a_country_page(client, starter, english):
    response = client.get("/destinations/rs/")
    assert '<a href="/ru/destinations/rs/" hreflang="ru" lang="ru">Русский</a>' in response.content.decode()
    response = client.get("/ru/destinations/rs/")
    assert '<a href="/destinations/rs/" hreflang="en" lang="en">English</a>' in response.content.decode()
    assert not response.cookies


# --- Plural forms, numbers and dates ---------------------------------------------------------------


def months(low, high, language: str) -> str:
    template = Template("{% load ranges %}{{ low|months_range:high }}")
    with translation.override(language):
        return template.render(Context({"low": low, "high": high}))


@pytest.mark.parametrize(
    ("low", "high", "russian", "english_text"),
    [
        (Decimal(1), Decimal(1), "1 месяц", "1 month"),
        (Decimal(2), Decimal(2), "2 месяца", "2 months"),
        (Decimal(5), Decimal(5), "5 месяцев", "5 months"),
        (Decimal(11), Decimal(11), "11 месяцев", "11 months"),
        (Decimal(21), Decimal(21), "21 месяц", "21 months"),
        (Decimal(4), Decimal(9), "4–9 месяцев", "4–9 months"),
        (Decimal(12), Decimal(22), "12–22 месяца", "12–22 months"),  # the last number decides
        (Decimal(6), Decimal(21), "6–21 месяц", "6–21 months"),
        (Decimal("0.5"), Decimal("0.5"), "0,5 месяца", "0.5 months"),
        (Decimal(2), Decimal("2.5"), "2–2,5 месяца", "2–2.5 months"),
        (Decimal(8), None, "минимум 8 месяцев", "at least 8 months"),
        (Decimal(1), None, "минимум 1 месяц", "at least 1 month"),
        (Decimal(3), None, "минимум 3 месяца", "at least 3 months"),
        (None, None, "неизвестно", "unknown"),
    ],
)
def test_month_ranges_use_russian_plural_forms_and_decimal_comma(low, high, russian, english_text):
    assert months(low, high, "ru") == russian
    assert months(low, high, "en") == english_text


def test_money_and_values_are_localised():
    template = Template(
        "{% load ranges %}{{ low|eur_range:high }} | {% value_range share_low share_high '%' %}"
    )
    context = {"low": Decimal(1200), "high": Decimal(15000), "share_low": Decimal("30.5"), "share_high": 40}
    with translation.override("en"):
        assert template.render(Context(context)) == "€1,200–€15,000 | 30.5–40 %"
    with translation.override("ru"):
        assert template.render(Context(context)) == "1\xa0200 €–15\xa0000 € | 30,5–40 %"


@pytest.mark.django_db
def test_dates_show_month_names_in_the_page_language(client, english):
    make_guide(
        published_at=datetime.datetime(2026, 3, 5, 12, tzinfo=datetime.UTC),
        last_reviewed=datetime.date(2026, 3, 5),
    )
    assert "March 5, 2026" in client.get("/guides/a-guide/").content.decode()
    assert "5 марта 2026" in client.get("/ru/guides/a-guide/").content.decode()


# --- The "(in English)" fallback marker ------------------------------------------------------------

MARKER = '<span class="fallback-marker"> (на английском)</span>'


@pytest.mark.django_db
def test_guide_without_russian_text_shows_english_with_a_marker(client, english):
    make_guide(title="Diploma checklist", summary="What to bring.", body="Bring the **diploma**.")
    html = client.get("/ru/guides/a-guide/").content.decode()
    assert f'<h1><span lang="en">Diploma checklist</span>{MARKER}</h1>' in html
    assert f'<span lang="en">What to bring.</span>{MARKER}' in html
    assert '<div lang="en"><p>Bring the <strong>diploma</strong>.</p></div>' in html
    listing = client.get("/ru/guides/").content.decode()
    assert f'<span lang="en">Diploma checklist</span>{MARKER}' in listing
    english_html = client.get("/guides/a-guide/").content.decode()
    assert "fallback-marker" not in english_html


@pytest.mark.django_db
def test_translated_text_has_no_marker(client, english):
    make_guide(
        title="Diploma checklist",
        title_ru="Список документов",
        summary="What to bring.",
        summary_ru="Что взять с собой.",
        body="Bring the diploma.",
        body_ru="Возьмите диплом.",
    )
    html = client.get("/ru/guides/a-guide/").content.decode()
    assert "<h1>Список документов</h1>" in html
    assert "Возьмите диплом." in html
    assert "fallback-marker" not in html
    assert 'lang="en">Diploma' not in html


@pytest.mark.django_db
def test_country_page_marks_each_block_shown_in_english(client, english):
    country = make_country(
        iso2="rs", name="Serbia", name_ru="Сербия", region="europe_other", summary="Nostrify first."
    )
    path = make_path(
        country=country, name="Nostrification", name_ru="Нострификация", summary="Then the exam."
    )
    make_step(
        path=path, title="Apply to the agency", detail="Bring the diploma.", detail_ru="Возьмите диплом."
    )
    make_barrier(
        country=country, title="Exam", title_ru="Экзамен", detail="Hard.", mitigation="Take a course."
    )
    html = client.get("/ru/destinations/rs/").content.decode()
    assert f'<span lang="en">Nostrify first.</span>{MARKER}' in html  # country summary
    assert "<h3>Экзамен</h3>" in html  # barrier title translated
    assert f'<span lang="en">Hard.</span>{MARKER}' in html  # barrier detail
    assert f'<span lang="en">Take a course.</span>{MARKER}' in html  # barrier mitigation
    assert "Нострификация" in html and 'lang="en">Nostrification<' not in html  # path name translated
    assert f'<span lang="en">Then the exam.</span>{MARKER}' in html  # path summary
    assert f'<span lang="en">Apply to the agency</span>{MARKER}' in html  # step title
    assert "Возьмите диплом." in html and 'lang="en">Bring the diploma.' not in html  # step detail translated
    assert "fallback-marker" not in client.get("/destinations/rs/").content.decode()


@pytest.mark.django_db
def test_not_found_page_is_in_the_language_of_its_path(client, english):
    response = client.get("/ru/destinations/zz/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Страница не найдена" in html
    response = client.get("/destinations/zz/")
    assert '<html lang="en">' in response.content.decode()
