"""How long and how much: a path's totals, how much of them is known, and the one order of them.

A total is a ``Span``: its bounds and whether it is *complete* (every counted part has a minimum and a
maximum, or a source gives the whole), *partial* (some parts are known: the low bound is a lower bound,
"at least 8 months; 2 of 4 steps have no duration") or *unknown*. A partial low bound is never the
answer: ``Span.order_key`` puts every complete span before every partial one, and unknown last.

A path's months are the sourced end-to-end duration when a source gives both bounds, else its counted
(non-optional) steps'; a sourced minimum alone makes a partial span whose low bound is the larger of it
and the steps' known minimums, unless the steps are complete and do not fall short of it. Its cost is
the steps' costs in EUR at the curated, dated rates; a step without a known fee leaves the cost partial.

The plan may fill a step that has no sourced range with the range doctors reported for it (three
reports or more, ``guides/outcomes/``): ``from_reports`` counts such steps, so the total says so and its
confidence is low; the rules above are unchanged.
"""

import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class Knowledge(models.TextChoices):
    COMPLETE = "complete", _("complete")
    PARTIAL = "partial", _("partial")
    UNKNOWN = "unknown", _("unknown")


RANK = {Knowledge.COMPLETE: 0, Knowledge.PARTIAL: 1, Knowledge.UNKNOWN: 2}
FAR = Decimal("1e9")  # sorts after any real value


@dataclass(frozen=True)
class Span:
    """A total of months or money: bounds (``None`` when unknown) and how much of it is known."""

    low: Decimal | None = None
    high: Decimal | None = None
    knowledge: str = Knowledge.UNKNOWN
    missing: int = 0  # counted parts whose range is not fully known
    parts: int = 0  # counted parts
    reported: bool = False  # taken from a sourced end-to-end figure
    from_reports: int = 0  # counted parts whose range comes from doctors' reports, not a source

    @property
    def is_complete(self) -> bool:
        return self.knowledge == Knowledge.COMPLETE

    @property
    def is_partial(self) -> bool:
        return self.knowledge == Knowledge.PARTIAL

    @property
    def is_unknown(self) -> bool:
        return self.knowledge == Knowledge.UNKNOWN

    @property
    def midpoint(self) -> Decimal | None:
        if not self.is_complete:
            return None
        return (self.low + self.high) / 2

    def order_key(self) -> tuple:
        """Complete spans by midpoint, then maximum; then partial by their known minimum; unknown last."""
        if self.is_complete:
            return (RANK[self.knowledge], self.midpoint, self.high)
        if self.is_partial:
            return (RANK[self.knowledge], self.low, FAR)
        return (RANK[self.knowledge], FAR, FAR)

    def ends_by(self, limit: Decimal) -> bool:
        """Known to end by ``limit``: complete, with its maximum at most ``limit``."""
        return self.is_complete and self.high <= limit

    def might_end_by(self, limit: Decimal) -> bool:
        """Not known enough, but its known minimum does not rule ``limit`` out."""
        return self.is_partial and self.low is not None and self.low <= limit

    def plus(self, other: "Span") -> "Span":
        """The span of doing both: complete only when both are; partial while something is known."""
        parts, missing = self.parts + other.parts, self.missing + other.missing
        from_reports = self.from_reports + other.from_reports
        if self.is_complete and other.is_complete:
            return Span(
                self.low + other.low,
                self.high + other.high,
                Knowledge.COMPLETE,
                0,
                parts,
                from_reports=from_reports,
            )
        low = sum((s.low for s in (self, other) if s.low is not None), Decimal(0))
        return Span.partial(low, missing, parts, from_reports=from_reports)

    @classmethod
    def partial(
        cls, low: Decimal, missing: int, parts: int, reported: bool = False, from_reports: int = 0
    ) -> "Span":
        """A lower bound; "at least 0" says nothing, so a zero lower bound is unknown."""
        if not low:
            return cls(missing=missing, parts=parts, from_reports=from_reports)
        return cls(low, None, Knowledge.PARTIAL, missing, parts, reported, from_reports)

    @classmethod
    def of_parts(cls, ranges: list[tuple[Decimal | None, Decimal | None]]) -> "Span":
        """The sum of ``ranges`` (``(low, high)``, either ``None`` when unknown)."""
        if not ranges:
            return cls()
        missing = sum(1 for low, high in ranges if low is None or high is None)
        lows = [low for low, _high in ranges if low is not None]
        if not missing:
            return cls(
                sum(lows, Decimal(0)),
                sum((h for _l, h in ranges), Decimal(0)),
                Knowledge.COMPLETE,
                0,
                len(ranges),
            )
        return cls.partial(sum(lows, Decimal(0)), missing, len(ranges))


@dataclass(frozen=True)
class PathTotals:
    months: Span
    cost: Span  # in EUR


def path_totals(path, steps, reported_steps: Mapping | None = None) -> PathTotals:
    """The totals of ``path`` from its ``steps`` (their currency loaded); see the module docstring.

    ``reported_steps`` maps step ids to a ``(low, high)`` range from doctors' reports, used only for a
    step whose sourced range is not fully known.
    """
    counted = [step for step in steps if not step.optional]
    reported_steps = reported_steps or {}
    ranges, from_reports = [], 0
    for step in counted:
        sourced = (step.months_min, step.months_max)
        if reported_steps and None in sourced and step.pk in reported_steps:
            sourced, from_reports = filled_range(sourced, reported_steps[step.pk]), from_reports + 1
        ranges.append(sourced)
    months = replace(Span.of_parts(ranges), from_reports=from_reports)
    reported_low, reported_high = path.reported_months_min, path.reported_months_max
    if reported_low is not None and reported_high is not None:
        months = Span(reported_low, reported_high, Knowledge.COMPLETE, 0, months.parts, reported=True)
    elif reported_low is not None and not (months.is_complete and months.low >= reported_low):
        # A source says it takes at least this long: steps that sum to less are missing something.
        low = max(reported_low, months.low or Decimal(0))
        months = Span.partial(low, months.missing, months.parts, True, from_reports)
    cost = Span.of_parts([_in_eur(step) for step in counted])
    return PathTotals(months, cost)


def filled_range(sourced: tuple, reported: tuple) -> tuple[Decimal, Decimal]:
    """A step's range from reports, never below a sourced minimum nor above a sourced maximum."""
    low, high = reported
    if sourced[0] is not None:
        low = max(low, sourced[0])
        high = max(high, low)
    if sourced[1] is not None:
        high = sourced[1]
        low = min(low, high)
    return (low, high)


def _in_eur(step) -> tuple[Decimal | None, Decimal | None]:
    if step.currency_id is None:
        return (None, None)
    rate = step.currency.eur_per_unit
    return (
        None if step.cost_min is None else step.cost_min * rate,
        None if step.cost_max is None else step.cost_max * rate,
    )


# --- Every path's totals, computed once per data version ------------------------------------------
#
# Pages read totals from this index instead of loading every step: it is built with one plain query
# the first time a page asks after a write (every write bumps the data version, see relocation/cache.py)
# and kept in the shared cache and in the process. A transaction that has written content reads its
# own uncommitted rows: it bypasses the index and computes from the steps.

TOTALS_KEY = "guides:path-totals:{version}"
TOTALS_SECONDS = 60 * 60 * 24  # a bump makes the entry unreachable long before this
_memo: dict = {}


class _Rate:
    __slots__ = ("eur_per_unit",)

    def __init__(self, eur_per_unit):
        self.eur_per_unit = eur_per_unit


class _StepRow:
    """What ``path_totals`` reads of a step, from one row of a values query."""

    __slots__ = ("optional", "months_min", "months_max", "cost_min", "cost_max", "currency_id", "currency")

    def __init__(self, optional, months_min, months_max, cost_min, cost_max, currency_id, rate):
        self.optional, self.months_min, self.months_max = optional, months_min, months_max
        self.cost_min, self.cost_max, self.currency_id = cost_min, cost_max, currency_id
        self.currency = _Rate(rate) if currency_id is not None else None


class _PathRow:
    __slots__ = ("reported_months_min", "reported_months_max")

    def __init__(self, low, high):
        self.reported_months_min, self.reported_months_max = low, high


def compute_totals(path_pks=None) -> dict[int, PathTotals]:
    """The totals of the paths ``path_pks`` (default: every path) with one query; see ``path_totals``."""
    from django.apps import apps

    paths = apps.get_model("guides", "RecognitionPath").objects.order_by()
    if path_pks is not None:
        paths = paths.filter(pk__in=path_pks)
    step = ("optional", "months_min", "months_max", "cost_min", "cost_max", "currency_id")
    columns = [f"steps__{name}" for name in step] + ["steps__currency__eur_per_unit", "steps__pk"]
    reported: dict[int, _PathRow] = {}
    steps: dict[int, list] = {}
    # One row per step (a path without steps comes once, its step columns empty).
    for pk, low, high, *values in paths.values_list(
        "pk", "reported_months_min", "reported_months_max", *columns
    ):
        if pk not in reported:
            reported[pk], steps[pk] = _PathRow(low, high), []
        if values[-1] is not None:
            steps[pk].append(_StepRow(*values[:-1]))
    return {pk: path_totals(row, steps[pk]) for pk, row in reported.items()}


def totals_index() -> dict[int, PathTotals] | None:
    """Every path's totals at the current data version (``None`` inside a transaction that wrote)."""
    from django.core.cache import cache

    from relocation.cache import data_version, writes_pending

    if writes_pending():
        return None
    version = data_version()
    if _memo.get("version") == version:
        return _memo["index"]
    key = TOTALS_KEY.format(version=version)
    index = cache.get(key)
    if index is None:
        index = compute_totals()
        cache.set(key, index, TOTALS_SECONDS)
    _memo.clear()
    _memo.update(version=version, index=index)
    return index


def per_data_version(key, compute):
    """``compute()`` once per data version and process, kept under ``key`` (which tells apart what
    differs by request, e.g. the language) until the next write; recomputed every time inside a
    transaction that wrote, which must see its own rows, and while the cache (which holds the version)
    does not answer. For what every reader sees alike (the home chart), never for what a request's
    parameters choose."""
    from relocation.cache import data_version, writes_pending

    if writes_pending():
        return compute()
    version = data_version()
    if not version:
        return compute()  # the cache does not answer: no version tells when the data changes
    with _lock:
        if _versioned.get(VERSION) != version:
            _versioned.clear()
            _versioned[VERSION] = version
        if key in _versioned:
            return _versioned[key]
    value = compute()
    with _lock:
        # Another request of this process may have seen a newer version meanwhile: what was computed
        # from older data is then not kept under it.
        if _versioned.get(VERSION) == version:
            _versioned.setdefault(key, value)
    return value


VERSION = object()
_versioned: dict = {}
# Requests of one process may run in threads (the development server does): they share what is kept.
_lock = threading.Lock()

#: Pieces of markup kept per process (``markup_per_data_version``); past this many the oldest go first.
MARKUP_KEPT = 5000
#: Values kept per process for what a request's parameters choose (``kept_per_data_version``): fewer,
#: since one (a ranking of every destination) can be large.
VALUES_KEPT = 200
_markup: dict = {}
_values: dict = {}


def _kept(store: dict, limit: int, keys: list, compute_missing) -> list:
    from relocation.cache import data_version, writes_pending

    version = None if writes_pending() else data_version()
    if not version:
        return compute_missing(list(range(len(keys))))
    with _lock:
        if store.get(VERSION) != version:
            store.clear()
            store[VERSION] = version
        found = [store.get(key) for key in keys]
    missing = [index for index, value in enumerate(found) if value is None]
    if missing:
        computed = compute_missing(missing)
        with _lock:
            keep = store.get(VERSION) == version  # else computed from older data than is kept now
            for index, value in zip(missing, computed, strict=True):
                found[index] = value
                if keep:
                    store[keys[index]] = value
            while len(store) > limit + 1:  # the version entry comes first and stays
                del store[next(key for key in store if key is not VERSION)]
    return found


def markup_per_data_version(keys: list, render_missing) -> list:
    """The markup of each of ``keys`` (hashable; each names everything its markup depends on, the
    language included), kept per data version and process like ``per_data_version``;
    ``render_missing(indexes)`` renders, in one go, those of ``keys`` (by index) not kept yet and returns
    their markup in that order. For markup many different pages share (a destination's card appears under
    every filter, sort and page that lists it), so a page the page cache misses still draws only what
    no page drew since the last write."""
    return _kept(_markup, MARKUP_KEPT, keys, render_missing)


def kept_per_data_version(key, compute):
    """``compute()`` kept per data version under ``key`` (hashable, naming everything the value depends
    on), among at most ``VALUES_KEPT`` values per process: for what a request's parameters choose (a
    filter's ranking), which ``per_data_version``, unbounded, must not keep."""
    return _kept(_values, VALUES_KEPT, [key], lambda _indexes: [compute()])[0]


def attach_totals(paths) -> None:
    """Give each of ``paths`` its ``totals`` from the index, computing the ones it lacks in one go."""
    index = totals_index() or {}
    missing = []
    for path in paths:
        found = index.get(path.pk)
        if found is None:
            missing.append(path)
        else:
            path.totals = found
    if missing:
        computed = compute_totals([path.pk for path in missing])
        for path in missing:
            path.totals = computed[path.pk]
