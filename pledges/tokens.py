"""Signed links in emails: confirm (expires) and withdraw (works for good)."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "pledges.confirm"
WITHDRAW_SALT = "pledges.withdraw"


def confirm_token(signature):
    return signing.dumps(signature.pk, salt=CONFIRM_SALT)


def withdraw_token(signature):
    return signing.dumps(signature.pk, salt=WITHDRAW_SALT)


def signature_id_from(token, salt, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:
        return None


def confirm_signature_id(token):
    return signature_id_from(token, CONFIRM_SALT, settings.PLEDGES["CONFIRM_TOKEN_MAX_AGE"])


def withdraw_signature_id(token):
    return signature_id_from(token, WITHDRAW_SALT)
