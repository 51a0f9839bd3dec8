"""A path's edit page fits a screen: each step is one summary line (title, months, cost) that opens to edit.

Measured on Germany's standard path of the starter data (9 steps) in a Reviewer's browser at 1280×800:
9,347 px tall with every step open as a stacked form, 5,566 px with the steps folded (the steps take
494 px of it; the rest is the path's own fields and its sources and review).
"""

import importlib
import re

from django.apps import apps
from django.contrib.auth.models import Group, User

from guides.models import RecognitionPath

#: The page's height with the steps folded, with room for a longer summary (it was 9,347 px unfolded).
MAX_HEIGHT = 6_500
#: One folded step's line, and the steps' heading and help around them.
STEP_LINE, STEPS_FRAME = 60, 120


def test_a_path_edit_page_shows_each_step_as_one_line_and_opens_one_to_edit(starter, live_server, browser):
    importlib.import_module("guides.migrations.0003_editor_and_reviewer_groups").create_groups(apps, None)
    reviewer = User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    path = RecognitionPath.objects.get(country__iso2="de", slug="kenntnispruefung")
    steps = list(path.steps.order_by("position", "slug"))
    context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", "rita")
        page.fill("#id_password", "a-long-test-password")
        page.click("input[type=submit]")
        page.goto(f"{live_server.url}/admin/guides/recognitionpath/{path.pk}/change/")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= MAX_HEIGHT, height
        steps_height = page.evaluate("document.querySelector('#steps-group').getBoundingClientRect().height")
        assert steps_height <= STEP_LINE * len(steps) + STEPS_FRAME, steps_height

        summaries = page.locator("#steps-group .has_original > details.step-details > summary")
        assert summaries.count() == len(steps) >= 9
        assert page.locator("#steps-group .has_original > details.step-details[open]").count() == 0
        first = re.sub(r"\s+", " ", summaries.nth(0).inner_text())
        assert steps[0].title in first and "month" in first

        # A new step opens at once, ready to fill in.
        page.click("#steps-group .add-row a")
        new = len(steps)
        assert page.locator(f"#steps-{new} > details.step-details[open]").count() == 1
        assert page.locator(f"#id_steps-{new}-title_en").is_visible()
        page.click(f"#steps-{new} .inline-deletelink")

        # Open one step, change its months, save: the collapsed form still saves what was edited.
        summaries.nth(1).click()
        page.fill("#id_steps-1-months_max", "7")
        page.click("input[name=_continue]")
        assert page.locator(".errornote").count() == 0, page.locator(".errornote").inner_text()
        steps[1].refresh_from_db()
        assert steps[1].months_max == 7
        saved = re.sub(
            r"\s+",
            " ",
            page.locator("#steps-group .has_original > details.step-details > summary").nth(1).inner_text(),
        )
        assert "7 months" in saved
    finally:
        context.close()
