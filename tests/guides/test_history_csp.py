"""django-simple-history's admin pages hold nothing the admin CSP would block (no unsafe-inline)."""

import re
from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import make_path

pytestmark = pytest.mark.django_db


def assert_csp_clean(response):
    assert response.status_code == HTTPStatus.OK
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<style\b", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=", html)


@pytest.fixture
def changed_path():
    path = make_path(status="draft")
    for number in range(3):
        path.name = f"Route {number}"
        path.save()
    return path


def test_history_list_is_clean_under_the_csp(admin_client, changed_path):
    response = admin_client.get(reverse("admin:guides_recognitionpath_history", args=[changed_path.pk]))
    assert_csp_clean(response)
    assert 'class="paginator history-paginator"' in response.content.decode()
    assert "guides/admin/curation.css" in response.content.decode()


def test_history_record_page_is_clean_under_the_csp(admin_client, changed_path):
    record = changed_path.history.last()
    url = reverse("admin:guides_recognitionpath_simple_history", args=[changed_path.pk, record.pk])
    assert_csp_clean(admin_client.get(url))
