"""Sign in to comment: the full OpenID Connect code flow against a local provider.

The provider is oidc-provider-mock, a real OpenID provider (discovery, JWKS,
signed ID tokens, token and userinfo endpoints) served on 127.0.0.1 from a
thread. The Django test client plays the browser on our side; `requests`
plays it on the provider's (the "Authorize" form), and allauth talks to the
provider over real HTTP for the code exchange, the keys and the userinfo.
"""

import threading
import warnings
from urllib.parse import quote, urlsplit

from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

# The mock uses authlib's older APIs, and authlib turns its own deprecation
# warnings on when imported: import it first, then hush them for the mock.
import authlib.deprecate  # noqa: F401
import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from werkzeug.serving import make_server

from cms.settings.base import social_providers
from comments.accounts import is_commenter, providers_configured, verified_email
from comments.models import Commenter

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import oidc_provider_mock

pytestmark = pytest.mark.django_db

PROVIDER_ID = "local"


@pytest.fixture(scope="module")
def oidc_server():
    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


@pytest.fixture
def provider(settings, oidc_server):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers(
        {
            "OIDC_PROVIDERS": (
                f'[{{"id": "{PROVIDER_ID}", "name": "Local ID", "server_url": "{oidc_server}",'
                ' "client_id": "keep-it-local", "secret": "not-a-secret"}]'
            )
        }
    )
    return oidc_server


def sign_in(client, server, sub, claims, next_url="/stories/"):
    """Our login button, the provider's Authorize form, and back to our callback."""
    response = requests.put(f"{server}/users/{quote(sub)}", json=claims, timeout=5)
    assert response.status_code == 204

    login = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    response = client.post(f"{login}?process=login&next={quote(next_url)}")
    assert response.status_code == 302
    assert response.url.startswith(f"{server}/oauth2/authorize?")

    authorized = requests.post(response.url, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert authorized.status_code == 302, authorized.text[:300]
    callback = urlsplit(authorized.headers["location"])
    assert callback.path == reverse("openid_connect_callback", kwargs={"provider_id": PROVIDER_ID})
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_user(client):
    user_id = client.session.get(SESSION_KEY)
    return User.objects.get(pk=user_id) if user_id else None


def test_a_verified_email_counts_and_the_account_has_no_admin_access(client, provider):
    claims = {"email": "ada@example.org", "email_verified": True, "name": "Ada Lovelace"}

    response = sign_in(client, provider, "ada-sub", claims, next_url="/stories/first/#comments")

    assert response.status_code == 302 and response.url == "/stories/first/#comments"
    user = signed_in_user(client)
    assert user is not None
    assert SocialAccount.objects.get(user=user).uid == "ada-sub"
    assert (user.is_staff, user.is_superuser, user.has_usable_password()) == (False, False, False)
    assert not user.groups.exists() and not user.user_permissions.exists()
    assert not user.has_perm("wagtailadmin.access_admin")
    assert Commenter.objects.filter(user=user).exists() and is_commenter(user)
    assert verified_email(user) == "ada@example.org"

    admin = client.get("/admin/")
    assert admin.status_code == 302 and admin.url.startswith(reverse("wagtailadmin_login"))
    assert client.get(reverse("reader_comments:index")).status_code == 302


def test_an_email_the_provider_did_not_verify_does_not_count(client, provider):
    sign_in(client, provider, "bob-sub", {"email": "bob@example.org", "email_verified": False})

    user = signed_in_user(client)
    assert user.email == "bob@example.org"
    assert verified_email(user) is None


def test_an_email_without_any_verified_claim_does_not_count(client, provider):
    sign_in(client, provider, "cy-sub", {"email": "cy@example.org"})

    assert verified_email(signed_in_user(client)) is None


def test_a_second_sign_in_reuses_the_account_and_follows_the_provider(client, provider):
    sign_in(client, provider, "dee-sub", {"email": "dee@example.org", "email_verified": False})
    first = signed_in_user(client)
    client.logout()

    # Later the provider has verified the address.
    sign_in(client, provider, "dee-sub", {"email": "dee@example.org", "email_verified": True})

    again = signed_in_user(client)
    assert again.pk == first.pk
    assert User.objects.filter(socialaccount__uid="dee-sub").count() == 1
    assert verified_email(again) == "dee@example.org"


def test_an_existing_staff_email_gets_a_separate_commenter_account(client, provider):
    staff = User.objects.create_user("editor", "eve@example.org", "pw", is_staff=True)
    staff.groups.add(Group.objects.get(name="Editors"))

    sign_in(client, provider, "eve-sub", {"email": "eve@example.org", "email_verified": True})

    user = signed_in_user(client)
    assert user.pk != staff.pk
    assert not user.is_staff and not user.groups.exists()


def test_a_provider_sign_in_to_a_privileged_account_is_refused(client, provider):
    staff = User.objects.create_user("moderator", "mo@example.org", "pw")
    staff.groups.add(Group.objects.get(name="Comment moderators"))
    Commenter.objects.create(user=staff)
    SocialAccount.objects.create(user=staff, provider=PROVIDER_ID, uid="mo-sub")

    response = sign_in(client, provider, "mo-sub", {"email": "mo@example.org"})

    assert response.status_code == 403
    assert "can't be used to comment" in response.content.decode()
    assert signed_in_user(client) is None


def test_the_login_page_offers_each_provider_as_a_post_button(client, provider):
    html = client.get(reverse("account_login"), {"next": "/stories/first/"}).content.decode()

    login = reverse("openid_connect_login", kwargs={"provider_id": PROVIDER_ID})
    assert 'method="post"' in html and f'action="{login}?process=login' in html
    assert "Continue with Local ID" in html
    assert "password" not in html.lower().replace("never your password", "")
    assert providers_configured()


def test_no_local_sign_up_or_password_sign_in(client, provider):
    for name in ("account_signup", "account_reset_password", "account_change_password"):
        with pytest.raises(Exception):  # noqa: B017 (NoReverseMatch: no such routes)
            reverse(name)
    User.objects.create_user("local", "local@example.org", "secret-pw")

    client.post(reverse("account_login"), {"login": "local", "password": "secret-pw"})

    assert signed_in_user(client) is None


def test_sign_out_asks_first_then_signs_out(client, provider):
    sign_in(client, provider, "fay-sub", {"email": "fay@example.org"})

    confirm = client.get(reverse("account_logout"))
    assert confirm.status_code == 200 and "Sign out of commenting" in confirm.content.decode()
    assert signed_in_user(client) is not None
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None


def test_without_providers_nothing_is_offered(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = social_providers({})

    assert settings.SOCIALACCOUNT_PROVIDERS == {}
    assert not providers_configured()
    html = client.get(reverse("account_login")).content.decode()
    assert "Signing in isn't available" in html


def test_providers_come_from_the_environment():
    providers = social_providers(
        {
            "GOOGLE_CLIENT_ID": "g-id",
            "GOOGLE_CLIENT_SECRET": "g-secret",
            "GITHUB_CLIENT_ID": "",
            "MICROSOFT_CLIENT_ID": "m-id",
            "MICROSOFT_TENANT": "consumers",
            "OIDC_PROVIDERS": '[{"id": "sso", "name": "SSO", "server_url": "https://id.example",'
            ' "client_id": "c", "secret": "s"}]',
        }
    )

    assert providers["google"] == {"APPS": [{"client_id": "g-id", "secret": "g-secret"}]}
    assert "github" not in providers
    assert providers["microsoft"]["APPS"][0]["settings"] == {"tenant": "consumers"}
    assert providers["openid_connect"]["APPS"][0]["provider_id"] == "sso"
    assert providers["openid_connect"]["APPS"][0]["settings"] == {
        "server_url": "https://id.example"
    }


@pytest.mark.parametrize("value", ["not json", '{"id": "x"}', '[{"id": "x"}]'])
def test_a_bad_oidc_providers_value_says_what_is_wrong(value):
    with pytest.raises(ImproperlyConfigured, match="OIDC_PROVIDERS"):
        social_providers({"OIDC_PROVIDERS": value})


def test_the_admin_login_stays_wagtails_own_for_staff(client, provider):
    sign_in(client, provider, "gus-sub", {"email": "gus@example.org"})
    commenter = signed_in_user(client)
    client.logout()
    User.objects.create_superuser("boss", "boss@example.org", "boss-pw")
    login = reverse("wagtailadmin_login")

    # A commenter has no password to give, so the admin's form never signs them in.
    client.post(login, {"username": commenter.get_username(), "password": ""})
    assert signed_in_user(client) is None
    response = client.post(login, {"username": "boss", "password": "boss-pw"})
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
