"""The totals index (every path's totals, once per data version) agrees with the totals computed from
each path's steps, and follows every write."""

import pytest
from django.core.management import call_command
from django.db import transaction

from guides.models import RecognitionPath
from guides.models.totals import compute_totals, path_totals, totals_index
from tests.factories import make_path, make_step
from tests.generate import generate, starter_counts


def assert_index_agrees_with_the_steps() -> int:
    index = compute_totals()
    paths = list(RecognitionPath.objects.with_steps())
    for path in paths:
        assert index[path.pk] == path_totals(path, path.steps.all()), path
    assert set(index) == {path.pk for path in paths}
    return len(paths)


@pytest.mark.django_db
def test_the_index_agrees_on_every_path_of_the_starter_set_and_of_ten_times_it():
    call_command("loaddata", "starter.json", verbosity=0)
    starter = assert_index_agrees_with_the_steps()
    generate(10, counts=starter_counts())
    assert assert_index_agrees_with_the_steps() > 10 * starter


@pytest.mark.django_db(transaction=True)
def test_the_index_follows_each_committed_write():
    path = make_path()
    make_step(path=path, months_min=2, months_max=3)
    assert totals_index()[path.pk].months.high == 3
    make_step(path=path, slug="another", months_min=1, months_max=1)
    assert totals_index()[path.pk].months.high == 4


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_wrote_reads_its_own_totals():
    path = make_path()
    make_step(path=path, months_min=2, months_max=3)
    assert totals_index() is not None
    with transaction.atomic():
        make_step(path=path, slug="another", months_min=1, months_max=1)
        assert totals_index() is None
        assert RecognitionPath.objects.get(pk=path.pk).totals.months.high == 4
