"""Doctors' outcome reports in a real browser: three doctors report on Serbia's full-licence path, a
Reviewer approves them, and Serbia's page and the plan show the aggregate beside the official range."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

from guides.models import OutcomeReport, Step

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def reviewer(starter):
    """The Reviewers group as its data migrations make it, and one Reviewer."""
    importlib.import_module("guides.migrations.0003_editor_and_reviewer_groups").create_groups(apps, None)
    importlib.import_module("guides.migrations.0010_outcome_reports").grant_reviewers(apps, None)
    user = User.objects.create_user("boris", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return user


def report(page, live_server, total: int, chamber: int, advice: str = "") -> None:
    page.goto(f"{live_server.url}/destinations/rs/")
    page.locator("#path-full-licence").get_by_role("link", name="Went through it?").click()
    page.get_by_label("Month started").select_option("3")
    page.get_by_label("Year started").fill("2023")
    page.fill("#id_step-internship", "6")
    page.fill("#id_step-chamber-licence", str(chamber))
    page.get_by_label("Months in total").fill(str(total))
    page.get_by_label("Outcome", exact=True).select_option("licence")
    if advice:
        page.get_by_label("Advice for other doctors").fill(advice)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # 360 px
    page.get_by_role("button", name="Send my report").click()
    page.get_by_text("Thank you. A reviewer will read your report").wait_for()


def test_three_reports_approved_show_on_serbia_and_in_the_plan(browser, context, page, live_server, reviewer):
    # A step with no sourced duration, which the doctors' reported range fills in the plan.
    Step.objects.filter(path__country__iso2="rs", path__slug="full-licence", slug="chamber-licence").update(
        months_min=None, months_max=None
    )
    for total, chamber in ((10, 1), (12, 2), (15, 3)):
        report(page, live_server, total, chamber, advice="Book the state exam early.")
    assert context.cookies() == []
    assert OutcomeReport.objects.pending().count() == 3

    page.goto(f"{live_server.url}/destinations/rs/")
    assert "reported by 3 doctors" not in page.content()  # pending: nothing shown
    assert "Book the state exam early." not in page.content()

    admin = browser.new_context()
    staff_page = admin.new_page()
    staff_page.goto(f"{live_server.url}/admin/login/")
    staff_page.fill("#id_username", "boris")
    staff_page.fill("#id_password", PASSWORD)
    staff_page.click("input[type=submit]")
    staff_page.goto(f"{live_server.url}/admin/guides/outcomereport/")
    staff_page.check("#action-toggle")
    staff_page.select_option("select[name=action]", "approve")
    staff_page.click("button[name=index]")
    staff_page.get_by_text("3 reports approved.").wait_for()
    admin.close()

    page.goto(f"{live_server.url}/destinations/rs/")
    facts = page.locator("#path-full-licence dl.facts").first
    assert "at least 8 months" in facts.inner_text()
    assert "reported by 3 doctors: median 12 months (range 10–15 months)" in facts.inner_text()
    assert "doctors' reports, not rules; confidence low" in facts.inner_text()
    assert "Book the state exam early." in page.locator("#doctors-advice").locator("..").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # 360 px

    page.goto(f"{live_server.url}/ru/destinations/rs/")
    ru = page.locator("#path-full-licence dl.facts").first.inner_text()
    assert "по сообщениям 3 врачей: медиана 12 месяцев (разброс 10–15 месяцев)" in ru

    page.goto(f"{live_server.url}/plan/?years=3&region=europe_other")
    card = page.locator(".plan-card", has_text="Serbia")
    assert re.search(r"reported by 3 doctors: median 12 months", card.inner_text())
    page.goto(f"{live_server.url}/plan/rs/?years=3")
    printable = page.locator("main").inner_text()
    assert "reported by 3 doctors: median 12 months (range 10–15 months)" in printable
    assert "from doctors' reports, confidence low" in printable
    assert context.cookies() == []
