"""iCalendar (RFC 5545) files for live sessions: one session, or a person's whole feed.

Times are written in UTC, so every calendar application shows them in its own zone. A session
keeps its UID; SEQUENCE grows with each change, so a calendar updates the event (or marks it
cancelled) instead of adding a second one.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from lms.emails import absolute_url
from lms.live_training.models import LiveSession

PRODUCT_ID = "-//PeerPath//Live training//EN"


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line, after one space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for character in line:
        piece = character.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(session: LiveSession, *, show_link: bool, url: str) -> list[str]:
    description = [session.module.title]
    if show_link and session.meeting_link:
        description.append(session.meeting_link)
    description.append(url)
    location = session.place or (session.meeting_link if show_link else "")
    lines = [
        "BEGIN:VEVENT",
        f"UID:live-session-{session.pk}@peerpath",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SEQUENCE:{int(session.updated_at.timestamp()) if session.updated_at else 0}",
        f"SUMMARY:{_escape(session.display_title)}",
        f"DESCRIPTION:{_escape(chr(10).join(description))}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if session.is_cancelled else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar_file(
    sessions: Iterable[LiveSession], *, name: str, links_for: set[int], url_for
) -> str:
    """The .ics text. ``links_for``: ids of sessions whose meeting link this person may see;
    ``url_for(session)``: the path of the session's page for this person."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT_ID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for session in sessions:
        lines += _event(
            session, show_link=session.pk in links_for, url=absolute_url(url_for(session))
        )
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
