"""Factories for the content model; page trees are built with `parent=`."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone

import factory
import wagtail_factories
from PIL import Image as PILImage

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from comments.models import BlockRule, CommentReport, ReaderComment
from core.models import LocalAuthority, Person, Principle, ServiceArea
from home.models import HomePage
from pledges.models import PledgePage
from stories.models import StoryIndexPage, StoryPage


def png_file(name="image.png", size=(64, 48), colour=(40, 120, 90)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Image {n}")
    description = factory.Sequence(lambda n: f"Alt text {n}")
    file = factory.LazyFunction(png_file)


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Author {n}")
    role = "Campaigns officer"
    organisation = "Locality"

    class Meta:
        model = Person


class PrincipleFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Principle {n}")
    slug = factory.Sequence(lambda n: f"principle-{n}")

    class Meta:
        model = Principle


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Service {n}")
    slug = factory.Sequence(lambda n: f"service-{n}")

    class Meta:
        model = ServiceArea


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Council {n}")
    gss_code = factory.Sequence(lambda n: f"E0{n:07d}")
    region = LocalAuthority.Region.YORKSHIRE
    kind = LocalAuthority.Kind.METROPOLITAN

    class Meta:
        model = LocalAuthority


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    hero_heading = "Keep it Local"

    class Meta:
        model = HomePage


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Stories"
    slug = "stories"

    class Meta:
        model = StoryIndexPage


def paragraph(html):
    return {"type": "paragraph", "value": html}


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story {n}")
    kind = StoryPage.Kind.BLOG
    date = factory.Sequence(lambda n: datetime.date(2025, 1, 1) + datetime.timedelta(days=n))
    summary = factory.Sequence(lambda n: f"Summary of story {n}.")
    body = factory.LazyFunction(lambda: [paragraph("<p>Local first.</p>")])

    class Meta:
        model = StoryPage


class CaseStudyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Case studies"
    slug = "case-studies"

    class Meta:
        model = CaseStudyIndexPage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Case study {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    summary = "What the council did."

    class Meta:
        model = CaseStudyPage


class PledgePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pledge {n}")
    summary = "Sign up."
    statement = "<p>We will keep it local.</p>"
    thank_you_text = "<p>Thank you.</p>"

    class Meta:
        model = PledgePage


class ReaderCommentFactory(factory.django.DjangoModelFactory):
    """An approved comment; pass `page=`, or `parent=` for a reply on the parent's page.

    Traits: `pending=True`, `spam=True`, `rejected=True`. Bypasses the pipeline
    and writes no history row; use `comments.status` when history matters.
    """

    page = factory.LazyAttribute(lambda o: o.parent.page if o.parent else None)
    parent = None
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    body = factory.Sequence(lambda n: f"Comment number {n}.")
    status = ReaderComment.Status.APPROVED
    status_reason = ReaderComment.Reason.PASSED
    approved_at = factory.LazyFunction(timezone.now)
    ip_hash = factory.Sequence(lambda n: f"{n:032x}")
    ip_prefix_hash = factory.Sequence(lambda n: f"{n + 1_000_000:032x}")

    class Meta:
        model = ReaderComment

    class Params:
        pending = factory.Trait(
            status=ReaderComment.Status.PENDING,
            status_reason=ReaderComment.Reason.FIRST_TIME,
            approved_at=None,
        )
        spam = factory.Trait(
            status=ReaderComment.Status.SPAM,
            status_reason=ReaderComment.Reason.BLOCK_RULE,
            approved_at=None,
        )
        rejected = factory.Trait(
            status=ReaderComment.Status.REJECTED,
            status_reason=ReaderComment.Reason.MODERATOR,
            approved_at=None,
        )


class CommentReportFactory(factory.django.DjangoModelFactory):
    comment = factory.SubFactory(ReaderCommentFactory)
    reason = CommentReport.Reason.ABUSE
    reporter_ip_hash = factory.Sequence(lambda n: f"{n + 2_000_000:032x}")

    class Meta:
        model = CommentReport


class BlockRuleFactory(factory.django.DjangoModelFactory):
    kind = BlockRule.Kind.KEYWORD
    value = factory.Sequence(lambda n: f"banned phrase {n}")
    action = BlockRule.Action.REJECT

    class Meta:
        model = BlockRule
