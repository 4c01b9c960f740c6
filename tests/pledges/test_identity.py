"""Stored IP hashes are keyed hashes: never the address, nothing of it, useless without the key."""

import hashlib
import hmac
import re

import pytest

from pledges.identity import client_ip, hash_ip, hash_ip_prefix, ip_prefix
from pledges.models import Signature
from tests.pledges.helpers import individual

ADDRESSES = ["192.0.2.17", "198.51.100.203", "2001:db8:85a3::8a2e:370:7334", "::1"]


def parts(ip):
    """The address and every leading piece of it a careless hash might keep."""
    pieces = re.split(r"[.:]", ip)
    prefixes = {ip}
    for n in range(1, len(pieces)):
        prefixes.add(".".join(pieces[:n]) if "." in ip else ":".join(pieces[:n]))
    return {prefix for prefix in prefixes if len(prefix) >= 3}


@pytest.mark.parametrize("ip", ADDRESSES)
def test_hash_is_neither_the_address_nor_part_of_it(ip):
    hashed = hash_ip(ip)
    assert re.fullmatch(r"[0-9a-f]{32}", hashed)
    assert not hashed.startswith(tuple(parts(ip)))
    assert ip not in hashed


@pytest.mark.parametrize("ip", ADDRESSES)
def test_hash_needs_the_key(ip, settings):
    """An unkeyed hash of every IPv4 address is a few minutes' work; a keyed one is not."""
    settings.IP_HASH_KEY = "first-key"
    first = hash_ip(ip)
    assert first != hashlib.sha256(ip.encode()).hexdigest()[:32]
    assert first == hmac.new(b"first-key", ip.encode(), hashlib.sha256).hexdigest()[:32]
    settings.IP_HASH_KEY = "second-key"
    assert hash_ip(ip) != first


def test_prefix_hash_groups_a_network_without_storing_it():
    assert ip_prefix("192.0.2.17") == "192.0.2.0/24"
    assert hash_ip_prefix("192.0.2.17") == hash_ip_prefix("192.0.2.250")
    assert hash_ip_prefix("192.0.2.17") != hash_ip_prefix("192.0.3.17")
    assert "192.0.2" not in hash_ip_prefix("192.0.2.17")


def test_a_signature_stores_only_the_keyed_hash(pledge, sign):
    assert sign(pledge, **individual(), headers={"REMOTE_ADDR": "203.0.113.9"})["ok"]
    stored = Signature.objects.get().ip_hash
    assert "203.0.113" not in stored and stored != "203.0.113.9"
    assert stored == hash_ip("203.0.113.9")
    assert re.fullmatch(r"[0-9a-f]{32}", stored)


@pytest.mark.parametrize(
    ("value", "prefix"),
    [
        ("2001:db8:85a3:1234::1", "2001:db8:85a3::/48"),  # IPv6 households get a /48
        (" 192.0.2.17 ", "192.0.2.0/24"),
        ("192.0.2.0/24", "192.0.2.0/24"),  # an editor may type the network itself
        ("192.0.2.99/24", "192.0.2.0/24"),  # host bits in a typed network are forgiven
        ("2001:db8:85a3::/48", "2001:db8:85a3::/48"),
        ("192.0.0.0/16", ""),  # a wider network would ban a whole provider
        ("192.0.2.0/25", ""),
        ("2001:db8::/32", ""),
        ("not an address", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_ip_prefix(value, prefix):
    assert ip_prefix(value) == prefix


def test_nothing_hashes_to_nothing():
    assert hash_ip("") == "" and hash_ip(None) == ""
    assert hash_ip_prefix("not an address") == ""


@pytest.mark.parametrize(
    ("hops", "forwarded", "client"),
    [
        (0, "192.0.2.1", "10.0.0.1"),  # no proxies: the header is anyone's to forge
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "198.51.100.7, 192.0.2.1", "192.0.2.1"),  # a forged entry in front is skipped
        (2, "198.51.100.7, 192.0.2.1, 10.0.0.2", "192.0.2.1"),
        (2, "192.0.2.1,,10.0.0.2", "192.0.2.1"),  # empty entries are not hops
        (2, "10.0.0.2", "10.0.0.1"),  # fewer entries than proxies: not trusted
        (1, "", "10.0.0.1"),
    ],
)
def test_client_ip_trusts_only_our_own_proxies(rf, settings, hops, forwarded, client):
    settings.TRUSTED_PROXY_COUNT = hops
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


def test_behind_a_proxy_a_request_without_the_header_is_its_own_address(rf, settings):
    """A request that reached us without X-Forwarded-For at all (a health probe, say)."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_a_second_plus_tag_goes_with_the_first():
    from pledges.identity import canonical_email

    assert canonical_email("Ada+x+y@Gmail.com") == "ada@gmail.com"


def test_the_prefix_hash_is_as_long_as_the_address_hash():
    assert re.fullmatch(r"[0-9a-f]{32}", hash_ip_prefix("192.0.2.17"))
    assert re.fullmatch(r"[0-9a-f]{32}", hash_ip("192.0.2.17"))
