"""Two-factor sign-in for staff: the code step, recovery codes, wrong codes, enrolment."""

import io
import re
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import call_command
from django.test import RequestFactory

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from adminauth.devices import new_recovery_codes
from adminauth.middleware import TwoFactorMiddleware
from adminauth.models import GroupTwoFactorPolicy

from .conftest import PASSWORD, current_code, sign_in, signed_in

pytestmark = pytest.mark.django_db

VERIFY_URL = "/admin/two-factor/verify/"
ENROL_URL = "/admin/two-factor/enrol/"


def require_for_editors():
    GroupTwoFactorPolicy.objects.create(group=Group.objects.get(name="Editors"), required=True)


def enter_code(client, code, next_url="/admin/"):
    return client.post(VERIFY_URL, {"code": code, "next": next_url})


def test_an_authenticator_holds_the_admin_at_the_code_step(client, authenticator):
    response = sign_in(client, "editor")
    assert response.status_code == 302 and signed_in(client)
    for url in ("/admin/", "/admin/pages/", "/admin/account/"):
        held = client.get(url)
        assert held.status_code == 302
        assert held["Location"].startswith(VERIFY_URL)
    page = client.get(VERIFY_URL)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()


def test_the_right_code_opens_the_admin_and_goes_where_asked(client, authenticator):
    sign_in(client, "editor")
    response = enter_code(client, current_code(authenticator), next_url="/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_a_code_is_accepted_once_only(client, authenticator):
    sign_in(client, "editor")
    code = current_code(authenticator)
    assert enter_code(client, code).status_code == 302
    client.post("/admin/logout/")
    sign_in(client, "editor")
    # Replayed within its 30 seconds, the same code is refused.
    assert enter_code(client, code).status_code == 400


def test_the_next_address_must_stay_on_this_site(client, authenticator):
    sign_in(client, "editor")
    response = enter_code(client, current_code(authenticator), next_url="https://evil.example/")
    assert response["Location"] == "/admin/"


def test_a_recovery_code_works_once(client, authenticator, editor):
    first, second = new_recovery_codes(editor)[:2]
    sign_in(client, "editor")
    # Typed as people copy them: upper case, with a space.
    assert enter_code(client, f"{first[:4].upper()} {first[4:]}").status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    sign_in(client, "editor")
    refused = enter_code(client, first)
    assert refused.status_code == 400
    # In the messages area: the login layout hides errors under a field.
    assert '<li class="error">That code is not right' in refused.content.decode()
    assert enter_code(client, second).status_code == 302
    assert StaticToken.objects.filter(device__user=editor).count() == 8


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, authenticator):
    sign_in(client, "editor")
    for _ in range(3):
        assert enter_code(client, "000000").status_code == 400
    # Signing in again with the password must not clear the count.
    client.post("/admin/logout/")
    sign_in(client, "editor")
    assert enter_code(client, "000000").status_code == 400
    locked = enter_code(client, "000000")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert not signed_in(client)
    # The password alone cannot start a fresh round of guesses.
    assert sign_in(client, "editor").status_code == 429


def test_a_pending_user_counts_as_signed_out_outside_the_admin(authenticator, editor):
    seen = {}

    def view(request):
        seen["authenticated"] = request.user.is_authenticated
        return None

    request = RequestFactory().get("/documents/1/private.pdf")
    request.user = editor
    editor.is_verified = lambda: False  # as django-otp's middleware sets it
    TwoFactorMiddleware(view)(request)
    assert seen["authenticated"] is False
    assert isinstance(request.user._wrapped, AnonymousUser)


def test_a_required_group_sends_a_member_without_a_device_to_enrolment(client, editor):
    require_for_editors()
    sign_in(client, "editor")
    for url in ("/admin/", "/admin/pages/", "/admin/two-factor/", VERIFY_URL):
        held = client.get(url)
        assert held.status_code == 302 and held["Location"].startswith(ENROL_URL), url

    page = client.get(ENROL_URL).content.decode()
    assert "<svg" in page and "requires two-factor authentication" in page
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    # The key shown for typing is the device's own.
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert secret.lower() == device.config_url.split("secret=")[1].split("&")[0].lower()

    assert client.post(ENROL_URL, {"code": "000000"}).status_code == 400
    done = client.post(ENROL_URL, {"code": current_code(device)})
    assert done.status_code == 200 and "no-store" in done["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", done.content.decode())
    stored = StaticToken.objects.filter(device__user=editor).values_list("token", flat=True)
    assert len(codes) == 10 and sorted(codes) == sorted(stored)
    assert client.get("/admin/").status_code == 200


def test_without_a_requirement_a_staff_member_signs_in_with_the_password(client, editor):
    sign_in(client, "editor")
    assert client.get("/admin/").status_code == 200


def test_a_required_group_keeps_two_factor_on(client, authenticator):
    require_for_editors()
    sign_in(client, "editor")
    enter_code(client, current_code(authenticator))
    client.post("/admin/two-factor/disable/")
    assert TOTPDevice.objects.filter(pk=authenticator.pk).exists()


def test_staff_may_turn_off_what_no_group_requires(client, authenticator, editor):
    sign_in(client, "editor")
    enter_code(client, current_code(authenticator))
    assert client.post("/admin/two-factor/disable/").status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()
    assert client.get("/admin/").status_code == 200


def test_new_recovery_codes_replace_the_old(client, authenticator, editor):
    old = new_recovery_codes(editor)
    sign_in(client, "editor")
    enter_code(client, current_code(authenticator))
    response = client.post("/admin/two-factor/recovery-codes/")
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_the_demo_superuser_signs_in_with_its_password_alone(client, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("ensure_admin", stdout=io.StringIO())
    password = (tmp_path / "admin-password.txt").read_text().strip()
    assert sign_in(client, "admin", password).status_code == 302
    assert client.get("/admin/").status_code == 200


class FormFields(HTMLParser):
    """The values a browser would submit from a page's forms, as a dict of lists."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "textarea" and name:
            self.data.setdefault(name, []).append("")
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data.setdefault(self.select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None


def test_an_administrator_requires_it_on_the_group_page(admin_client, editor):
    editors = Group.objects.get(name="Editors")
    url = f"/admin/groups/edit/{editors.pk}/"
    parser = FormFields()
    parser.feed(admin_client.get(url).content.decode())
    assert "two_factor-required" not in parser.data  # unticked to begin with
    data = {**parser.data, "two_factor-required": ["on"]}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GroupTwoFactorPolicy.objects.get(group=editors).required
    # Wagtail's own panels were saved untouched alongside ours.
    assert editors.permissions.filter(codename="access_admin").exists()


def test_the_group_form_saves_the_policy(db):
    from adminauth.forms import GroupTwoFactorForm

    group = Group.objects.get(name="Moderators")
    form = GroupTwoFactorForm(data={"two_factor-required": "on"}, instance=group)
    assert form.is_valid()
    form.save()
    assert GroupTwoFactorPolicy.objects.get(group=group).required
    assert GroupTwoFactorForm(instance=group).initial == {"required": True}
    user = get_user_model().objects.create_user("mod", password=PASSWORD)
    user.groups.add(group)
    from adminauth.policy import requires_two_factor

    assert requires_two_factor(user)


def test_the_account_page_links_to_the_two_factor_page(client, editor):
    sign_in(client, "editor")
    assert 'href="/admin/two-factor/"' in client.get("/admin/account/").content.decode()
    page = client.get("/admin/two-factor/").content.decode()
    assert "Two-factor authentication is <strong>off</strong>" in page
