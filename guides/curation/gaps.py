"""What the data does not know yet, country by country: the ``data_gaps`` report and the admin panel.

For each country: its standard path and whether that path's time and cost are complete, partial or
unknown; the counted steps of its published paths without a months range or a cost range; paths that
require a language without a level; authorities without an official address; items not reviewed for
``GUIDES_STALE_AFTER_DAYS``; and the two rules every gap must follow: a counted step that lacks a
figure says in its curator note what was searched, and a ``low`` confidence says why. The totals line
is what the team quotes.
"""

from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.db.models import Prefetch, Q
from django.utils.translation import gettext, pgettext_lazy

from ..models import Barrier, Confidence, Country, RecognitionPath, Step
from ..models.totals import Knowledge
from .attention import stale_q

#: How much of a standard path's time or cost is known, as the admin's table says it (one word for both).
KNOWN = {
    Knowledge.COMPLETE: pgettext_lazy("how much is known", "complete"),
    Knowledge.PARTIAL: pgettext_lazy("how much is known", "partial"),
    Knowledge.UNKNOWN: pgettext_lazy("how much is known", "unknown"),
}


@dataclass
class CountryGaps:
    iso2: str
    name: str
    standard_path: str = ""
    time: str = "unknown"
    cost: str = "unknown"
    steps: int = 0
    steps_without_months: int = 0
    steps_without_cost: int = 0
    gaps_without_search_note: int = 0
    low_confidence_without_reason: int = 0
    paths_without_language_level: int = 0
    authorities: int = 0
    authorities_without_url: int = 0
    stale_items: int = 0

    @property
    def time_label(self) -> str:
        """How much of the standard path's time is known, in the active language."""
        return str(KNOWN[self.time])

    @property
    def cost_label(self) -> str:
        return str(KNOWN[self.cost])


@dataclass
class GapReport:
    countries: list[CountryGaps] = field(default_factory=list)

    def totals(self) -> dict:
        rows = self.countries
        steps = sum(r.steps for r in rows)
        authorities = sum(r.authorities for r in rows)
        return {
            "countries": len(rows),
            "standard_paths": sum(1 for r in rows if r.standard_path),
            "standard_time_complete": sum(1 for r in rows if r.time == "complete"),
            "standard_cost_complete": sum(1 for r in rows if r.cost == "complete"),
            "steps": steps,
            "steps_with_months": steps - sum(r.steps_without_months for r in rows),
            "steps_with_cost": steps - sum(r.steps_without_cost for r in rows),
            "authorities": authorities,
            "authorities_with_url": authorities - sum(r.authorities_without_url for r in rows),
            "gaps_without_search_note": sum(r.gaps_without_search_note for r in rows),
            "low_confidence_without_reason": sum(r.low_confidence_without_reason for r in rows),
            "paths_without_language_level": sum(r.paths_without_language_level for r in rows),
            "stale_items": sum(r.stale_items for r in rows),
        }

    def as_json(self) -> dict:
        return {"countries": [asdict(r) for r in self.countries], "totals": self.totals()}


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "–"


def totals_line(totals: dict) -> str:
    """The totals in one line, in the active language: the admin's, or English for the command."""
    t = totals
    return gettext(
        "%(countries)s countries; standard paths %(standard_paths)s, complete in time %(time_complete)s "
        "(%(time_share)s), in cost %(cost_complete)s (%(cost_share)s); steps %(steps)s: with a months "
        "range %(with_months)s (%(months_share)s), with a cost range %(with_cost)s (%(with_cost_share)s); "
        "authorities with an official URL %(authorities_with_url)s of %(authorities)s; paths without a "
        "language level %(without_level)s; gaps without a search note %(without_note)s; low confidence "
        "without a reason %(without_reason)s; stale items %(stale)s"
    ) % {
        "countries": t["countries"],
        "standard_paths": t["standard_paths"],
        "time_complete": t["standard_time_complete"],
        "time_share": _percent(t["standard_time_complete"], t["countries"]),
        "cost_complete": t["standard_cost_complete"],
        "cost_share": _percent(t["standard_cost_complete"], t["countries"]),
        "steps": t["steps"],
        "with_months": t["steps_with_months"],
        "months_share": _percent(t["steps_with_months"], t["steps"]),
        "with_cost": t["steps_with_cost"],
        "with_cost_share": _percent(t["steps_with_cost"], t["steps"]),
        "authorities_with_url": t["authorities_with_url"],
        "authorities": t["authorities"],
        "without_level": t["paths_without_language_level"],
        "without_note": t["gaps_without_search_note"],
        "without_reason": t["low_confidence_without_reason"],
        "stale": t["stale_items"],
    }


def data_gaps(codes=None) -> GapReport:
    """The report for every country (or those whose codes are given), in a fixed number of queries."""
    paths = RecognitionPath.objects.published().with_steps()
    countries = Country.objects.order_by("iso2").prefetch_related(
        Prefetch("paths", queryset=paths, to_attr="gap_paths"), "authorities"
    )
    if codes:
        countries = countries.filter(iso2__in=codes)
    stale = _stale_counts()
    unexplained_barriers = _unexplained_barrier_counts()
    report = GapReport()
    for country in countries:
        row = CountryGaps(country.iso2, country.name)
        for path in country.gap_paths:
            counted = [s for s in path.steps.all() if not s.optional]
            row.steps += len(counted)
            row.steps_without_months += sum(
                1 for s in counted if s.months_min is None or s.months_max is None
            )
            row.steps_without_cost += sum(1 for s in counted if s.cost_min is None or s.cost_max is None)
            row.gaps_without_search_note += sum(
                1 for s in counted if _lacks_a_figure(s) and not s.curator_note
            )
            row.low_confidence_without_reason += _unexplained(path) + sum(
                _unexplained(s) for s in path.steps.all()
            )
            row.paths_without_language_level += bool(path.language_id and not path.language_level)
            if path.is_standard:
                row.standard_path = path.slug
                row.time, row.cost = path.totals.months.knowledge, path.totals.cost.knowledge
        authorities = list(country.authorities.all())
        row.authorities = len(authorities)
        row.authorities_without_url = sum(1 for a in authorities if not a.url)
        row.low_confidence_without_reason += _unexplained(country) + unexplained_barriers.get(country.pk, 0)
        row.stale_items = stale.get(country.pk, 0)
        report.countries.append(row)
    return report


def _lacks_a_figure(step) -> bool:
    return None in (step.months_min, step.months_max, step.cost_min, step.cost_max)


def _unexplained(row) -> int:
    """1 when the row is of ``low`` confidence and says why in neither language."""
    reasons = (getattr(row, f"confidence_reason_{code}", "") for code, _name in settings.LANGUAGES)
    return int(row.confidence == Confidence.LOW and not any(reasons))


def _unexplained_barrier_counts() -> dict[int, int]:
    """Published barriers of ``low`` confidence that say why in no language, per country."""
    empty = Q()
    for code, _name in settings.LANGUAGES:
        empty &= Q(**{f"confidence_reason_{code}": ""}) | Q(**{f"confidence_reason_{code}__isnull": True})
    rows = Barrier.objects.published().filter(empty, confidence=Confidence.LOW)
    counts: dict[int, int] = {}
    for pk in rows.values_list("country_id", flat=True):
        counts[pk] = counts.get(pk, 0) + 1
    return counts


def _stale_counts() -> dict[int, int]:
    """Stale public items per country: the country itself, its paths, their steps and its barriers
    (what the inbox's stale list holds of a country)."""
    counts: dict[int, int] = {}
    for pk in Country.objects.filter(stale_q()).values_list("pk", flat=True):
        counts[pk] = counts.get(pk, 0) + 1
    for model in (RecognitionPath, Barrier):
        for pk in model.objects.published().filter(stale_q()).values_list("country_id", flat=True):
            counts[pk] = counts.get(pk, 0) + 1
    public_steps = Step.objects.filter(
        **{f"path__{name}": value for name, value in RecognitionPath.PUBLIC.items()}
    )
    for pk in public_steps.filter(stale_q()).values_list("path__country_id", flat=True):
        counts[pk] = counts.get(pk, 0) + 1
    return counts
