"""Who may do what in the Pledges admin, in one place.

- See signatures, their inspect pages and the reports: any signature permission
  (a communications officer usually holds "view" only).
- Export as CSV or XLSX: `pledges.export_signature`.
- Verify or reject council sign-ups: `pledges.verify_signature`.
- Invalidate signatures, in bulk or selected: `pledges.change_signature`.
"""

SIGNATURE_PERMISSIONS = (
    "pledges.view_signature",
    "pledges.change_signature",
    "pledges.verify_signature",
    "pledges.export_signature",
)


def can_see_signatures(user):
    return any(user.has_perm(permission) for permission in SIGNATURE_PERMISSIONS)


def can_export(user):
    return user.has_perm("pledges.export_signature")


def can_verify(user):
    return user.has_perm("pledges.verify_signature")


def can_invalidate(user):
    return user.has_perm("pledges.change_signature")
