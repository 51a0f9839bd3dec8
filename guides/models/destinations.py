"""Destinations: countries and their authorities."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .base import ContentModel, FactModel, NaturalKeyManager, page_url, slug_validator
from .reference import Language
from .totals import Span, attach_totals, per_data_version


def same_country(errors: dict, instance, name: str, country) -> None:
    """Add an error on the foreign key ``name`` when its target belongs to another country."""
    related = getattr(instance, name)
    if related is not None and country is not None and related.country_id != country.pk:
        label = instance._meta.get_field(name).verbose_name
        errors.setdefault(name, []).append(
            _("The %(kind)s “%(item)s” belongs to %(other)s, not %(country)s.")
            % {"kind": label, "item": related.name, "other": related.country, "country": country}
        )


def name_languages() -> list[str]:
    """The languages whose name columns give a name in the active language, first choice first."""
    active = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    chosen = [active] if active in settings.MODELTRANSLATION_LANGUAGES else []
    fallbacks = [code for code in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if code not in chosen]
    return chosen + fallbacks


class CountryQuerySet(models.QuerySet):
    def with_published_paths(self):
        paths = apps.get_model("guides", "RecognitionPath").objects.published()
        return self.filter(Exists(paths.filter(country=OuterRef("pk"))))

    def for_choice(self):
        """A choice of countries shows a code and a name: the other columns of every country would cost
        more than the select."""
        names = [f"name_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]
        return self.only("id", "iso2", "name", *names)

    # --- Destinations: countries seen through their (matching) published paths ---

    def in_region(self, region: str):
        return self.filter(region=region)

    def visa_free(self):
        return self.filter(visa_regime="visa_free")

    def search(self, text: str):
        """Countries whose name, code or summary contains ``text``."""
        text = text.strip()
        if not text:
            return self
        condition = Q(iso2__iexact=text)
        for language in settings.MODELTRANSLATION_LANGUAGES:
            condition |= Q(**{f"name_{language}__foldcontains": text})
            condition |= Q(**{f"summary_{language}__foldcontains": text})
        return self.filter(condition)

    def with_cards(self, paths=None):
        """Countries with at least one of ``paths`` (default: every published path), with what a card
        shows: ``matching_paths``, the practice languages, the two most severe published barriers
        (``top_barriers``) and the latest onward-migration figure. The paths' totals come from the
        totals index (``attach_totals``), not from their steps.
        """
        path_model = apps.get_model("guides", "RecognitionPath")
        if paths is None:
            paths = path_model.objects.published()
        barriers = apps.get_model("guides", "Barrier").objects.published().by_severity()
        figures = (
            apps.get_model("guides", "Figure")
            .objects.published()
            .filter(kind="onward_migration")
            .order_by(F("year").desc(nulls_last=True), "slug")
        )
        return self.filter(Exists(paths.filter(country=OuterRef("pk")))).prefetch_related(
            "practice_languages",
            Prefetch(
                "paths",
                queryset=paths.select_related("language").prefetch_related("conditions").order_by("slug"),
                to_attr="matching_paths",
            ),
            Prefetch("barriers", queryset=barriers[:2], to_attr="top_barriers"),
            Prefetch("figures", queryset=figures[:1], to_attr="onward_figures"),
        )

    def ranked(self, paths=None, *, by: str = "months", within=None) -> "Ranking":
        """The countries with one of ``paths`` (default: every published path) in the one order of
        ``guides/models/totals.py`` (see ``rank``), as light ``RankedCountry`` rows: one query for the
        matching paths' ids, whatever the data; the order itself is settled once per data version
        (``Standing``). ``cards()`` loads what a page shows of them.
        """
        if paths is None:
            paths = apps.get_model("guides", "RecognitionPath").objects.published()
        matching = paths.filter(country__in=self.values("pk")).order_by()
        pks = frozenset(models.QuerySet.values_list(matching, "pk", flat=True))
        standing = per_data_version(("standing", *name_languages()), Standing.build)
        return standing.rank(pks, by=by, within=within)

    def by_name(self):
        return self.order_by("name", "iso2")

    def for_detail(self):
        """Everything a country's page shows, in a fixed number of queries.

        Prefetches ``detail_paths`` (with steps, documents and sources; see ``ordered_paths``),
        ``published_barriers`` (most severe first), ``published_figures`` and ``published_guides``.
        """
        get_model = apps.get_model
        paths = get_model("guides", "RecognitionPath").objects.published().with_related()
        barriers = (
            get_model("guides", "Barrier")
            .objects.published()
            .by_severity()
            .select_related("path")
            .prefetch_related("sources")
        )
        figures = (
            get_model("guides", "Figure")
            .objects.published()
            .prefetch_related("sources")
            .order_by("kind", F("year").desc(nulls_last=True), "slug")
        )
        guides = get_model("guides", "Guide").objects.published().newest_first()
        return self.prefetch_related(
            "practice_languages",
            "sources",
            "authorities",
            Prefetch("paths", queryset=paths.order_by("slug"), to_attr="detail_paths"),
            Prefetch("barriers", queryset=barriers, to_attr="published_barriers"),
            Prefetch("figures", queryset=figures, to_attr="published_figures"),
            Prefetch("guides", queryset=guides, to_attr="published_guides"),
        )


class Country(FactModel):
    class Region(models.TextChoices):
        CIS = "cis", _("CIS and Georgia")
        EU = "eu", _("European Union")
        EUROPE_OTHER = "europe_other", _("Other Europe")
        MIDDLE_EAST = "middle_east", _("Middle East")
        AMERICAS = "americas", _("Americas")

    class VisaRegime(models.TextChoices):
        VISA_FREE = "visa_free", _("Visa-free")
        EVISA = "evisa", _("E-visa")
        VISA_REQUIRED = "visa_required", _("Visa required")
        RESTRICTED = "restricted", _("Restricted")

    iso2 = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[a-z]{2}$", _("Use the two-letter code in lower case, such as ge."))],
    )
    name = models.CharField(_("name"), max_length=100)
    region = models.CharField(_("region"), max_length=12, choices=Region.choices, db_index=True)
    visa_regime = models.CharField(
        _("visa regime for Russian citizens"), max_length=13, choices=VisaRegime.choices, db_index=True
    )
    visa_free_days = models.PositiveSmallIntegerField(
        _("visa-free days"), null=True, blank=True, validators=[MaxValueValidator(3660)]
    )
    visa_note = models.TextField(_("visa note"), blank=True)
    practice_languages = models.ManyToManyField(
        Language, blank=True, related_name="countries", verbose_name=_("practice languages")
    )
    russian_widely_spoken = models.BooleanField(_("Russian widely spoken"), default=False)
    soviet_style_education = models.BooleanField(_("Soviet-style medical education"), default=False)
    summary = models.TextField(_("summary"), blank=True)

    natural_key_fields = ("iso2",)
    main_text_fields = ("name", "summary")
    objects = NaturalKeyManager.from_queryset(CountryQuerySet)()

    class Meta:
        ordering = ["iso2"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=Q(iso2=Lower("iso2")), name="guides_country_iso2_lower"),
            models.CheckConstraint(
                condition=Q(visa_free_days__isnull=True) | Q(visa_free_days__lte=3660),
                name="guides_country_visa_days_sane",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return page_url("guides:destination-detail", self.iso2)

    @property
    def ordered_paths(self) -> list:
        """The country page's paths (``for_detail()``): the standard one first, then the one order."""
        return sorted(
            self.detail_paths,
            key=lambda p: (not p.is_standard, p.totals.months.order_key(), p.name, p.slug),
        )

    @property
    def report_paths(self):
        """The published paths a reader's report can be about: those the country page already holds
        (``for_detail()``), else read."""
        held = getattr(self, "detail_paths", None)
        return held if held is not None else self.paths.published()

    def cited_sources(self) -> list:
        """Every source the country page cites, once each, by key (needs ``for_detail()``)."""
        items = [self, *self.published_barriers, *self.published_figures]
        for path in self.detail_paths:
            items += [path, *path.steps.all()]
        sources = {source.pk: source for item in items for source in item.sources.all()}
        return sorted(sources.values(), key=lambda source: source.key)

    def clean(self):
        if self.iso2:
            self.iso2 = self.iso2.lower()
        if self.visa_free_days and self.visa_regime not in {self.VisaRegime.VISA_FREE, ""}:
            raise ValidationError(
                {
                    "visa_free_days": _(
                        "Visa-free days (%(days)s) only apply when the visa regime is visa-free, "
                        "not “%(regime)s”."
                    )
                    % {"days": self.visa_free_days, "regime": self.get_visa_regime_display()}
                }
            )


class Authority(ContentModel):
    class Role(models.TextChoices):
        LICENSING = "licensing", _("Licensing")
        RECOGNITION = "recognition", _("Recognition")
        EXAM = "exam", _("Exam")
        LANGUAGE = "language", _("Language")
        IMMIGRATION = "immigration", _("Immigration")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="authorities", verbose_name=_("country")
    )
    slug = models.SlugField(_("slug"), max_length=80, validators=[slug_validator])
    name = models.CharField(_("name"), max_length=300)
    local_name = models.CharField(_("local name"), max_length=300, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    address = models.TextField(_("postal address or portal"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)

    natural_key_fields = ("country", "slug")

    class Meta:
        ordering = ["country__iso2", "slug"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(fields=["country", "slug"], name="guides_authority_unique_slug"),
        ]

    def __str__(self):
        return self.name


# --- The one order of destinations ---------------------------------------------------------------


class RankedPath:
    """A path as the one order sees it: its name, slug, whether it is standard, and its totals."""

    __slots__ = ("pk", "name", "slug", "is_standard", "totals", "country_id")

    def __init__(self, pk, name, slug, is_standard, country_id=None):
        self.pk, self.name, self.slug, self.is_standard = pk, name, slug, is_standard
        self.country_id = country_id


class RankedCountry:
    """A country as the one order sees it (``CountryQuerySet.ranked``): enough for the home chart."""

    __slots__ = ("pk", "iso2", "name", "region", "matching_paths", "best_path", "group", "months_bar", "card")

    def __init__(self, pk, iso2, name, region):
        self.pk, self.iso2, self.name, self.region = pk, iso2, name, region
        self.matching_paths: list[RankedPath] = []
        self.best_path = None
        self.group = ""
        self.months_bar = None
        self.card = ""  # the card's markup, where a page draws one (``guides/views.py``)

    def get_absolute_url(self):
        return page_url("guides:destination-detail", self.iso2)

    def copy(self) -> "RankedCountry":
        """This row for one page to draw on (its bar and card), leaving the kept ranking as it is."""
        row = RankedCountry(self.pk, self.iso2, self.name, self.region)
        row.matching_paths, row.best_path, row.group = self.matching_paths, self.best_path, self.group
        return row


TOP_BARRIERS = 2


def cards(ranked: list) -> list:
    """The ``Country`` rows of ``ranked`` (``RankedCountry``), in the same order, with what a card
    shows and the ranking's choices: ``matching_paths`` in its order, ``best_path``, ``group``, the
    practice languages and the two most severe published barriers (``top_barriers``). A fixed number of
    plain queries, for only the countries a page shows: the paths are selected by the ids the ranking
    found, not by the filters again (whose subqueries cost more to build than to run)."""
    if not ranked:
        return []
    get_model = apps.get_model
    paths = get_model("guides", "RecognitionPath").objects.filter(
        pk__in=[path.pk for row in ranked for path in row.matching_paths]
    )
    countries = Country.objects.filter(pk__in=[row.pk for row in ranked]).prefetch_related(
        "practice_languages",
        Prefetch(
            "paths",
            queryset=paths.select_related("language").prefetch_related("conditions").order_by("slug"),
            to_attr="matching_paths",
        ),
    )
    full = {country.pk: country for country in countries}
    for country in full.values():
        country.top_barriers = []
    # A card shows a barrier's title and severity: the other columns of every barrier of these
    # countries would cost more than the two kept.
    titles = [f"title_{code}" for code in settings.MODELTRANSLATION_LANGUAGES]
    barriers = get_model("guides", "Barrier").objects.published().by_severity()
    barriers = barriers.only("id", "country", "slug", "severity", "title", *titles)
    for barrier in barriers.filter(country__in=list(full)):
        kept = full[barrier.country_id].top_barriers
        if len(kept) < TOP_BARRIERS:
            kept.append(barrier)
    known = {path.pk: path.totals for row in ranked for path in row.matching_paths}
    for path in (path for country in full.values() for path in country.matching_paths):
        path.totals = known[path.pk]
    shown = []
    for row in ranked:
        country = full[row.pk]
        order = {path.pk: index for index, path in enumerate(row.matching_paths)}
        country.matching_paths.sort(key=lambda path: order[path.pk])
        best = row.best_path.pk if row.best_path else None
        country.best_path = next((p for p in country.matching_paths if p.pk == best), None)
        country.group = row.group
        shown.append(country)
    return shown


@dataclass
class Ranking:
    """Countries in order, each with ``best_path`` and ``group`` (the best path's knowledge, or ``""``
    when ordered by name); ``might_fit`` holds those a ``within`` limit cannot rule in or out. The paths
    must have their totals (``attach_totals``).
    """

    countries: list
    might_fit: list = field(default_factory=list)


class Standing:
    """Every path (any status) in the one order, by months and by cost, with its country's code, name and
    region: built once per data version and language (``per_data_version``), so a request only says
    which paths match. Sorted by (span order, country name, code, path name, slug), a country's first
    matching path is its best one and the countries come out in ``rank()``'s order."""

    def __init__(self, paths: list[RankedPath], countries: dict[int, tuple]):
        self.countries = countries

        def order(by):
            def key(path):
                iso2, name, _region = countries[path.country_id]
                return (path_span(path, by).order_key(), name, iso2, path.name, path.slug)

            return key

        self.order = {by: sorted(paths, key=order(by)) for by in ("months", "cost")}

    @classmethod
    def build(cls) -> "Standing":
        """Two plain queries (the paths, and the totals index when it is not cached yet)."""
        # The names are read from their language columns, the fallback applied here, through Django's own
        # values_list: modeltranslation's costs more per row than the rest of the ranking.
        languages = name_languages()
        names = [f"name_{code}" for code in languages] + [f"country__name_{code}" for code in languages]
        columns = ("pk", "slug", "is_standard", "country_id", "country__iso2", "country__region", *names)
        rows = models.QuerySet.values_list(
            apps.get_model("guides", "RecognitionPath").objects.order_by(), *columns
        )
        countries: dict[int, tuple] = {}
        paths = []
        count = len(languages)
        for pk, slug, is_standard, country_id, iso2, region, *texts in rows:
            if country_id not in countries:
                countries[country_id] = (iso2, next((t for t in texts[count:] if t), ""), region)
            name = next((text for text in texts[:count] if text), "")
            paths.append(RankedPath(pk, name, slug, is_standard, country_id))
        attach_totals(paths)
        return cls(paths, countries)

    def rank(self, matching: set, *, by: str = "months", within=None) -> "Ranking":
        """``rank()`` of the countries with a path in ``matching`` (path ids), reading the order kept."""
        key = "cost" if by == "cost" else "months"
        rows: dict[int, RankedCountry] = {}
        for path in self.order[key]:
            if path.pk in matching:
                row = rows.get(path.country_id)
                if row is None:
                    country = self.countries[path.country_id]
                    row = rows[path.country_id] = RankedCountry(path.country_id, *country)
                row.matching_paths.append(path)
        fitting, might = [], []
        for row in rows.values():
            if within is None:
                row.best_path = row.matching_paths[0]
                fitting.append(row)
                continue
            paths = row.matching_paths
            best = next((p for p in paths if p.totals.months.ends_by(within)), None)
            if best is not None:
                row.best_path = best
                fitting.append(row)
                continue
            maybe = next((p for p in paths if p.totals.months.might_end_by(within)), None)
            if maybe is not None:
                row.best_path = maybe
                might.append(row)
        for row in fitting + might:
            row.group = path_span(row.best_path, key).knowledge if by != "name" else ""
        if by == "name":
            return Ranking(
                sorted(fitting, key=lambda c: (c.name, c.iso2)), sorted(might, key=lambda c: (c.name, c.iso2))
            )
        if within is None:
            return Ranking(fitting)  # already in order: each country came in with its best path

        def order(country):
            return (path_span(country.best_path, key).order_key(), country.name, country.iso2)

        return Ranking(sorted(fitting, key=order), sorted(might, key=order))


def path_span(path, by: str) -> Span:
    return path.totals.cost if by == "cost" else path.totals.months


def rank(countries: list, *, by: str = "months", within=None) -> Ranking:
    """Order ``countries`` by their best matching path: complete spans first (midpoint, then maximum),
    then partial ones by their known minimum, unknown last, then by name (``by`` is "months", "cost"
    or "name").

    ``within`` (months) keeps the countries with a path whose complete range ends by then, and lists
    apart those with only partial paths whose minimum is at most ``within``.
    """
    key = "cost" if by == "cost" else "months"
    fitting, might = [], []
    for country in countries:
        country.matching_paths = sorted(
            country.matching_paths, key=lambda p: (path_span(p, key).order_key(), p.name, p.slug)
        )
        candidates = country.matching_paths
        if within is not None:
            candidates = [p for p in candidates if p.totals.months.ends_by(within)]
            maybe = [p for p in country.matching_paths if p.totals.months.might_end_by(within)]
            if not candidates:
                if maybe:
                    country.best_path = maybe[0]
                    might.append(country)
                continue
        country.best_path = candidates[0] if candidates else None
        fitting.append(country)
    for country in fitting + might:
        country.group = path_span(country.best_path, key).knowledge if by != "name" else ""

    def order(country):
        if by == "name":
            return (country.name, country.iso2)
        return (path_span(country.best_path, key).order_key(), country.name, country.iso2)

    return Ranking(sorted(fitting, key=order), sorted(might, key=order))
