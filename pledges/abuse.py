"""Rate limits and the proof-of-work challenge, kept in the shared cache.

Both count through `counter_cache()`: while Redis is down they fall back to a
per-process count rather than failing open or refusing everyone.
"""

import time

from django.conf import settings

from core.cache import count_up, counter_cache

from .identity import hash_value


def _window_key(scope, identity, window):
    bucket = int(time.time() // window)
    return f"pledges:rate:{scope}:{identity}:{bucket}", window - int(time.time() % window)


def _count(store, key, window):
    return count_up(store, [key], window)[0]


def hit(scope, identity, limit, window):
    """Count one attempt; return seconds to wait if over the limit, else 0."""
    if not identity:
        return 0
    key, remaining = _window_key(scope, identity, window)
    store = counter_cache()
    count = _count(store, key, window)
    if counter_cache() is not store:  # the shared cache went away during this count
        count = _count(counter_cache(), key, window)
    return remaining if count > limit else 0


def ip_limited(ip_hash):
    limit, window = settings.PLEDGES["RATE_PER_IP"]
    return hit("ip", ip_hash, limit, window)


def email_limited(email_canonical):
    limit, window = settings.PLEDGES["RATE_PER_EMAIL"]
    return hit("email", hash_value(email_canonical), limit, window)


# ALTCHA proof of work: the browser finds a number whose hash matches the
# challenge; verifying costs us one hash. Each solved challenge is usable once.
def _hmac_key():
    return f"altcha:{settings.SECRET_KEY}"


def new_challenge():
    import datetime

    from altcha import ChallengeOptionsV1, create_challenge_v1

    expires = datetime.datetime.now(datetime.UTC) + datetime.timedelta(
        seconds=settings.PLEDGES["CHALLENGE_MAX_AGE"]
    )
    challenge = create_challenge_v1(
        ChallengeOptionsV1(
            hmac_key=_hmac_key(),
            max_number=settings.PLEDGES["CHALLENGE_MAX_NUMBER"],
            expires=expires,
        )
    )
    return challenge.to_dict()


def _challenge_of(payload):
    import base64
    import json

    if isinstance(payload, dict):
        return str(payload.get("challenge", ""))
    try:
        return str(json.loads(base64.b64decode(payload)).get("challenge", ""))
    except (ValueError, TypeError, AttributeError):
        return str(payload)


def challenge_passes(payload):
    """True for a correct, unexpired solution not used before."""
    if not payload:
        return False
    from altcha import verify_solution_v1

    try:
        ok, _error = verify_solution_v1(payload, _hmac_key(), check_expires=True)
    except Exception:  # noqa: BLE001 - a malformed payload is just a failed challenge
        return False
    if not ok:
        return False
    # Key on the challenge itself, so a re-encoded payload is still a replay.
    replay_key = f"pledges:altcha-used:{hash_value(_challenge_of(payload))}"
    store = counter_cache()
    timeout = settings.PLEDGES["CHALLENGE_MAX_AGE"] + 60
    fresh = store.add(replay_key, 1, timeout=timeout)
    if counter_cache() is not store:  # unreachable, not a replay: remember it here instead
        fresh = counter_cache().add(replay_key, 1, timeout=timeout)
    return fresh
