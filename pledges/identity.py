"""Who is signing: canonical emails, client IPs behind proxies, keyed IP hashes."""

import hashlib
import hmac
import ipaddress

from django.conf import settings

# Providers that deliver a.b.c+tag@ to abc@: the same mailbox, so one signature.
DOTS_IGNORED = {"gmail.com", "googlemail.com"}
PLUS_TAGS = {
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "protonmail.com",
    "proton.me",
    "fastmail.com",
    "yahoo.com",
}
ALIASES = {"googlemail.com": "gmail.com"}


def canonical_email(email):
    local, _, domain = email.strip().lower().rpartition("@")
    domain = ALIASES.get(domain, domain)
    if domain in PLUS_TAGS:
        local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def client_ip(request):
    """The reader's address, trusting only as many X-Forwarded-For hops as we run proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _key():
    return (settings.IP_HASH_KEY or f"ip-hash:{settings.SECRET_KEY}").encode()


def hash_ip(ip):
    """A keyed hash: comparable between signatures, useless without the key."""
    if not ip:
        return ""
    return hmac.new(_key(), ip.encode(), hashlib.sha256).hexdigest()[:32]


def hash_value(value):
    return hmac.new(_key(), value.encode(), hashlib.sha256).hexdigest()[:32]


def ip_prefix(ip):
    """The network a reader's address belongs to: /24 for IPv4, /48 for IPv6.

    One household or small office, roughly; a ban on the prefix survives a
    router that hands out a new address. A network of exactly that size is
    accepted too (an editor typing "203.0.113.0/24"); anything else gives "".
    """
    value = (ip or "").strip()
    try:
        network = ipaddress.ip_network(value, strict=False)
    except ValueError:
        return ""
    length = 24 if network.version == 4 else 48
    if "/" in value and network.prefixlen != length:
        return ""
    return str(network.supernet(new_prefix=length))


def hash_ip_prefix(ip):
    """A keyed hash of `ip_prefix(ip)`; the "/24" in the input keeps it apart from `hash_ip`."""
    prefix = ip_prefix(ip)
    return hash_value(prefix) if prefix else ""
