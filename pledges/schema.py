"""Public pledge numbers, supporter lists and the `signPledge` mutation."""

import json

from django.conf import settings
from django.utils import timezone

from grapple.registry import registry

import graphene

from cms.graphql.pagination import page_arguments, paginate, paginated_type
from cms.graphql.visibility import current, parse_id

from . import abuse, lookup
from .forms import form_token
from .models import PledgePage, Signature
from .signing import RECEIVED, Code, sign

# Partners' pages rarely carry more than a couple of widgets; this bounds the work.
MAX_SLUGS = 10


class SignatureCounts(graphene.ObjectType):
    """Signatures that count: confirmed, and for councils, verified by staff."""

    total = graphene.Int(required=True)
    individual = graphene.Int(required=True)
    organisation = graphene.Int(required=True)
    council = graphene.Int(required=True)


class Supporter(graphene.ObjectType):
    name = graphene.String(required=True)
    signer_type = graphene.String(required=True)


class KeepItLocalCouncil(graphene.ObjectType):
    name = graphene.String(required=True)
    gss_code = graphene.String(required=True)
    region = graphene.String(required=True)
    joined_on = graphene.Date(required=True, description="When staff verified the sign-up.")


SupporterList = paginated_type("SupporterList", Supporter, "Signers who chose to be shown.")
CouncilList = paginated_type("CouncilList", KeepItLocalCouncil, "Verified Keep it Local councils.")


def public_pledge(pledge_id):
    return lookup.public_pledge(parse_id(pledge_id), current())


class PledgeQueries:
    pledge_supporters = graphene.Field(
        SupporterList,
        required=True,
        pledge_id=graphene.ID(required=True),
        **page_arguments(),
        description="Names of signers who asked to be shown, newest first.",
    )
    keep_it_local_councils = graphene.Field(
        CouncilList,
        required=True,
        pledge_id=graphene.ID(required=True),
        **page_arguments(),
        description="Councils verified as Keep it Local councils, by the date they joined.",
    )
    pledges_by_slug = graphene.List(
        graphene.NonNull(lambda: registry.pages[PledgePage]),
        required=True,
        slugs=graphene.List(graphene.NonNull(graphene.String), required=True),
        description=f"Live pledges of the requested site by slug, as widget code names them "
        f"(at most {MAX_SLUGS}); unknown slugs are left out.",
    )
    pledge_form_token = graphene.String(
        pledge_id=graphene.ID(required=True),
        description="A fresh `formToken` for `signPledge`, for forms that were served from a "
        "cache (partners' widgets). Null for an unknown pledge.",
    )
    pledge_challenge = graphene.String(
        description="A proof-of-work challenge (ALTCHA, JSON) when the site requires one, else null."
    )

    def resolve_pledge_supporters(self, info, pledge_id, page=1, per_page=10):
        pledge = public_pledge(pledge_id)
        qs = Signature.objects.none()
        if pledge is not None:
            qs = (
                Signature.objects.counted()
                .filter(pledge=pledge, show_name=True)
                .select_related("local_authority")
                .order_by("-confirmed_at", "-pk")
            )
        result = paginate(qs, page, per_page)
        result["items"] = [
            Supporter(name=signature.public_name(), signer_type=signature.signer_type)
            for signature in result["items"]
        ]
        return result

    def resolve_keep_it_local_councils(self, info, pledge_id, page=1, per_page=10):
        pledge = public_pledge(pledge_id)
        qs = Signature.objects.none()
        if pledge is not None:
            qs = (
                Signature.objects.filter(
                    pledge=pledge, status=Signature.Status.VERIFIED, local_authority__isnull=False
                )
                .select_related("local_authority")
                .order_by("verified_at", "pk")
            )
        result = paginate(qs, page, per_page)
        result["items"] = [
            KeepItLocalCouncil(
                name=signature.local_authority.name,
                gss_code=signature.local_authority.gss_code,
                region=signature.local_authority.get_region_display(),
                joined_on=timezone.localdate(signature.verified_at),
            )
            for signature in result["items"]
        ]
        return result

    def resolve_pledges_by_slug(self, info, slugs):
        wanted = list(dict.fromkeys(slugs))[:MAX_SLUGS]
        pledges = current().pages(PledgePage.objects.filter(slug__in=wanted))
        # Slugs are kept unique among pledges, but a copied page can share one:
        # the shallowest, oldest pledge wins, so the answer never flips.
        found = {}
        for pledge in pledges.order_by("-depth", "-pk"):
            found[pledge.slug] = pledge
        return [found[slug] for slug in wanted if slug in found]

    def resolve_pledge_form_token(self, info, pledge_id):
        pledge = public_pledge(pledge_id)
        return form_token(pledge.pk) if pledge is not None else None

    def resolve_pledge_challenge(self, info):
        if not settings.PLEDGES["CHALLENGE"]:
            return None
        return json.dumps(abuse.new_challenge())


SignErrorCode = graphene.Enum("SignErrorCode", [(code, code) for code in Code.ALL])
SignerType = graphene.Enum.from_enum(Signature.SignerType)
Endorsement = graphene.Enum.from_enum(Signature.Endorsement)


class SignPledgeError(graphene.ObjectType):
    field = graphene.String(description="The input field at fault, or null for the whole form.")
    code = SignErrorCode(required=True)
    message = graphene.String(required=True)
    retry_after = graphene.Int(description="Seconds to wait, for RATE_LIMITED.")


class SignPledgeInput(graphene.InputObjectType):
    pledge_id = graphene.ID(required=True)
    signer_type = SignerType(required=True)
    name = graphene.String()
    email = graphene.String()
    organisation = graphene.String()
    role = graphene.String()
    local_authority = graphene.String(description="The council's ONS/GSS code.")
    postcode = graphene.String()
    cabinet_champion = graphene.String()
    leadership_champion = graphene.String()
    endorsement = Endorsement()
    endorsement_detail = graphene.String()
    show_name = graphene.Boolean(default_value=False)
    send_updates = graphene.Boolean(default_value=False)
    form_token = graphene.String(description="From `PledgePage.formToken`, fetched with the form.")
    website = graphene.String(description="Leave empty.")
    challenge = graphene.String(description="The solved ALTCHA payload, when one is required.")
    partner = graphene.String(description="The partner's slug, for widgets on partner sites.")
    utm_source = graphene.String()
    utm_medium = graphene.String()
    utm_campaign = graphene.String()
    utm_term = graphene.String()
    utm_content = graphene.String()


# Form fields whose mutation input has another name.
INPUT_NAMES = {"partner_slug": "partner"}


def _camel(name):
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class SignPledge(graphene.Mutation):
    """Sign a pledge. The answer looks the same whether or not this email has signed."""

    class Arguments:
        input = SignPledgeInput(required=True)

    ok = graphene.Boolean(required=True)
    message = graphene.String()
    errors = graphene.List(graphene.NonNull(SignPledgeError), required=True)

    def mutate(self, info, input):
        pledge = public_pledge(input.get("pledge_id"))
        if pledge is None:
            error = SignPledgeError(
                field="pledgeId", code=Code.INVALID, message="There is no such pledge."
            )
            return SignPledge(ok=False, errors=[error])
        data = {key: value for key, value in input.items() if value is not None}
        data["signer_type"] = getattr(input.get("signer_type"), "value", input.get("signer_type"))
        if input.get("endorsement") is not None:
            data["endorsement"] = getattr(input["endorsement"], "value", input["endorsement"])
        data["partner_slug"] = data.pop("partner", "")
        result = sign(pledge, data, info.context)
        errors = [
            SignPledgeError(
                field=INPUT_NAMES.get(error.field, _camel(error.field)) if error.field else None,
                code=error.code,
                message=error.message,
                retry_after=error.retry_after,
            )
            for error in result.errors
        ]
        return SignPledge(ok=result.ok, message=RECEIVED if result.ok else None, errors=errors)


class PledgeMutations(graphene.ObjectType):
    sign_pledge = SignPledge.Field()
