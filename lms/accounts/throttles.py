"""Budgets for wrong guesses at secrets: sign-in codes and API access tokens.

Each kind of secret has two budgets of wrong guesses per window, counted in the cache (Redis in
production and in the tests, so every web node shares them). A window opens with the first wrong
guess and lasts its full length, whatever happens in it:

- per client: the network address the guesses come from (an IPv6 address counts by its /64
  network, which one household or server usually holds whole);
- per target: what the guesses aim at. An access token shows its first characters (its hint,
  "pp_" and five more), so guesses at one token from many addresses share one budget. A
  sign-in code shows nothing, so its target is every outstanding code at once, with a budget
  large enough that only guessing spread over many addresses reaches it.

While a budget is spent, every attempt it covers is refused before the secret is looked up,
even a right one, so guessing on learns nothing. A guess counts only when it was looked up:
a malformed code or token is refused without touching the database and costs nothing.

The limits are settings (PEERPATH_GUESS_LIMITS), each (wrong guesses, window in seconds).
"""

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache

from lms.accounts.models import PersonalAccessToken

# The kinds of secret guessed at (keys of PEERPATH_GUESS_LIMITS).
SIGN_IN_CODE = "sign_in_code"
ACCESS_TOKEN = "access_token"  # noqa: S105 - a name, not a secret
# Sign-in codes carry no hint of whose they are: one target stands for all of them.
EVERY_SIGN_IN_CODE = "every-code"


def client_address(request) -> str:
    """The address guesses come from; behind proxies, the one the nearest trusted proxy saw.

    ALLAUTH_TRUSTED_PROXY_COUNT (env PEERPATH_TRUSTED_PROXY_COUNT) is shared with allauth's
    own sign-in throttle, so both count the same client.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        if len(hops) >= proxies:
            address = hops[-proxies]
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def access_token_target(token: str) -> str:
    """The visible start of a presented token: the hint a real token of that start shows."""
    return token[: len(PersonalAccessToken.PREFIX) + 5]


def _counters(*, kind: str, request, target: str) -> list[tuple[str, int, int]]:
    """(cache key, limit, window in seconds) for each budget of this kind."""
    counters = []
    for budget, ident in (("client", client_address(request)), ("target", target)):
        limit, seconds = settings.PEERPATH_GUESS_LIMITS[kind][budget]
        # Hash what identifies the client or target: no addresses or token starts in key names.
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        counters.append((f"peerpath:guesses:{kind}:{budget}:{digest}", limit, seconds))
    return counters


def wait_seconds(*, kind: str, request, target: str) -> int:
    """0 when an attempt may go ahead; otherwise the seconds until the spent budget refills.

    A budget's window opens with its first wrong guess and lasts its full length.
    """
    counters = _counters(kind=kind, request=request, target=target)
    stored = cache.get_many([name for key, _l, _s in counters for name in (key, f"{key}:ends")])
    now = time.time()
    waits = [
        stored.get(f"{key}:ends", now + seconds) - now
        for key, limit, seconds in counters
        if stored.get(key, 0) >= limit
    ]
    return max(1, math.ceil(max(waits))) if waits else 0


def wrong_guess_record(*, kind: str, request, target: str) -> None:
    """Count one wrong guess against the client and the target."""
    for key, _limit, seconds in _counters(kind=kind, request=request, target=target):
        try:
            cache.incr(key)  # keeps the window's expiry
        except ValueError:  # no window open: this guess opens one
            if cache.add(key, 1, timeout=seconds):
                cache.set(f"{key}:ends", time.time() + seconds, timeout=seconds)
            else:  # another request opened it meanwhile
                cache.incr(key)
