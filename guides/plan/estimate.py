"""The personal estimate behind "Plan my move": months, cost and the binding constraint per destination.

For every published path whose conditions the doctor meets (specialty, years of practice, completed
residency, the curated yes/no conditions), the estimate is the time to reach the path's required
language level from the doctor's level plus the path's own totals (``guides/models/totals.py``); cost
likewise, in EUR. Study time comes from sourced data (``StudyTime``, ``StudyIntensity``,
``CourseCost``): cumulative hours from zero to each CEFR level, converted to clock hours, divided by the
assumed hours a week and by 4.33 weeks a month. A language the doctor lacks with no sourced study time
leaves the estimate partial, never zero; destinations are ordered by the one rule (complete first).
A step without a sourced range takes the range at least three doctors reported for it
(``guides/outcomes/``), labelled as such, with low confidence.
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guides.models import (
    Barrier,
    CEFRLevel,
    Condition,
    Country,
    CourseCost,
    Language,
    RecognitionPath,
    Specialty,
    Step,
    StudyIntensity,
    StudyTime,
)
from guides.models.destinations import name_languages
from guides.models.totals import (
    Knowledge,
    Span,
    attach_totals,
    filled_range,
    path_totals,
    per_data_version,
)
from guides.outcomes import aggregate as outcomes
from guides.templatetags.ranges import months_range, total_text

LEVELS = [level for level, _label in CEFRLevel.choices]  # a1 ... c2, lowest first
NATIVE = "native"
PLAN_LEVELS = [*LEVELS, NATIVE]
WEEKS_PER_MONTH = Decimal("4.33")
TOP_BARRIERS = 3
TENTH = Decimal("0.1")


def level_label(level: str) -> str:
    if level == NATIVE:
        return _("native")
    return level.upper() if level else _("none")


def level_rank(level: str) -> int:
    """0 for no knowledge, 1-6 for A1-C2, 7 for a native speaker."""
    if level == NATIVE:
        return len(LEVELS) + 1
    return LEVELS.index(level) + 1 if level in LEVELS else 0


def _months(hours: Decimal, hours_per_week: Decimal) -> Decimal:
    return (hours / hours_per_week / WEEKS_PER_MONTH).quantize(TENTH, rounding=ROUND_HALF_UP)


def _add(*values: Decimal | None) -> Decimal | None:
    """The sum, unknown when any part is unknown."""
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


@dataclass
class StudyData:
    """The sourced study figures, loaded once per data version (read only, shared by every plan)."""

    times: dict[tuple[str, str], StudyTime]
    intensities: list[StudyIntensity]
    course_costs: list[CourseCost]

    @classmethod
    def load(cls) -> "StudyData":
        times = StudyTime.objects.select_related("language").prefetch_related("sources")
        intensities = StudyIntensity.objects.select_related("language").prefetch_related("sources")
        costs = CourseCost.objects.select_related("language", "currency", "country").prefetch_related(
            "sources"
        )
        return cls(
            times={(t.language.code, t.level): t for t in times},
            intensities=list(intensities),
            course_costs=list(costs),
        )

    def intensity_for(self, code: str) -> StudyIntensity | None:
        """The assumed intensity of the language, else the general assumption."""
        assumed = [i for i in self.intensities if i.assumed]
        for intensity in assumed:
            if intensity.language_id and intensity.language.code == code:
                return intensity
        return next((i for i in assumed if not i.language_id), None)

    @property
    def general_intensity(self) -> StudyIntensity | None:
        return next((i for i in self.intensities if i.assumed and not i.language_id), None)

    def eur_per_hour(self, code: str) -> tuple[Decimal, Decimal] | None:
        """The cheapest and dearest recorded price of a clock hour of study, or ``None``."""
        prices = [p for c in self.course_costs if c.language.code == code and (p := c.eur_per_hour())]
        if not prices:
            return None
        return min(p[0] for p in prices), max(p[1] for p in prices)


@dataclass
class Study:
    """The language part of one path's estimate."""

    status: str  # "none_required", "enough", "computed", "level_unknown", "no_figure"
    language: Language | None = None
    required: str = ""
    current: str = ""
    hours_min: Decimal | None = None
    hours_max: Decimal | None = None
    months_min: Decimal | None = None
    months_max: Decimal | None = None
    cost_min_eur: Decimal | None = None
    cost_max_eur: Decimal | None = None
    intensity: StudyIntensity | None = None
    figures: list[StudyTime] = field(default_factory=list)

    @property
    def needs_study(self) -> bool:
        return self.status in {"computed", "level_unknown", "no_figure"}

    @property
    def months(self) -> Span:
        """The study time as a total: zero when none is needed, unknown when no source gives it."""
        return self._span(self.months_min, self.months_max)

    @property
    def cost(self) -> Span:
        return self._span(self.cost_min_eur, self.cost_max_eur)

    def _span(self, low, high) -> Span:
        counted = 1 if self.needs_study else 0  # the study is a part of the plan only when needed
        if low is None or high is None:
            return Span(missing=counted, parts=counted)
        return Span(low, high, Knowledge.COMPLETE, 0, counted)


def study_for(*, language: Language | None, required: str, current: str, data: StudyData) -> Study:
    """The study time and cost from ``current`` (a level, ``native`` or "") to ``required``."""
    if language is None:
        zero = Decimal(0)
        return Study(
            status="none_required", months_min=zero, months_max=zero, cost_min_eur=zero, cost_max_eur=zero
        )
    study = Study(status="enough", language=language, required=required, current=current)
    if (
        current == NATIVE
        or current == LEVELS[-1]
        or (required and level_rank(current) >= level_rank(required))
    ):
        study.months_min = study.months_max = Decimal(0)
        study.cost_min_eur = study.cost_max_eur = Decimal(0)
        return study
    if not required:
        study.status = "level_unknown"
        return study
    target = data.times.get((language.code, required))
    start = data.times.get((language.code, current)) if current else None
    study.figures = [t for t in (start, target) if t is not None]
    target_hours = target.clock_hours() if target else (None, None)
    start_hours = (
        start.clock_hours() if start else ((Decimal(0), Decimal(0)) if not current else (None, None))
    )
    if None in target_hours or None in start_hours:
        study.status = "no_figure"
        return study
    low = max(target_hours[0] - start_hours[0], Decimal(0))
    high = max(target_hours[1] - start_hours[1], Decimal(0))
    low, high = min(low, high), max(low, high)
    intensity = data.intensity_for(language.code)
    if intensity is None:
        study.status = "no_figure"
        return study
    study.status = "computed"
    study.intensity = intensity
    study.hours_min, study.hours_max = low, high
    study.months_min = _months(low, intensity.hours_per_week)
    study.months_max = _months(high, intensity.hours_per_week)
    prices = data.eur_per_hour(language.code)
    if prices is not None:
        study.cost_min_eur = (low * prices[0]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        study.cost_max_eur = (high * prices[1]).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return study


@dataclass
class PathEstimate:
    path: RecognitionPath
    study: Study
    over_budget: bool = False

    @cached_property
    def constraint(self) -> str:
        """The binding constraint in words (built when a page shows it, not for every path)."""
        return _constraint(self.path, self.study)

    @cached_property
    def months(self) -> Span:
        return self.path.totals.months.plus(self.study.months)

    @cached_property
    def cost(self) -> Span:
        return self.path.totals.cost.plus(self.study.cost)

    def keep(self, months: Span, cost: Span, sort_key: tuple) -> None:
        """Take the totals and the order already worked out for this path and study (the same for every
        doctor who needs them), rather than adding them up again."""
        self.__dict__.update(months=months, cost=cost, sort_key=sort_key)

    def segments(self) -> list:
        """The timeline of this estimate: the total, the language study, then the counted steps."""
        total = self.months
        segments = [(_("Total estimate"), "total", total.low, total.high if total.is_complete else None)]
        study = self.study
        if study.needs_study:
            label = _("Learn %(language)s to %(level)s") % {
                "language": study.language.name,
                "level": level_label(study.required) if study.required else _("the required level"),
            }
            segments.append((label, "study", study.months_min, study.months_max))
        steps = [step for step in self.path.steps.all() if not step.optional]
        return segments + [_step_segment(step) for step in steps]

    def cited_sources(self) -> list:
        """The sources of the path, its steps and the study figures used, once each, by key."""
        items = [self.path, *self.path.steps.all(), *self.study.figures]
        if self.study.intensity is not None:
            items.append(self.study.intensity)
        sources = {source.pk: source for item in items for source in item.sources.all()}
        return sorted(sources.values(), key=lambda source: source.key)

    @cached_property
    def sort_key(self):
        """The one order (complete first, see ``Span.order_key``) by time, then cost, then name."""
        return (
            self.months.order_key(),
            self.cost.order_key(),
            self.path.country.plain_name,
            self.path.plain_name,
            self.path.slug,
        )


def _step_segment(step) -> tuple:
    """A step's bar: its sourced range, or where that is not fully known the doctors' reported one."""
    reported = getattr(step, "reported", None)
    if None in (step.months_min, step.months_max) and reported is not None:
        low, high = filled_range(
            (step.months_min, step.months_max),
            (Decimal(reported.months_min), Decimal(reported.months_max)),
        )
        label = ngettext(
            "%(step)s (from %(count)d doctor's reports)",
            "%(step)s (from %(count)d doctors' reports)",
            reported.reports,
        ) % {"step": step.title, "count": reported.reports}
        return (label, "step", low, high)
    return (step.title, "step", step.months_min, step.months_max)


@dataclass
class DestinationEstimate:
    country: Country
    paths: list[PathEstimate]  # best first
    barriers: list[Barrier] = field(default_factory=list)  # see ``attach_barriers``
    closed: list[str] = field(default_factory=list)  # the country's other paths, and why they are not open

    @property
    def best(self) -> PathEstimate:
        return self.paths[0]

    @property
    def group(self) -> str:
        """How much of the best estimate's time is known: the heading the destination is listed under."""
        return self.best.months.knowledge

    @property
    def others(self) -> list[PathEstimate]:
        return self.paths[1:]


@dataclass
class Excluded:
    country: Country
    reasons: list[str]


@dataclass
class Plan:
    destinations: list[DestinationEstimate]
    excluded: list[Excluded]
    data: StudyData
    specialty: Specialty | None
    languages: dict[str, str]
    years: int
    residency: bool
    budget_eur: Decimal | None
    conditions: list = field(default_factory=list)
    language_levels: list[tuple[str, str]] = field(default_factory=list)  # (name, level), best first

    def _study_languages(self, statuses=None) -> dict:
        return {
            e.study.language.code: e.study.language
            for d in self.destinations
            for e in d.paths
            if e.study.language is not None and (statuses is None or e.study.status in statuses)
        }

    def used_study_figures(self) -> list[dict]:
        """The study figures of the languages the results need, one entry per language with its sources."""
        needed = self._study_languages()
        languages: dict[str, dict] = {}
        for (code, _level), figure in sorted(self.data.times.items()):
            if code not in needed:
                continue
            entry = languages.setdefault(code, {"language": figure.language, "figures": [], "sources": {}})
            entry["figures"].append(figure)
            entry["sources"].update((s.key, s) for s in figure.sources.all())
        for entry in languages.values():
            entry["sources"] = [entry["sources"][key] for key in sorted(entry["sources"])]
            first = entry["figures"][0]
            entry["unit"] = first.unit_note
            entry["caveat"] = first.caveat
            entry["confidence"] = first.get_confidence_display()
        return list(languages.values())

    def needed_course_costs(self) -> list:
        needed = self._study_languages({"computed", "level_unknown", "no_figure"})
        return [c for c in self.data.course_costs if c.language.code in needed]

    def languages_without_figures(self) -> list:
        """Languages the results need for which no source gives hours per level."""
        needed = self._study_languages({"no_figure", "level_unknown"})
        known = {code for code, _level in self.data.times}
        return sorted(
            (lang for code, lang in needed.items() if code not in known), key=lambda lang: lang.code
        )


def _procedure(path: RecognitionPath) -> str:
    months = path.totals.months
    if months.is_unknown:
        return _("the procedure's own time is unknown")
    return _("the procedure itself takes %(months)s") % {"months": total_text(months, "months")}


def _constraint(path: RecognitionPath, study: Study) -> str:
    """The binding constraint of one path, in words: the larger of study time and procedure time."""
    language = study.language.name if study.language else ""
    levels = {
        "language": language,
        "required": level_label(study.required) if study.required else _("(level not recorded)"),
        "current": level_label(study.current),
    }
    if study.status == "none_required":
        return _(
            "No language requirement is recorded for this path, so no study time is counted; %(procedure)s"
        ) % {"procedure": _procedure(path)}
    if study.status == "enough":
        return _("%(language)s %(required)s needed, you have %(current)s: no study needed; %(procedure)s") % {
            **levels,
            "procedure": _procedure(path),
        }
    if study.status == "level_unknown":
        return _(
            "%(language)s needed (the level is not recorded), you have %(current)s: study time unknown, "
            "so the estimate is partial; %(procedure)s"
        ) % {**levels, "procedure": _procedure(path)}
    if study.status == "no_figure":
        return _(
            "%(language)s %(required)s needed, you have %(current)s: study time unknown (no source we hold "
            "gives it), so the estimate is partial; %(procedure)s"
        ) % {**levels, "procedure": _procedure(path)}
    study_text = _("%(language)s %(required)s needed, you have %(current)s: about %(months)s of study") % {
        **levels,
        "months": months_range(study.months_min, study.months_max),
    }
    months = path.totals.months
    if months.is_unknown:
        return _("%(study)s; paperwork time unknown") % {"study": study_text}
    if study.months_min >= months.low:
        return _("%(study)s; then %(procedure)s") % {"study": study_text, "procedure": _procedure(path)}
    return _("The procedure itself takes %(months)s. Before it: %(study)s") % {
        "months": total_text(months, "months"),
        "study": study_text,
    }


def _exclusion(
    path: RecognitionPath,
    *,
    specialty,
    years: int,
    residency: bool,
    conditions,
    requires: "Requirements",
    texts: dict,
) -> list[str]:
    """Why ``path`` is not open to this doctor (empty when it is). ``texts`` keeps each reason's words
    for the plan being made: thousands of paths share a handful of reasons."""
    reasons = [c.need_text for c in requires.conditions.get(path.pk, []) if c.slug not in conditions]
    listed = requires.specialties.get(path.pk, [])
    if specialty is not None and listed and specialty not in listed:
        names = ", ".join(s.name_text for s in listed)
        reasons.append(_("only for %(specialties)s") % {"specialties": names})
    needed = path.min_years_practice
    if needed and years < needed:
        if needed not in texts:
            texts[needed] = ngettext(
                "needs %(needed)d year of practice; you have %(years)d",
                "needs %(needed)d years of practice; you have %(years)d",
                needed,
            ) % {"needed": needed, "years": years}
        reasons.append(texts[needed])
    if path.residency_required and not residency:
        if "residency" not in texts:
            texts["residency"] = _("needs a completed residency (ordinatura)")
        reasons.append(texts["residency"])
    return reasons


@dataclass
class Requirements:
    """Each path's conditions and specialties, read from the link tables in two queries (a prefetch
    would build a related manager for every path)."""

    conditions: dict[int, list[Condition]]
    specialties: dict[int, list[Specialty]]
    #: what each path that asks anything of a doctor (a condition, a specialty, years, residency) asks,
    #: by path id: paths asking the same are open or closed to a doctor for the same reasons, worked out
    #: once per plan; a path not here is open to every doctor
    asks: dict = field(default_factory=dict)

    def restrict(self, paths) -> None:
        for path in paths:
            conditions = tuple(c.pk for c in self.conditions.get(path.pk, ()))
            specialties = tuple(s.pk for s in self.specialties.get(path.pk, ()))
            if conditions or specialties or path.min_years_practice or path.residency_required:
                self.asks[path.pk] = (
                    conditions,
                    specialties,
                    path.min_years_practice,
                    path.residency_required,
                )

    @classmethod
    def load(cls, paths) -> "Requirements":
        """Two link queries and the two small tables, rather than an object per link."""
        conditions = {c.pk: c for c in Condition.objects.all()}
        specialties = {s.pk: s for s in Specialty.objects.all()}
        # Read once per row of these small tables, not once per path that cites them.
        for condition in conditions.values():
            condition.need_text = str(condition.need)
        for specialty in specialties.values():
            specialty.name_text = specialty.name
        by_condition: dict[int, list[Condition]] = {}
        by_specialty: dict[int, list[Specialty]] = {}
        links = RecognitionPath.conditions.through.objects.filter(recognitionpath__in=paths.values("pk"))
        for path_id, pk in links.order_by("condition__slug").values_list(
            "recognitionpath_id", "condition_id"
        ):
            by_condition.setdefault(path_id, []).append(conditions[pk])
        links = RecognitionPath.specialties.through.objects.filter(recognitionpath__in=paths.values("pk"))
        for path_id, pk in links.order_by("specialty__slug").values_list(
            "recognitionpath_id", "specialty_id"
        ):
            by_specialty.setdefault(path_id, []).append(specialties[pk])
        return cls(by_condition, by_specialty)


def _translated(*names: str) -> list[str]:
    """``names`` and their language columns (``{% translated %}`` reads each)."""
    return [*names, *(f"{name}_{code}" for name in names for code in settings.MODELTRANSLATION_LANGUAGES)]


# What the ranking of every path reads of a path (the few rows a page shows read no more):
# a path row built with every column costs more than the rest of its estimate.
RANKED_PATH_FIELDS = (
    "id",
    "country",
    "slug",
    "status",
    "is_standard",
    "language",
    "language_level",
    "min_years_practice",
    "residency_required",
    "reported_months_min",
    "reported_months_max",
    *_translated("name"),
)


def _plan_paths(*, regions, country, detail: bool):
    """The published paths an estimate considers, with what it reads of them."""
    # Countries and languages are attached from one row each (``_attach_countries``), not one per path.
    paths = RecognitionPath.objects.published()
    if not detail:
        paths = paths.only(*RANKED_PATH_FIELDS)
    if detail:
        steps = (
            Step.objects.select_related("currency", "authority")
            .prefetch_related("documents", "sources")
            .order_by("position", "slug")
        )
        paths = paths.select_related("authority").prefetch_related(
            "sources", Prefetch("steps", queryset=steps)
        )
    if regions:
        paths = paths.filter(country__region__in=list(regions))
    if country is not None:
        paths = paths.filter(country=country)
    return paths.order_by("country__iso2", "slug")


def _considered(considered, detail: bool) -> tuple[list[RecognitionPath], "Requirements"]:
    """The rows of ``considered`` with what the estimate reads: totals, country and language, the
    reported outcomes, conditions and specialties."""
    paths = list(considered)
    if not detail:
        attach_totals(paths)  # from the totals index: no steps are loaded for the ranking
    _attach_countries(paths, considered, detail)
    requires = Requirements.load(considered)
    requires.restrict(paths)
    for path in outcomes.for_paths(paths, among=considered):
        # Where a step has no sourced range, the range doctors reported (three or more) fills it,
        # labelled and of low confidence; the totals' rules are otherwise those of every page.
        path.totals = path_totals(path, path.steps.all(), outcomes.step_ranges(path))
    return paths, requires


@dataclass
class Ranked:
    """What every doctor's plan reads, kept together per data version and language, so that nothing
    worked out from one version's rows is kept under another: each published path in the plan's order
    (country, then slug), its requirements, the rows the estimate's loop reads (``_loop_rows``), the
    study figures, and, filled as plans need them, the studies and the paths' estimates with them."""

    requires: "Requirements"
    rows: list["LoopRow"]
    data: "StudyData"
    studies: dict = field(default_factory=dict)
    estimates: dict = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Ranked":
        paths, requires = _considered(_plan_paths(regions=(), country=None, detail=False), False)
        return cls(requires, _loop_rows(paths), StudyData.load())


def _attach_countries(paths, considered, detail: bool) -> None:
    """Give ``paths`` (the rows of the queryset ``considered``) their country and language, one object
    per country and per language; a plan of every destination reads a country's code, name and region
    only."""
    countries = Country.objects.filter(pk__in=considered.values("country_id"))
    if not detail:
        countries = countries.only("id", "iso2", "region", *_translated("name"))
    countries = {country.pk: country for country in countries}
    _plain_names([*paths, *countries.values()])
    languages = {language.pk: language for language in Language.objects.all()}
    for path in paths:
        path.country = countries[path.country_id]
        path.language = languages.get(path.language_id)


def _plain_names(rows) -> None:
    """Give each of ``rows`` (paths and countries) ``plain_name``: its name in the page's language or
    the fallback, read from the language columns once; modeltranslation's descriptor, read for every
    comparison of the sort, costs more than the rest of a path's estimate."""
    columns = [f"name_{code}" for code in name_languages()]
    for row in rows:
        row.plain_name = next((name for column in columns if (name := getattr(row, column))), "")


def attach_barriers(destinations) -> None:
    """Give each of ``destinations`` (the ones a page shows) its most severe published barriers."""
    by_country = {destination.country.pk: destination for destination in destinations}
    if not by_country:
        return
    for destination in by_country.values():
        destination.barriers = []
    for barrier in Barrier.objects.published().by_severity().filter(country__in=list(by_country)):
        kept = by_country[barrier.country_id].barriers
        if len(kept) < TOP_BARRIERS:
            kept.append(barrier)


def attach_steps(estimates) -> None:
    """Load the steps of the paths of ``estimates`` (the ones a page draws as timelines), in one query."""
    steps = Step.objects.select_related("currency").order_by("position", "slug")
    paths = [estimate.path for estimate in estimates]
    prefetch_related_objects(paths, Prefetch("steps", queryset=steps))


def _language_levels(languages: Mapping[str, str]) -> list[tuple[str, str]]:
    """The doctor's languages by name with their levels, best first (for "who this plan is for")."""
    found = Language.objects.filter(code__in=list(languages))
    ordered = sorted(found, key=lambda language: (-level_rank(languages[language.code]), language.name))
    return [(language.name, level_label(languages[language.code])) for language in ordered]


class LoopRow(NamedTuple):
    """What the estimate reads of a path, read off the model row once: a model row's attributes cost
    more to read than a tuple's, thousands of times a plan."""

    path: RecognitionPath
    pk: int
    country_id: int
    country: Country
    language_id: int | None
    language: Language | None
    level: str


def _loop_rows(paths) -> list[LoopRow]:
    return [
        LoopRow(
            path, path.pk, path.country_id, path.country, path.language_id, path.language, path.language_level
        )
        for path in paths
    ]


def _by_destination(applicable: dict, reasons: dict, countries: dict) -> tuple[list, list]:
    """Destinations in the one order, each with its paths best first; and those with none open."""
    destinations = [
        DestinationEstimate(
            countries[pk], sorted(found, key=lambda e: e.sort_key), closed=reasons.get(pk, [])
        )
        for pk, found in applicable.items()
    ]
    destinations.sort(key=lambda d: d.best.sort_key)
    excluded = sorted(
        (Excluded(countries[pk], why) for pk, why in reasons.items() if pk not in applicable),
        key=lambda e: (e.country.plain_name, e.country.iso2),
    )
    return destinations, excluded


def plan_estimate(
    *,
    specialty: Specialty | None,
    languages: Mapping[str, str],
    years: int = 0,
    residency: bool = False,
    budget_eur: Decimal | None = None,
    regions: Collection[str] = (),
    conditions: Collection = (),
    country: Country | None = None,
    detail: bool = False,
) -> Plan:
    """Rank the destinations for one doctor; see the module docstring.

    ``languages`` maps language codes to a level (``a1``-``c2`` or ``native``); ``conditions`` are the
    ``Condition`` rows the doctor meets. ``country`` restricts the estimate to one destination;
    ``detail`` also loads what the printable plan lists (documents, authorities and sources).
    """
    met = {condition.slug for condition in conditions}
    applicable: dict[int, list[PathEstimate]] = {}
    reasons: dict[int, list[str]] = {}
    countries: dict[int, Country] = {}
    if detail:
        paths, requires = _considered(_plan_paths(regions=regions, country=country, detail=True), True)
        rows = _loop_rows(paths)
        data = per_data_version(("study-data", *name_languages()), StudyData.load)
        studies: dict[tuple, Study] = {}
        kept: dict[tuple, tuple] = {}
    else:
        # What the ranking reads of every published path, the study figures, and a study (a language
        # from one level to another) and a path's estimate with it, are the same for every doctor: kept
        # per data version and language (a path row per published path is most of a plan's cost), then
        # cut to the doctor's regions or country here.
        ranked = per_data_version(("plan-paths", *name_languages()), Ranked.load)
        requires, rows, data = ranked.requires, ranked.rows, ranked.data
        studies, kept = ranked.studies, ranked.estimates
        if regions:
            rows = [row for row in rows if row.country.region in regions]
        if country is not None:
            rows = [row for row in rows if row.country_id == country.pk]
    texts: dict = {}
    answers: dict = {}  # what a path asks -> why it is not open to this doctor
    reason_words = _("%(path)s: %(reasons)s")
    for path, pk, country_id, path_country, language_id, language, level in rows:
        countries[country_id] = path_country
        asks = requires.asks.get(pk)
        if asks is None:
            why_not = None
        elif asks in answers:
            why_not = answers[asks]
        else:
            why_not = answers[asks] = _exclusion(
                path,
                specialty=specialty,
                years=years,
                residency=residency,
                conditions=met,
                requires=requires,
                texts=texts,
            )
        if why_not:
            reason = reason_words % {"path": path.plain_name, "reasons": "; ".join(why_not)}
            reasons.setdefault(country_id, []).append(reason)
            continue
        current = languages.get(language.code, "") if language_id else ""
        # Many paths share a language and level: each study is worked out once.
        needed = (language_id, level, current)
        study = studies.get(needed)
        if study is None:
            study = studies[needed] = study_for(language=language, required=level, current=current, data=data)
        estimate = PathEstimate(path, study)
        known = kept.get((pk, needed))
        if known is None:
            known = kept[(pk, needed)] = (estimate.months, estimate.cost, estimate.sort_key)
        else:
            estimate.keep(*known)
        # The low bound is a lower bound even when partial: above the budget, the path surely is.
        low = estimate.cost.low
        estimate.over_budget = budget_eur is not None and low is not None and low > budget_eur
        applicable.setdefault(country_id, []).append(estimate)
    destinations, excluded = _by_destination(applicable, reasons, countries)
    if country is not None:
        attach_barriers(destinations)
    return Plan(
        destinations=destinations,
        excluded=excluded,
        data=data,
        specialty=specialty,
        languages=dict(languages),
        years=years,
        residency=residency,
        budget_eur=budget_eur,
        conditions=list(conditions),
        language_levels=_language_levels(languages),
    )


def document_checklist(steps) -> list:
    """The documents of ``steps``, each once, in the order they are first needed."""
    seen: dict[int, object] = {}
    for step in steps:
        for document in step.documents.all():
            seen.setdefault(document.pk, document)
    return list(seen.values())


def contacts(path: RecognitionPath, steps) -> list:
    """The authorities to contact: the path's, then its steps', each once."""
    seen: dict[int, object] = {}
    for authority in [path.authority, *(step.authority for step in steps)]:
        if authority is not None:
            seen.setdefault(authority.pk, authority)
    return list(seen.values())


def summary_text(estimate: PathEstimate) -> str:
    """The estimate in one phrase, e.g. for a page title."""
    return _("%(months)s, %(cost)s") % {
        "months": total_text(estimate.months, "months"),
        "cost": total_text(estimate.cost, "cost"),
    }
