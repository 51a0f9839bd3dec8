"""Synthetic content for benchmarks and query-count tests: N times the starter set, deterministic.

Rows are plausible (ranges hold, costs carry a currency, most items are published) but clearly synthetic:
every generated name says so, and every generated slug or key starts with ``syn-`` (countries use the
two-letter codes no real destination in the data holds). Never load this into a database people read.
"""

import itertools
import json
import random
import string
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from guides.models import (
    Barrier,
    Country,
    Currency,
    Document,
    Figure,
    Guide,
    Language,
    RecognitionPath,
    Source,
    Specialty,
    Step,
    Topic,
)
from relocation.cache import bump_data_version_on_commit

STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"
SEED = 20261122
BATCH = 1000
GUIDE_BODY = "## Synthetic\n\nA *synthetic* guide body with a [link](https://example.org/).\n\n- one\n- two\n"


def starter_counts(path: Path = STARTER) -> Counter:
    """Rows per content model in the starter fixture (by model label, lower case)."""
    records = json.loads(path.read_text(encoding="utf-8"))
    return Counter(record["model"] for record in records)


def _free_country_codes() -> list[str]:
    taken = set(Country.objects.values_list("iso2", flat=True))
    codes = ("".join(pair) for pair in itertools.product(string.ascii_lowercase, repeat=2))
    return [code for code in codes if code not in taken]


def _spread(total: int, buckets: int) -> list[int]:
    """``total`` split over ``buckets`` as evenly as possible."""
    if buckets <= 0:
        return []
    base, extra = divmod(total, buckets)
    return [base + (1 if index < extra else 0) for index in range(buckets)]


def _bulk(model, objects: list) -> list:
    return model.objects.bulk_create(objects, batch_size=BATCH)


def generate(
    scale: int, *, counts: Counter | None = None, progress: Callable[[str], None] | None = None
) -> Counter:
    """Add ``scale`` times the starter set's rows per content model; return what was created."""
    if scale < 1:
        raise ValueError("The scale must be at least 1.")
    counts = counts if counts is not None else starter_counts()
    rng = random.Random(SEED + scale)
    created: Counter = Counter()

    def target(label: str, minimum: int = 1) -> int:
        return max(minimum, counts.get(f"guides.{label}", 0) * scale)

    def say(message: str) -> None:
        if progress:
            progress(message)

    with transaction.atomic():
        currencies = list(Currency.objects.all())
        if not currencies:
            rate_source = Source.objects.create(key="syn-rates", title="Synthetic rates", kind="other")
            currencies = [
                Currency.objects.create(
                    code="EUR",
                    name="Euro",
                    eur_per_unit=Decimal(1),
                    as_of=date(2026, 1, 1),
                    source=rate_source,
                )
            ]
        languages = list(Language.objects.all()) or [Language.objects.create(code="en", name="English")]
        specialties = list(Specialty.objects.all()) or [
            Specialty.objects.create(slug="surgery", name="Surgery")
        ]
        topics = list(Topic.objects.all()) or [Topic.objects.create(slug="documents", name="Documents")]
        documents = list(Document.objects.all()) or [
            Document.objects.create(slug="diploma-apostille", name="Diploma with apostille")
        ]

        say("Sources...")
        sources = _bulk(
            Source,
            [
                Source(
                    key=f"syn-source-{index:05d}",
                    title=f"Synthetic source {index}",
                    publisher="Synthetic publisher",
                    kind=rng.choice(Source.Kind.values),
                    published_on=date(2020 + index % 7, 1 + index % 12, 1 + index % 28),
                    language="en",
                )
                for index in range(target("source"))
            ],
        )
        created["source"] = len(sources)

        say("Countries...")
        codes = _free_country_codes()[: target("country")]
        regions = Country.Region.values
        regimes = Country.VisaRegime.values
        countries = []
        for index, code in enumerate(codes):
            regime = regimes[index % len(regimes)]
            countries.append(
                Country(
                    iso2=code,
                    name=f"Synthetic {code.upper()}",
                    region=regions[index % len(regions)],
                    visa_regime=regime,
                    visa_free_days=90 if regime == "visa_free" else None,
                    russian_widely_spoken=index % 3 == 0,
                    soviet_style_education=index % 4 == 0,
                    summary=f"Synthetic destination {code.upper()} for benchmarks.",
                    confidence=rng.choice(["high", "medium", "low"]),
                    last_reviewed=date(2026, 1 + index % 11, 1 + index % 28),
                )
            )
        countries = _bulk(Country, countries)
        created["country"] = len(countries)
        if not countries:
            raise ValueError("No free two-letter country codes are left.")

        say("Recognition paths...")
        kinds = [k for k in RecognitionPath.Kind.values if k != "unavailable"]
        paths = []
        for country, how_many in zip(
            countries, _spread(target("recognitionpath"), len(countries)), strict=True
        ):
            for number in range(max(1, how_many)):
                kind = kinds[(number + len(paths)) % len(kinds)]
                has_reported = rng.random() < 0.2
                low = Decimal(rng.randint(2, 24))
                paths.append(
                    RecognitionPath(
                        country=country,
                        slug=f"syn-path-{number}",
                        name=f"Synthetic path {number} in {country.iso2.upper()}",
                        kind=kind,
                        outcome=rng.choice(["full_licence", "restricted_licence", "temporary_permit"]),
                        language=rng.choice(languages),
                        language_level=rng.choice(["b1", "b2", "c1", ""]),
                        exam_required=kind == "exam" or rng.random() < 0.3,
                        min_years_practice=rng.choice([None, None, 3, 5, 10]),
                        residency_required=rng.random() < 0.3,
                        reported_months_min=low if has_reported else None,
                        reported_months_max=low + rng.randint(0, 24)
                        if has_reported and rng.random() < 0.7
                        else None,
                        summary="Synthetic path for benchmarks.",
                        status="published" if rng.random() < 0.9 else "draft",
                        confidence=rng.choice(["high", "medium", "low"]),
                        last_reviewed=date(2026, 1 + number % 11, 1 + number % 28),
                    )
                )
        paths = _bulk(RecognitionPath, paths)
        created["recognitionpath"] = len(paths)

        say("Steps...")
        steps = []
        for path, how_many in zip(paths, _spread(target("step"), len(paths)), strict=True):
            for position in range(1, max(1, how_many) + 1):
                known = rng.random() < 0.8
                low = Decimal(rng.randint(0, 6))
                priced = rng.random() < 0.6
                cost = Decimal(rng.randint(0, 2000))
                steps.append(
                    Step(
                        path=path,
                        slug=f"syn-step-{position}",
                        position=position,
                        title=f"Synthetic step {position}",
                        detail="A synthetic step for benchmarks.",
                        months_min=low if known else None,
                        months_max=low + rng.randint(0, 6) if known and rng.random() < 0.8 else None,
                        cost_min=cost if priced else None,
                        cost_max=cost + rng.randint(0, 500) if priced else None,
                        currency=rng.choice(currencies) if priced else None,
                        optional=rng.random() < 0.05,
                        confidence="medium",
                        last_reviewed=date(2026, 6, 1),
                    )
                )
        steps = _bulk(Step, steps)
        created["step"] = len(steps)

        say("Barriers...")
        categories = Barrier.Category.values
        barriers = []
        for country, how_many in zip(countries, _spread(target("barrier"), len(countries)), strict=True):
            for number in range(max(1, how_many)):
                barriers.append(
                    Barrier(
                        country=country,
                        slug=f"syn-barrier-{number}",
                        category=categories[(number + len(barriers)) % len(categories)],
                        severity=1 + (number + len(barriers)) % 5,
                        title=f"Synthetic barrier {number}",
                        detail="A synthetic barrier for benchmarks.",
                        mitigation="A synthetic mitigation.",
                        status="published",
                        confidence="medium",
                        last_reviewed=date(2026, 6, 1),
                    )
                )
        barriers = _bulk(Barrier, barriers)
        created["barrier"] = len(barriers)

        say("Figures...")
        figures = []
        for index in range(target("figure")):
            value = Decimal(rng.randint(1, 60))
            figures.append(
                Figure(
                    slug=f"syn-figure-{index:05d}",
                    country=countries[index % len(countries)],
                    kind="onward_migration" if index < len(countries) else rng.choice(Figure.Kind.values),
                    label=f"Synthetic figure {index}",
                    value_min=value,
                    value_max=value + rng.randint(0, 5),
                    unit="%",
                    year=2024,
                    status="published",
                    confidence="low",
                    last_reviewed=date(2026, 6, 1),
                )
            )
        figures = _bulk(Figure, figures)
        created["figure"] = len(figures)

        say("Guides...")
        published_at = timezone.make_aware(datetime(2026, 1, 1))
        guides = _bulk(
            Guide,
            [
                Guide(
                    slug=f"syn-guide-{index:05d}",
                    title=f"Synthetic guide {index}",
                    summary="A synthetic guide for benchmarks.",
                    body=GUIDE_BODY,
                    author_name="Generator",
                    status="published" if index % 10 else "draft",
                    published_at=published_at,
                    confidence="medium",
                    last_reviewed=date(2026, 6, 1),
                )
                for index in range(target("guide"))
            ],
        )
        created["guide"] = len(guides)

        say("Links between rows...")
        _link(Country.practice_languages.through, "country", countries, "language", languages, rng, 2)
        _link(RecognitionPath.specialties.through, "recognitionpath", paths, "specialty", specialties, rng, 1)
        _link(Step.documents.through, "step", steps, "document", documents, rng, 2)
        _link(Guide.countries.through, "guide", guides, "country", countries, rng, 2)
        _link(Guide.topics.through, "guide", guides, "topic", topics, rng, 2)
        for model, rows in [
            (Country, countries),
            (RecognitionPath, paths),
            (Step, steps),
            (Barrier, barriers),
            (Figure, figures),
            (Guide, guides),
        ]:
            _link(model.sources.through, model._meta.model_name, rows, "source", sources, rng, 2)
        bump_data_version_on_commit()  # bulk_create sends no signal
    return created


def _link(through, left: str, rows: list, right: str, targets: list, rng: random.Random, most: int) -> None:
    links = []
    for row in rows:
        how_many = rng.randint(0 if right == "specialty" else 1, min(most, len(targets)))
        for target_row in rng.sample(targets, how_many):
            links.append(through(**{f"{left}_id": row.pk, f"{right}_id": target_row.pk}))
    through.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
