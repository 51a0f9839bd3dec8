"""A small, explicit world of destinations shared by the destination filter and view tests.

Fastest published path per country (no filters): Georgia 2–4 months, Kazakhstan 3–6, Serbia at least
8, Israel 12–24 (its exam-free exemption path has no known duration), Germany 15–36. France has only a
draft path and never appears.
"""

import datetime
from decimal import Decimal

from tests.factories import (
    make_authority,
    make_barrier,
    make_country,
    make_currency,
    make_document,
    make_figure,
    make_guide,
    make_language,
    make_path,
    make_source,
    make_specialty,
    make_step,
)


def make_destinations() -> dict:
    source = make_source(key="seed-article", title="Doctors abroad", published_on=datetime.date(2023, 5, 1))
    eur = make_currency(code="EUR", eur_per_unit=Decimal("1"), source=source)
    rsd = make_currency(code="RSD", name="Serbian dinar", eur_per_unit=Decimal("0.0085"), source=source)
    languages = {
        code: make_language(code=code, name=name)
        for code, name in [
            ("de", "German"),
            ("he", "Hebrew"),
            ("ka", "Georgian"),
            ("kk", "Kazakh"),
            ("ru", "Russian"),
            ("sr", "Serbian"),
        ]
    }
    surgery = make_specialty(slug="surgery", name="Surgery")
    paediatrics = make_specialty(slug="paediatrics", name="Paediatrics")
    diploma = make_document(slug="diploma-apostille", name="Diploma with apostille")

    georgia = make_country(
        iso2="ge", name="Georgia", region="cis", visa_regime="visa_free", visa_free_days=365
    )
    georgia.practice_languages.set([languages["ka"]])
    review = make_path(
        country=georgia, slug="review", name="Document review", kind="document_review", exam_required=False
    )
    review.sources.add(source)
    step = make_step(
        path=review,
        slug="apply",
        position=1,
        months_min=1,
        months_max=2,
        cost_min=100,
        cost_max=200,
        currency=eur,
    )
    step.documents.add(diploma)
    make_step(
        path=review,
        slug="register",
        position=2,
        months_min=1,
        months_max=2,
        cost_min=0,
        cost_max=100,
        currency=eur,
    )
    make_barrier(country=georgia, slug="jobs", category="job_market", severity=2, title="Few posts")

    kazakhstan = make_country(iso2="kz", name="Kazakhstan", region="cis", visa_regime="visa_free")
    kazakhstan.practice_languages.set([languages["kk"], languages["ru"]])
    kz_exam = make_path(
        country=kazakhstan,
        slug="exam",
        name="Recognition and exam",
        language=languages["ru"],
        language_level="b1",
    )
    kz_exam.specialties.set([surgery])
    make_step(path=kz_exam, slug="exam", months_min=3, months_max=6, cost_min=50, cost_max=80, currency=eur)

    serbia = make_country(iso2="rs", name="Serbia", region="europe_other", visa_regime="visa_free")
    serbia.practice_languages.set([languages["sr"]])
    rs_path = make_path(
        country=serbia,
        slug="recognition",
        name="Recognition, then permits",
        kind="document_review",
        exam_required=False,
        reported_months_min=Decimal("8"),
    )
    rs_path.specialties.set([paediatrics])
    rs_path.authority = make_authority(
        country=serbia,
        slug="azk",
        name="Qualifications agency",
        url="https://azk.example.org/",
        role="recognition",
    )
    rs_path.save()
    make_step(path=rs_path, slug="nostrification", months_min=2, cost_min=20000, cost_max=40000, currency=rsd)
    make_step(path=rs_path, slug="permits", position=2)
    make_barrier(
        country=serbia,
        slug="grey-market",
        category="unlicensed_practice",
        severity=4,
        title="Unlicensed practice",
        mitigation="Work only once licensed.",
    )
    make_barrier(country=serbia, slug="language", category="language", severity=3, title="Serbian")
    make_barrier(country=serbia, slug="banking", category="banking", severity=1, title="Banking")

    israel = make_country(iso2="il", name="Israel", region="middle_east", visa_regime="visa_free")
    israel.practice_languages.set([languages["he"]])
    il_exam = make_path(country=israel, slug="exam", name="Licensing exam", language=languages["he"])
    make_step(
        path=il_exam, slug="exam", months_min=12, months_max=24, cost_min=500, cost_max=700, currency=eur
    )
    il_exemption = make_path(
        country=israel,
        slug="exemption",
        name="Exam exemption",
        kind="document_review",
        exam_required=False,
        min_years_practice=14,
    )
    make_step(path=il_exemption, slug="file")
    make_figure(
        slug="onward-il",
        country=israel,
        label="Moved on from Israel",
        value_min=Decimal("30"),
        value_max=Decimal("40"),
        unit="%",
        year=2023,
    )

    germany = make_country(iso2="de", name="Germany", region="eu", visa_regime="visa_required")
    germany.practice_languages.set([languages["de"]])
    de_path = make_path(
        country=germany,
        slug="approbation",
        name="Approbation",
        language=languages["de"],
        language_level="c1",
        reported_months_min=Decimal("15"),
        reported_months_max=Decimal("36"),
    )
    make_step(path=de_path, slug="fsp", months_min=3, months_max=6)
    make_step(path=de_path, slug="training", optional=True, months_min=48, months_max=60)
    make_guide(slug="germany-guide", title="Approbation step by step").countries.add(germany)

    france = make_country(iso2="fr", name="France", region="eu", visa_regime="visa_required")
    make_path(country=france, slug="draft", status="draft", reported_months_min=1, reported_months_max=2)
    # A published revision of Germany's path is a draft revision in waiting: never counted.
    make_path(
        country=germany,
        slug="approbation-revision",
        status="published",
        revision_of=de_path,
        reported_months_min=1,
        reported_months_max=1,
    )
    return {
        "georgia": georgia,
        "kazakhstan": kazakhstan,
        "serbia": serbia,
        "israel": israel,
        "germany": germany,
        "france": france,
        "surgery": surgery,
        "paediatrics": paediatrics,
        "languages": languages,
        "source": source,
    }


def make_more_destinations(count: int, prefix: str = "q") -> None:
    """``count`` more countries, each with the kinds of rows a page shows (for query-count tests)."""
    source = make_source(key=f"{prefix}-bulk-source", title="Bulk source")
    eur = make_currency(code=prefix.upper() * 3, name="Bulk unit", eur_per_unit=Decimal("1"), source=source)
    language = make_language(code=f"{prefix}{prefix}", name="Bulk language")
    specialty = make_specialty(slug=f"{prefix}-surgery", name="Bulk surgery")
    document = make_document(slug=f"{prefix}-diploma", name="Bulk diploma")
    letters = "abcdefghijklmnopqrstuvwxyz"
    for number in range(count):
        iso2 = f"{'wxyz'[number // 26]}{letters[number % 26]}"  # clear of the real codes above
        country = make_country(iso2=iso2, name=f"Bulkland {number:03}", region="eu", visa_regime="visa_free")
        country.practice_languages.set([language])
        country.sources.add(source)
        for path_number in range(2):
            path = make_path(
                country=country, slug=f"path-{path_number}", name=f"Path {path_number}", language=language
            )
            path.specialties.set([specialty])
            path.sources.add(source)
            for step_number in range(3):
                step = make_step(
                    path=path,
                    slug=f"step-{step_number}",
                    position=step_number,
                    months_min=1 + number % 5,
                    months_max=6,
                    cost_min=10,
                    cost_max=20,
                    currency=eur,
                )
                step.documents.add(document)
                step.sources.add(source)
        for barrier_number in range(3):
            make_barrier(
                country=country, slug=f"barrier-{barrier_number}", severity=1 + barrier_number, title="Bulk"
            ).sources.add(source)
        make_figure(slug=f"onward-{iso2}", country=country, value_min=10, value_max=20, unit="%", year=2024)
        make_guide(slug=f"guide-{iso2}", title="Bulk guide").countries.add(country)
