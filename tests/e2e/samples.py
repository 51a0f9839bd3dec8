"""The public pages the phone, print and offline tests walk through, with real data behind each.

The starter data gives a country with many paths (Israel has five), a comparison of four and a plan with
results; ``add_guide_with_table`` adds the one thing it lacks, a guide whose body holds a wide table with
long words in both languages.
"""

PLAN_QUERY = "specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1"
TABLE_GUIDE = "fees-and-waiting-times-compared"

# (path, the URL name it exercises, the status it answers with)
PAGES = [
    ("/", "home", 200),
    ("/destinations/", "destination-list", 200),
    ("/destinations/?region=eu&sort=fastest", "destination-list", 200),
    ("/destinations/?max_months=abc&language=xx", "destination-list", 200),  # filter errors shown
    ("/destinations/il/", "destination-detail", 200),  # five paths
    ("/destinations/de/", "destination-detail", 200),
    ("/compare/?c=ge&c=de&c=il&c=rs", "compare", 200),
    ("/compare/?c=ge", "compare", 200),  # too few: the add form and the notice
    ("/guides/", "guide-list", 200),
    ("/guides/?q=exam&topic=nonsense", "guide-list", 200),
    (f"/guides/{TABLE_GUIDE}/", "guide-detail", 200),
    ("/guides/serbia-recognition-permits-and-the-grey-market/", "guide-detail", 200),
    ("/sources/", "source-list", 200),
    ("/sources/?page=2", "source-list", 200),
    ("/plan/", "plan", 200),
    (f"/plan/?{PLAN_QUERY}", "plan", 200),
    ("/plan/?years=-3&budget=abc&lang=xx:zz", "plan", 200),  # the form's error messages
    (f"/plan/de/?{PLAN_QUERY}", "plan-destination", 200),  # the printable plan
    (f"/plan/il/?{PLAN_QUERY}", "plan-destination", 200),
    ("/destinations/il/report-outcome/", "outcome-report", 200),  # choose one of five paths
    ("/destinations/rs/report-outcome/?path=full-licence", "outcome-report", 200),  # every step asked
    ("/changes/", "change-list", 200),
    ("/changes/?country=il&topic=nonsense", "change-list", 200),  # a filter error shown
    ("/offline/", None, 200),
    ("/destinations/zz/", None, 404),
]
# Pages of the guides app that are not HTML pages a reader opens.
# "report" is POST only: its answer is the report form, measured on the pages that hold it. The feeds
# and calendars are files for feed readers and calendars, not pages.
NOT_PAGES = {"report", "change-feed", "destination-feed", "dates-ics", "event-ics"}


def localised(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


def add_guide_with_table():
    from guides.models import Country, Guide

    table_en = (
        "| Country | Recognition authority | Application fee | Waiting time |\n"
        "| --- | --- | --- | --- |\n"
        "| Germany | Landesprüfungsamt für Gesundheitsberufe | €200–600 | 4–36 months |\n"
        "| Israel | Ministry of Health, Medical Professions Licensing Division | ₪1,200 | 6–18 months |\n"
        "| Serbia | Ministry of Education (nostrification) | RSD 15,000 | 8–12 months |\n"
    )
    table_ru = (
        "| Страна | Ведомство, признающее диплом | Пошлина за рассмотрение | Срок ожидания |\n"
        "| --- | --- | --- | --- |\n"
        "| Германия | Земельное экзаменационное ведомство здравоохранения | 200–600 € | 4–36 месяцев |\n"
        "| Израиль | Министерство здравоохранения, отдел лицензирования | 1 200 ₪ | 6–18 месяцев |\n"
        "| Сербия | Министерство просвещения (нострификация) | 15 000 динаров | 8–12 месяцев |\n"
    )
    guide = Guide.objects.create(
        slug=TABLE_GUIDE,
        title="Fees and waiting times compared",
        title_ru="Пошлины и сроки ожидания: сравнение",
        summary="What recognition costs and how long it takes in three countries.",
        summary_ru="Сколько стоит признание диплома и сколько его ждать в трёх странах.",
        body=f"## At a glance\n\n{table_en}\nCheck every figure with the authority.",
        body_ru=f"## Коротко\n\n{table_ru}\nПроверяйте каждую цифру в ведомстве.",
        status="published",
    )
    guide.countries.set(Country.objects.filter(iso2__in=["de", "il", "rs"]))
    return guide


def page_names() -> set[str]:
    """The URL names of the guides app (the pages a reader can open), to check PAGES covers them."""
    from django.urls import get_resolver

    names = set()
    for pattern in get_resolver().url_patterns:
        for sub in getattr(pattern, "url_patterns", []):
            if getattr(sub, "namespace", None) == "guides":
                names.update(p.name for p in sub.url_patterns if p.name)
    return names - NOT_PAGES
