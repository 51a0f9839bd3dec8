from http import HTTPStatus

import pytest
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from guides.models import (
    Authority,
    Barrier,
    Country,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Step,
    Topic,
)
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
