"""Stored IP hashes are keyed hashes: never the address, nothing of it, useless without the key."""

import hashlib
import hmac
import re

import pytest

from pledges.identity import hash_ip, hash_ip_prefix, ip_prefix
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
