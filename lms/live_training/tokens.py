"""The rotating check-in code: a signed, time-boxed token naming one session and one window.

The facilitator's screen shows a QR code of ``/live/check-in/<token>/`` that changes every
``WINDOW_SECONDS``. The token is signed with the site's secret key (Django's signing, its own
salt), so it cannot be forged or pointed at another session; it names the 30-second window it was
shown in, so a photo sent to someone elsewhere stops working moments later. It holds nothing
else, so it is the same all through its window. ``GRACE_SECONDS``
lets a phone that scanned the code just before it changed finish opening the page.
"""

import datetime
import math
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

WINDOW_SECONDS = 30
GRACE_SECONDS = 30
SALT = "peerpath.live-training.check-in"


def window_of(moment: datetime.datetime) -> int:
    return math.floor(moment.timestamp() / WINDOW_SECONDS)


def window_ends_at(window: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp((window + 1) * WINDOW_SECONDS, tz=datetime.UTC)


def check_in_token(*, session_id: int, at: datetime.datetime | None = None) -> str:
    """The token shown on the facilitator's screen at ``at`` (default: now)."""
    window = window_of(at or timezone.now())
    # No signing time inside (the window says when): one session's token is the same all
    # through its window, so a page showing it can be kept that long.
    return signing.Signer(salt=SALT).sign_object({"s": session_id, "w": window})


class TokenProblem(Exception):
    """Why a token is refused: ``code`` is "forged" or "expired"."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class CheckInToken:
    session_id: int
    window: int


def read_check_in_token(token: str, *, now: datetime.datetime | None = None) -> CheckInToken:
    """The session a token names, if it is genuine and still in time; else TokenProblem."""
    try:
        payload = signing.Signer(salt=SALT).unsign_object(token)
        parsed = CheckInToken(session_id=int(payload["s"]), window=int(payload["w"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise TokenProblem("forged") from error
    now = now or timezone.now()
    if now >= window_ends_at(parsed.window) + datetime.timedelta(seconds=GRACE_SECONDS):
        raise TokenProblem("expired")
    if parsed.window > window_of(now) + 1:
        # A window from the future can only come from a forged or replayed-from-a-bad-clock token.
        raise TokenProblem("forged")
    return parsed
