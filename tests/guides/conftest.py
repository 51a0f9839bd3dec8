import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """A request under /ru/ leaves Russian active in the thread; start and end every test in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def make_staff(username: str, group: str | None = None) -> User:
    """A staff user as the README says: staff status, one group, no individual permissions."""
    user = User.objects.create_user(username, password="a-long-test-password", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_staff("editor", "Editors")


@pytest.fixture
def reviewer(db):
    return make_staff("reviewer", "Reviewers")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="a-long-test-password")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client
