"""The arithmetic of reported outcomes, and the aggregates kept of them.

``summarise`` is the one rule: the median (the middle value, or the mean of the two middle values) and
the range of whole months, or nothing when fewer than ``MIN_REPORTS`` values are given. ``refresh``
rewrites a path's aggregates from its approved reports; the path's total counts only the reports whose
procedure ended (a licence or a permit): "still waiting" and "gave up" would make it look shorter than
it is.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from relocation.cache import bump_data_version_on_commit

from . import MIN_REPORTS
from .models import OutcomeAggregate, OutcomeReport, OutcomeStep


@dataclass(frozen=True)
class Summary:
    reports: int
    median: Decimal
    low: int
    high: int


def median(values: Sequence[int]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


def summarise(values: Iterable[int]) -> Summary | None:
    """The median and range of ``values``, or ``None`` below ``MIN_REPORTS`` values."""
    values = list(values)
    if len(values) < MIN_REPORTS:
        return None
    return Summary(len(values), median(values).quantize(Decimal("0.1")), min(values), max(values))


def refresh(path_ids: Iterable[int]) -> None:
    """Recompute the aggregates of these paths from their approved reports (after any moderation).

    Moderation may change what pages show even when no aggregate changes (an approved advice text),
    so every call renews the page cache; a doctor's pending report never does.
    """
    path_ids = sorted(set(path_ids))
    if not path_ids:
        return
    bump_data_version_on_commit()
    approved = OutcomeReport.objects.approved().filter(path_id__in=path_ids)
    totals: dict[int, list[int]] = {pk: [] for pk in path_ids}
    for path_id, months, outcome in approved.values_list("path_id", "months_total", "outcome"):
        if months is not None and outcome in OutcomeReport.REACHED:
            totals[path_id].append(months)
    steps: dict[tuple[int, int], list[int]] = {}
    rows = OutcomeStep.objects.filter(report__in=approved, step__path_id__in=path_ids)
    for path_id, step_id, months in rows.values_list("report__path_id", "step_id", "months"):
        steps.setdefault((path_id, step_id), []).append(months)
    wanted = {(pk, None): summarise(values) for pk, values in totals.items()}
    wanted.update({key: summarise(values) for key, values in steps.items()})
    with transaction.atomic():
        existing = {(a.path_id, a.step_id): a for a in OutcomeAggregate.objects.filter(path_id__in=path_ids)}
        for key, aggregate in existing.items():
            if wanted.get(key) is None:
                aggregate.delete()
        for (path_id, step_id), summary in wanted.items():
            if summary is None:
                continue
            fields = {
                "reports": summary.reports,
                "median_months": summary.median,
                "months_min": summary.low,
                "months_max": summary.high,
            }
            current = existing.get((path_id, step_id))
            if current is None:
                OutcomeAggregate.objects.create(path_id=path_id, step_id=step_id, **fields)
            elif any(getattr(current, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(current, name, value)
                current.save()


def for_paths(paths, among=None) -> list:
    """Attach ``path.reported`` (the path's aggregate or ``None``) to each path, and ``step.reported``
    to the steps of the paths that have step aggregates, in one query (plus the steps of those paths
    where they were not prefetched). Returns the paths with step aggregates.

    ``among`` (a queryset of paths holding ``paths``) selects the aggregates by a subquery rather than
    by a list of every path's id, which costs more to build than to run when there are thousands."""
    paths = list(paths)
    selected = among.values("pk") if among is not None else [p.pk for p in paths]
    found = {(a.path_id, a.step_id): a for a in OutcomeAggregate.objects.filter(path__in=selected)}
    with_steps = {path_id for path_id, step_id in found if step_id is not None}
    for path in paths:
        path.reported = found.get((path.pk, None))
        if path.pk in with_steps:
            for step in path.steps.all():
                step.reported = found.get((path.pk, step.pk))
    return [path for path in paths if path.pk in with_steps]


def step_ranges(path) -> dict[int, tuple[Decimal, Decimal]]:
    """The reported ranges of ``path``'s steps (after ``for_paths``), for the steps that have one."""
    return {
        step.pk: (Decimal(step.reported.months_min), Decimal(step.reported.months_max))
        for step in path.steps.all()
        if getattr(step, "reported", None) is not None
    }


ADVICE_SHOWN = 10


def advice_for(country, limit: int = ADVICE_SHOWN) -> list[OutcomeReport]:
    """The approved advice texts of ``country``'s published paths, newest first (text only is shown)."""
    return list(
        OutcomeReport.objects.approved()
        .filter(country=country, path__in=country.paths.published())
        .exclude(advice="")
        .select_related("path")[:limit]
    )
