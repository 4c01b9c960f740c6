"""A story with a long comment thread in a real browser: WCAG 2.2 AA, layout, keyboard,
posting with JavaScript (no reload, announced) and without (redirect, awaiting moderation)."""

import re

from django.core.cache import cache

import pytest

from comments.models import CommentReport, ReaderComment
from tests.browser.comments import comment_limits, fresh_contexts, long_thread, story  # noqa: F401
from tests.browser.test_pages import AXE_TAGS, LAYOUT, add_axe, open_page

pytestmark = pytest.mark.django_db
WIDTHS = [375, 1280]
STORY = "christmas-wish-list"


@pytest.fixture(scope="module")
def thread(site_url, comment_limits, django_db_blocker):  # noqa: F811
    """The demo story and its demo comments, plus 55 threads with replies three deep."""
    with django_db_blocker.unblock():
        page = story(STORY)
        deepest = long_thread(page)
        cache.clear()
        tops = list(ReaderComment.objects.approved().filter(page=page, parent=None))
        return {
            "url": site_url + page.url,
            "page_id": page.pk,
            "deepest": deepest.pk,
            "first": tops[0].pk,
            "second": tops[1].pk,
            "pages": [shown_count(tops[:50]), shown_count(tops[50:100])],
            "second_page_tops": len(tops[50:100]),
        }


def shown_count(comments):
    """How many comments a page of these threads shows: each, and its approved replies."""
    total = 0
    for comment in comments:
        total += 1 + shown_count(comment.replies.approved())
    return total


@pytest.fixture
def contexts(browser):
    with fresh_contexts(browser) as made:
        yield made


def axe_violations(page):
    add_axe(page)
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}\n"
        + "\n".join(f"    {' '.join(node['target'])}" for node in rule["nodes"])
        for rule in result["violations"]
    ]


def fill_form(page, body, name="Keyboard Reader", email="keys@example.org"):
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.fill("#id_body", body)


@pytest.mark.parametrize("width", WIDTHS)
def test_long_thread_has_no_violations_errors_or_overflow(contexts, thread, width, screenshot_dir):
    with open_page(contexts, thread["url"], width=width) as (page, response, errors):
        assert response.status == 200
        assert page.locator('#comments > ol[data-comment-list="top"] > li').count() == 50
        assert page.locator("#comments li.comment").count() == thread["pages"][0]
        assert page.locator(f"#comment-{thread['deepest']}").get_attribute("data-depth") == "3"
        violations = axe_violations(page)
        page.screenshot(path=screenshot_dir / f"comments-thread-{width}.png", full_page=True)
        layout = page.evaluate(LAYOUT)
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert errors == []
    assert layout["scrollWidth"] <= layout["innerWidth"], f"too wide: {layout['wide']}"
    assert layout["wide"] == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_form_with_errors_and_an_open_reply_has_no_violations(
    contexts, thread, width, screenshot_dir
):
    with open_page(contexts, thread["url"] + "#respond", width=width) as (page, _, errors):
        page.click("#respond button[type=submit]")  # empty: the API answers with errors
        page.wait_for_selector("#error-name:not([hidden])")
        page.click(f'[data-reply="{thread["first"]}"]')
        page.click(f'[data-report="{thread["first"]}"]')
        violations = axe_violations(page)
        page.locator("#respond").screenshot(
            path=screenshot_dir / f"comments-form-errors-{width}.png"
        )
        layout = page.evaluate(LAYOUT)
    assert not violations, "axe-core found:\n" + "\n".join(violations)
    assert errors == []
    assert layout["wide"] == []


def test_second_page_keeps_its_replies(contexts, thread):
    with open_page(contexts, thread["url"] + "?comments=2#comments") as (page, _, errors):
        top = page.locator('#comments > ol[data-comment-list="top"] > li.comment')
        assert top.count() == thread["second_page_tops"]
        assert page.locator("#comments li.comment").count() == thread["pages"][1]
        assert page.locator(".comments__list--replies .comment").count() > 0
        assert "Page 2 of 2" in page.locator("#comments .pagination").inner_text()
    assert errors == []


def tab_to(page, selector, limit=40):
    """Press Tab until `selector` has focus; fails if it never does."""
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_posting_with_javascript(contexts, thread, screenshot_dir):
    with open_page(contexts, thread["url"] + "#respond") as (page, _, errors):
        page.evaluate("window.__sameDocument = true")
        tab_to(page, "#id_name")
        page.keyboard.type("Keyboard Reader")
        tab_to(page, "#id_email")
        page.keyboard.type("keys@example.org")
        tab_to(page, "#id_body")
        page.keyboard.type("Typed without a mouse.")
        tab_to(page, "#respond button[type=submit]")
        page.keyboard.press("Enter")
        status = page.locator("[data-comment-status]")
        status.filter(has_text="awaiting moderation").wait_for(state="attached")
        mine = page.locator("li.comment--pending")
        assert mine.count() == 1
        assert "Typed without a mouse." in mine.inner_text()
        assert "Awaiting moderation" in mine.inner_text()
        assert page.evaluate("window.__sameDocument") is True  # no reload
        assert page.evaluate("document.activeElement.classList.contains('comment')")
        assert page.input_value("#id_body") == ""
        mine.screenshot(path=screenshot_dir / "comments-posted-js.png")
    assert errors == []
    comment = ReaderComment.objects.get(body="Typed without a mouse.")
    assert comment.status == ReaderComment.Status.PENDING


def test_replying_with_javascript_moves_the_form_and_nests_the_reply(contexts, thread):
    with open_page(contexts, thread["url"]) as (page, _, errors):
        parent = f"#comment-{thread['first']}"
        page.focus(f'[data-reply="{thread["first"]}"]')
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "id_body"
        assert page.locator(f"{parent} > #respond").count() == 1
        assert "Reply to" in page.inner_text("#respond-heading")
        fill_form(page, "A reply posted in place.")
        page.click("#respond button[type=submit]")
        page.locator("[data-comment-status]").filter(has_text="Thank you").wait_for(
            state="attached"
        )
        reply = page.locator(f"{parent} > ol > li.comment--pending")
        assert "A reply posted in place." in reply.inner_text()
        assert page.locator("#comments > #respond").count() == 1  # the form went home
    assert errors == []
    reply_row = ReaderComment.objects.get(body="A reply posted in place.")
    assert reply_row.parent_id == thread["first"]


def test_field_errors_with_javascript_match_the_plain_form(contexts, thread):
    with open_page(contexts, thread["url"]) as (page, _, errors):
        fill_form(page, "  ", name="", email="nope")
        page.click("#respond button[type=submit]")
        page.wait_for_selector("#error-name:not([hidden])")
        assert page.inner_text("#error-name") == "Enter your name."
        assert page.get_attribute("#id_body", "aria-invalid") == "true"
        summary = page.locator("[data-error-summary]")
        assert "There is a problem" in summary.inner_text()
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert errors == []


def test_edit_and_delete_with_javascript_survive_a_reload(contexts, thread):
    with open_page(contexts, thread["url"]) as (page, _, errors):
        fill_form(page, "To be edited.", email="edit@example.org")
        page.click("#respond button[type=submit]")
        page.wait_for_selector("li.comment--pending")
        page.reload()
        mine = page.locator("li.comment--pending")
        mine.wait_for()
        assert "To be edited." in mine.inner_text()  # from sessionStorage and ownReaderComment
        mine.locator(".comment__edit summary").click()
        mine.locator("textarea").fill("Edited in place.")
        mine.locator(".comment__edit button[type=submit]").click()
        page.locator("[data-comment-status]").filter(has_text="updated").wait_for(state="attached")
        assert "Edited in place." in mine.locator("[data-comment-text]").inner_text()
        mine.locator(".comment__delete summary").click()
        mine.locator(".comment__delete button[type=submit]").click()
        page.locator("[data-comment-status]").filter(has_text="deleted").wait_for(state="attached")
        assert page.locator("li.comment--pending").count() == 0
    assert errors == []
    row = ReaderComment.objects.get(email="edit@example.org")
    assert (row.body, row.status) == ("Edited in place.", ReaderComment.Status.DELETED)


def test_reporting_with_javascript(contexts, thread):
    with open_page(contexts, thread["url"]) as (page, _, errors):
        page.click(f'[data-report="{thread["first"]}"]')
        form = page.locator(f'[data-report-form="{thread["first"]}"]')
        form.locator("button[type=submit]").click()  # no reason yet
        assert "Choose a reason" in form.inner_text()
        form.locator("input[value=off_topic]").check()
        form.locator("textarea").fill("Not about councils.")
        form.locator("button[type=submit]").click()
        page.locator(".notice", has_text="Thank you for your report").wait_for()
    assert errors == []
    report = CommentReport.objects.get(comment_id=thread["first"])
    assert (report.reason, report.detail) == ("off_topic", "Not about councils.")


def test_posting_editing_and_reporting_without_javascript(contexts, thread, screenshot_dir):
    with open_page(contexts, thread["url"], javascript=False) as (page, _, errors):
        fill_form(page, "Posted the plain way.", email="plain@example.org")
        with page.expect_navigation():
            page.click("#respond button[type=submit]")
        # The database waits until the browser is done: on SQLite the live server
        # shares this thread's connection.
        landed = re.fullmatch(re.escape(thread["url"]) + r"#comment-(\d+)", page.url)
        assert landed, page.url
        pk = landed.group(1)
        mine = page.locator(f"#comment-{pk}")
        assert "Awaiting moderation" in mine.inner_text()
        mine.screenshot(path=screenshot_dir / "comments-posted-no-js.png")
        cookie = next(c for c in page.context.cookies() if c["name"] == "kil_comment")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"

        mine.locator(".comment__edit summary").click()
        mine.locator("textarea").fill("Edited the plain way.")
        with page.expect_navigation():
            mine.locator(".comment__edit button[type=submit]").click()
        assert "Edited the plain way." in page.locator(f"#comment-{pk}").inner_text()

        with page.expect_navigation():
            page.click(f'[data-report="{thread["second"]}"]')
        page.check("input[value=spam]")
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "Thank you for your report" in page.inner_text("main")
    assert errors == []
    row = ReaderComment.objects.get(pk=pk)
    assert (row.email, row.body) == ("plain@example.org", "Edited the plain way.")
    assert CommentReport.objects.filter(comment_id=thread["second"], reason="spam").exists()


def test_errors_without_javascript_sit_beside_the_fields(contexts, thread):
    with open_page(contexts, thread["url"], javascript=False) as (page, _, errors):
        fill_form(page, "", name="Someone", email="someone@example.org")
        with page.expect_navigation():
            page.click("#respond button[type=submit]")
        assert page.inner_text("#error-body") == "Write your comment."
        assert re.search(r"/comments/\d+/#respond$", page.url)
        assert page.input_value("#id_name") == "Someone"
    unexpected = [error for error in errors if "status of 400" not in error]
    assert unexpected == []


def test_a_form_left_open_past_its_token_still_posts_with_javascript(contexts, thread):
    from comments.forms import FORM_TOKEN_SALT
    from tests.pledges.helpers import aged_token

    day_old = aged_token({"p": thread["page_id"], "t": 0}, FORM_TOKEN_SALT, 60 * 60 * 25)
    with open_page(contexts, thread["url"]) as (page, _, errors):
        page.evaluate(
            "(token) => { document.querySelector('#id_form_token').value = token; }", day_old
        )
        fill_form(page, "Posted after a long lunch.", email="lunch@example.org")
        page.click("#respond button[type=submit]")
        page.locator("li.comment--pending", has_text="Posted after a long lunch.").wait_for()
        assert page.input_value("#id_form_token") != day_old
    assert errors == []
