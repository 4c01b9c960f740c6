"""Partner attribution edge cases and links to signatures staff rejected."""

from pledges.models import Partner, Signature
from pledges.tokens import confirm_token
from tests.pledges.helpers import individual, make_signature, token_url


def test_partner_is_credited_by_origin_without_a_slug(pledge, sign, commit):
    partner = Partner.objects.create(
        name="Leeds", slug="leeds", allowed_origins="https://www.leeds.example"
    )
    with commit():
        result = sign(pledge, **individual(), headers={"HTTP_ORIGIN": "https://www.leeds.example"})
    assert result["ok"]
    assert Signature.objects.get().partner == partner


def test_a_bad_origin_line_saved_outside_the_admin_refuses_quietly(pledge, sign):
    Partner.objects.create(name="Broken", slug="broken", allowed_origins="not an origin")
    result = sign(pledge, **individual(), headers={"HTTP_ORIGIN": "https://elsewhere.example"})
    assert [error["code"] for error in result["errors"]] == ["FORBIDDEN_ORIGIN"]


def test_confirm_link_of_a_rejected_signature_does_not_say_confirmed(pledge, client):
    signature = make_signature(pledge, status=Signature.Status.REJECTED)
    for method in (client.get, client.post):
        response = method(token_url("confirm", confirm_token(signature)))
        assert response.status_code == 410
        assert "Your signature is confirmed" not in response.content.decode()
    signature.refresh_from_db()
    assert signature.status == Signature.Status.REJECTED
