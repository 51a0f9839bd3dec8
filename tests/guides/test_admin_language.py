"""The admin in Russian and English: the staff member's choice, kept in their session, else the browser's."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_country, make_path

pytestmark = pytest.mark.django_db


def test_the_admin_follows_the_browser_until_a_choice_is_made(editor_client):
    page = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ru")
    assert page.status_code == HTTPStatus.OK
    assert page.headers["Content-Language"] == "ru"
    assert "Путеводитель по переезду для врачей: редакция" in page.content.decode()
    english = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.headers["Content-Language"] == "en"
    assert "relocation guide: curation" in english.content.decode()


def test_a_staff_member_switches_the_admin_to_russian_and_it_stays(editor_client):
    country = make_country(iso2="rs", name="Serbia", name_ru="Сербия")
    target = reverse("admin:guides_country_changelist")
    answer = editor_client.post(reverse("admin-language"), {"language": "ru", "next": target})
    assert answer.status_code == HTTPStatus.FOUND and answer.url == target
    page = editor_client.get(target, HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert page.headers["Content-Language"] == "ru"
    assert "Страны" in content  # our model's verbose name, in Russian
    assert country.name_ru in content
    # Back to English, whatever the browser says.
    editor_client.post(reverse("admin-language"), {"language": "en", "next": target})
    assert editor_client.get(target, HTTP_ACCEPT_LANGUAGE="ru").headers["Content-Language"] == "en"


def test_the_header_offers_the_other_language(editor_client):
    content = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'action="{reverse("admin-language")}"' in content
    assert 'name="language" value="ru"' in content
    assert 'name="language" value="en"' not in content  # the current one is not a button


def test_the_switch_refuses_foreign_redirects_and_unknown_languages(editor_client):
    answer = editor_client.post(
        reverse("admin-language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert answer.url == reverse("admin:index")
    assert editor_client.session.get("admin_language") is None


def test_only_staff_can_switch_and_only_by_post(editor_client):
    anonymous = Client()
    answer = anonymous.post(reverse("admin-language"), {"language": "ru"})
    assert answer.status_code == HTTPStatus.FOUND and reverse("admin:login") in answer.url
    assert "admin_language" not in anonymous.session  # sent to the login page, nothing kept
    assert editor_client.get(reverse("admin-language")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_public_pages_keep_their_language_from_the_address(editor_client):
    editor_client.post(reverse("admin-language"), {"language": "ru"})
    page = editor_client.get("/sources/")
    assert page.headers["Content-Language"] == "en"
    assert "Accept-Language" not in page.headers.get("Vary", "")


@pytest.mark.parametrize("query", ["Израиль", "Israel"])
def test_admin_search_finds_items_by_their_text_in_either_language(editor_client, query):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль")
    make_path(country=israel, slug="licensing-exam", name="Licensing exam", name_ru="Лицензионный экзамен")
    make_country(iso2="rs", name="Serbia", name_ru="Сербия")
    countries = editor_client.get(reverse("admin:guides_country_changelist"), {"q": query}).content.decode()
    assert "Israel" in countries and "Serbia" not in countries
    paths = editor_client.get(reverse("admin:guides_recognitionpath_changelist"), {"q": query})
    assert "Licensing exam" in paths.content.decode()


def test_admin_search_finds_a_path_by_its_russian_name(editor_client):
    make_path(name="Licensing exam", name_ru="Лицензионный экзамен")
    page = editor_client.get(reverse("admin:guides_recognitionpath_changelist"), {"q": "Лицензионный"})
    assert "Licensing exam" in page.content.decode()


def test_the_russian_admin_names_the_blank_choice_and_the_data_gaps_in_russian(editor_client):
    make_country(iso2="ge", name_en="Georgia", name_ru="Грузия")
    editor_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    form = editor_client.get(reverse("admin:guides_barrier_add")).content.decode()
    assert "- Выберите вариант -" in form and "Select an option" not in form
    page = editor_client.get(reverse("admin:index")).content.decode()
    gaps = page.split('class="data-gaps"')[0].rsplit("<h3>", 1)[1]
    assert "стран: 1; основных путей: 0" in gaps and "countries" not in gaps


def test_the_data_gaps_table_says_how_much_is_known_in_the_admins_language(editor_client):
    serbia = make_country(iso2="rs", name_en="Serbia", name_ru="Сербия")
    make_path(country=serbia, slug="licence", is_standard=True)
    editor_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    table = editor_client.get(reverse("admin:index")).content.decode().split('class="data-gaps"')[1]
    row = table.split('<th scope="row">Сербия</th>')[1].split("</tr>")[0]
    assert "неизвестно / неизвестно" in row and "unknown" not in row
