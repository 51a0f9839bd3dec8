"""Every curation write path bumps the data version, so cached public pages are rebuilt."""

import pytest

from guides.curation.attention import mark_reviewed
from guides.curation.revisions import create_revision
from relocation.cache import data_version
from tests.factories import make_path, make_source, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_path():
    path = make_path()
    make_step(path=path, months_min=2, months_max=3)
    path.sources.add(make_source())
    return path


def test_publishing_a_revision_bumps_the_version(live_path, superuser, django_capture_on_commit_callbacks):
    revision = create_revision(live_path, superuser)
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish(superuser)
    assert data_version() != before


@pytest.mark.parametrize("action", [mark_reviewed, lambda obj, user: obj.unpublish(user)])
def test_actions_bump_the_version(live_path, superuser, django_capture_on_commit_callbacks, action):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        action(live_path, superuser)
    assert data_version() != before
