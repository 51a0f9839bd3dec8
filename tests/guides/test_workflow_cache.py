"""Every curation write path bumps the data version, so cached public pages are rebuilt."""

import pytest

from guides.curation.attention import mark_reviewed
from guides.curation.revisions import create_revision
from relocation.cache import data_version
from tests.factories import make_path, make_source, make_step

# Real commits: the setup's writes and the action under test would otherwise share one transaction,
# which queues a single bump for both.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_path():
    path = make_path()
    make_step(path=path, months_min=2, months_max=3)
    path.sources.add(make_source())
    return path


def test_publishing_a_revision_bumps_the_version(live_path, superuser):
    revision = create_revision(live_path, superuser)
    before = data_version()
    revision.publish(superuser)
    assert data_version() != before


@pytest.mark.parametrize("action", [mark_reviewed, lambda obj, user: obj.unpublish(user)])
def test_actions_bump_the_version(live_path, superuser, action):
    before = data_version()
    action(live_path, superuser)
    assert data_version() != before
