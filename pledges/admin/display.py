"""How a signature is named and described across the Pledges admin."""

from pledges.models import Signature

IP_PREFIX_LENGTH = 8


def signer_label(signature):
    """Who signed: the council, the organisation or the person."""
    if signature.signer_type == Signature.SignerType.COUNCIL and signature.local_authority_id:
        return signature.local_authority.name
    if signature.signer_type == Signature.SignerType.INDIVIDUAL:
        return signature.name or "Anonymised"
    return signature.organisation or signature.name or "Anonymised"


def source_label(signature):
    """The partner whose widget it came through and the utm_source, if any."""
    parts = []
    if signature.partner_id:
        parts.append(f"{signature.partner.name} (widget)")
    if signature.utm_source:
        parts.append(f"utm: {signature.utm_source}")
    return " · ".join(parts) or "Direct"


def ip_prefix(ip_hash):
    """Enough of a keyed IP hash to tell signers apart; the whole hash stays in the database."""
    return f"{ip_hash[:IP_PREFIX_LENGTH]}…" if ip_hash else ""
