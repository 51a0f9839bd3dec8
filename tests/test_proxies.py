"""Behind trusted proxies: the client address comes from X-Forwarded-For, as many hops as configured.

The rate limit of readers' reports and the login lockout both use it, and the lockout also limits
failures from one address across usernames.
"""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from relocation.clientip import client_ip
from tests.factories import make_country, make_path

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    "trusted, remote, forwarded, expected",
    [
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),  # no proxy: the header is ignored
        (1, PROXY, "203.0.113.7", "203.0.113.7"),
        (1, PROXY, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # a forged first entry is not trusted
        (2, PROXY, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (1, PROXY, None, PROXY),  # not through the proxy: the peer itself
        (1, PROXY, "not-an-address", PROXY),
        (3, PROXY, "203.0.113.7", "203.0.113.7"),  # fewer hops than proxies: the farthest
    ],
)
def test_client_address_behind_trusted_proxies(settings, trusted, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(remote, forwarded)) == expected


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXIES = 1
    return settings


def test_rate_limit_counts_each_reader_behind_the_proxy_apart(client, behind_one_proxy):
    behind_one_proxy.GUIDES_REPORT_RATE_LIMIT = 2
    make_path(country=make_country(iso2="rs", name="Serbia", region="europe_other"))
    data = {"country": "rs", "message": "Wrong fee."}

    def post(reader):
        return client.post(
            "/report/", data, HTTP_ORIGIN="http://testserver", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=reader
        )

    assert [post("203.0.113.7").status_code for _ in range(3)] == [200, 200, HTTPStatus.TOO_MANY_REQUESTS]
    # Another reader through the same proxy has a bucket of their own.
    assert post("198.51.100.1").status_code == HTTPStatus.OK


def login(client, username, password, reader):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=reader,
    )


def test_lockout_behind_the_proxy_locks_the_attacker_not_everyone(client, behind_one_proxy, admin_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "admin", "wrong", "6.6.6.6")
    assert login(client, "admin", "password", "6.6.6.6").status_code == HTTPStatus.TOO_MANY_REQUESTS
    # The same staff name from another address behind the same proxy still logs in.
    assert login(client, "admin", "password", "203.0.113.7").status_code == HTTPStatus.FOUND


def test_lockout_limits_one_address_across_usernames(client, behind_one_proxy, admin_user):
    for number in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"user{number}", "wrong", "6.6.6.6")
    assert login(client, "admin", "password", "6.6.6.6").status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert login(client, "admin", "password", "203.0.113.7").status_code == HTTPStatus.FOUND
