"""Contact hours: the rules a module's hours must follow, in one place.

Credential boards count training by clock hours per competency domain and per topic, in
quarter hours. A module credits ``contact_hours`` in total; for each competency framework it is
mapped to, its domain split must add up to exactly that total (a trainee who completes it earns
3.0 h, of which 3.0 count toward Ethical Responsibility, never 3.5). Topic tags (ethics, HIV,
family, youth...) overlap, so each topic may claim at most the total.
"""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

QUARTER_HOUR = Decimal("0.25")


def format_hours(hours: Decimal | int | str | None) -> str:
    """Hours as people write them, in the active language: 2.50 -> '2.5', 3.00 -> '3',
    20.00 -> "20" (never "2E+1"), 2000 -> "2,000", 0.25 -> "0.25"; at most two decimals. The
    one definition: messages, pages (the ``hours`` template filter) and documents all call it."""
    if hours in (None, ""):
        return "0"
    number = Decimal(hours).quantize(Decimal("0.01"))
    places = max(0, -number.normalize().as_tuple().exponent)
    return number_format(number, decimal_pos=places, force_grouping=True)


def validate_quarter_hours(value: Decimal) -> None:
    if value is None:
        return
    if value <= 0:
        raise ValidationError(gettext_lazy("Enter more than 0 hours."), code="not_positive")
    validate_quarter_hours_or_zero(value)


def validate_quarter_hours_or_zero(value: Decimal) -> None:
    """Quarter hours, where 0 is allowed (a module whose hours are all earned online)."""
    if value is None:
        return
    if value < 0:
        raise ValidationError(gettext_lazy("Enter 0 hours or more."), code="negative")
    if value % QUARTER_HOUR:
        raise ValidationError(
            gettext_lazy("Use quarter hours: for example 1, 1.25, 1.5 or 1.75."),
            code="not_quarter_hours",
        )


def domain_split_errors(*, contact_hours: Decimal | None, domain_rows: Iterable) -> list[str]:
    """Problems with a module's domain split, as sentences an editor can act on.

    ``domain_rows`` are (domain, hours) pairs; a domain has ``framework``,
    ``get_framework_display()`` and a readable ``str()``.
    """
    rows = [(domain, hours) for domain, hours in domain_rows if domain is not None]
    if not contact_hours:
        return []
    if not rows:
        return [
            _(
                "Split the %(hours)s contact hours across at least one competency domain "
                "(Hours tab), so trainees' hours count toward their credential."
            )
            % {"hours": format_hours(contact_hours)}
        ]
    errors = []
    seen = set()
    for domain, _hours in rows:
        if domain.pk in seen:
            errors.append(
                _("%(domain)s is listed twice; list each domain once.") % {"domain": domain}
            )
        seen.add(domain.pk)
    by_framework: dict[str, list] = defaultdict(list)
    for domain, hours in rows:
        by_framework[domain.framework].append((domain, hours or Decimal(0)))
    for framework_rows in by_framework.values():
        total = sum((hours for _domain, hours in framework_rows), Decimal(0))
        if total != contact_hours:
            errors.append(
                _(
                    "The %(framework)s domain hours add up to %(total)s h, but the module "
                    "credits %(hours)s contact hours. Change the domain hours or the contact "
                    "hours so they match."
                )
                % {
                    "framework": framework_rows[0][0].get_framework_display(),
                    "total": format_hours(total),
                    "hours": format_hours(contact_hours),
                }
            )
    return errors


def topic_split_errors(*, contact_hours: Decimal | None, topic_rows: Iterable) -> list[str]:
    """Each topic may claim at most the module's contact hours, and appear once."""
    errors = []
    seen = set()
    for topic, hours in topic_rows:
        if topic is None:
            continue
        if topic.pk in seen:
            errors.append(_("%(topic)s is listed twice; list each topic once.") % {"topic": topic})
        seen.add(topic.pk)
        if contact_hours is not None and hours is not None and hours > contact_hours:
            errors.append(
                _(
                    "%(topic)s claims %(topic_hours)s h, more than the module's %(hours)s "
                    "contact hours."
                )
                % {
                    "topic": topic,
                    "topic_hours": format_hours(hours),
                    "hours": format_hours(contact_hours),
                }
            )
    return errors


# ------------------------------------------------------------------------------
# How a module's hours are earned: online lessons, live sessions, or both
# ------------------------------------------------------------------------------
ONLINE = "online"
LIVE = "live"
BLENDED = "blended"


def credit_mode_errors(
    *, credit_mode: str, contact_hours: Decimal | None, live_hours: Decimal | None
) -> dict[str, list[str]]:
    """How the contact hours divide between online lessons and live sessions, checked.

    ``contact_hours`` is the module's total; ``live_hours`` the part earned by attending live
    sessions. Returns field name -> sentences an editor can act on.
    """
    live_hours = live_hours or Decimal(0)
    if contact_hours is None:
        return {}
    if credit_mode == ONLINE and live_hours:
        return {
            "live_contact_hours": [
                _(
                    "This module's hours are earned online only, so it credits no live hours. "
                    "Set the live hours to 0, or choose live sessions as a way to earn them."
                )
            ]
        }
    if credit_mode == LIVE and live_hours != contact_hours:
        return {
            "live_contact_hours": [
                _(
                    "All %(hours)s contact hours are earned in live sessions, so the live hours "
                    "must be %(hours)s too."
                )
                % {"hours": format_hours(contact_hours)}
            ]
        }
    if credit_mode == BLENDED and not (0 < live_hours < contact_hours):
        return {
            "live_contact_hours": [
                _(
                    "Hours earned both ways: the live hours must be more than 0 and less than "
                    "the %(hours)s contact hours, so some are earned online and some live."
                )
                % {"hours": format_hours(contact_hours)}
            ]
        }
    return {}


def live_split_errors(
    *, live_hours: Decimal | None, domain_rows: Iterable, topic_rows: Iterable
) -> list[str]:
    """The live part's own split: the same rules as the online split, worded for it."""
    domain_rows = [(domain, hours) for domain, hours in domain_rows if domain is not None]
    topic_rows = [(topic, hours) for topic, hours in topic_rows if topic is not None]
    if not live_hours:
        if domain_rows or topic_rows:
            return [
                _(
                    "The module credits no live hours, so remove the live domain and topic "
                    "rows (or set the live hours)."
                )
            ]
        return []
    if not domain_rows:
        return [
            _(
                "Split the %(hours)s live hours across at least one competency domain, so "
                "trainees' attendance counts toward their credential."
            )
            % {"hours": format_hours(live_hours)}
        ]
    errors = []
    for message in domain_split_errors(contact_hours=live_hours, domain_rows=domain_rows):
        errors.append(_("Live sessions: %(problem)s") % {"problem": message})
    for message in topic_split_errors(contact_hours=live_hours, topic_rows=topic_rows):
        errors.append(_("Live sessions: %(problem)s") % {"problem": message})
    return errors


def online_split_errors(
    *,
    online_hours: Decimal | None,
    domain_rows: Iterable,
    topic_rows: Iterable,
    blended: bool = False,
) -> list[str]:
    """The online lessons' split (as before live sessions existed); empty when none online.

    ``blended``: part of the hours are earned live, so the messages say which split they mean.
    """
    if not online_hours:
        domain_rows = [row for row in domain_rows if row[0] is not None]
        topic_rows = [row for row in topic_rows if row[0] is not None]
        if domain_rows or topic_rows:
            return [
                _(
                    "All hours of this module are earned in live sessions, so split them in the "
                    "live rows and remove the online domain and topic rows."
                )
            ]
        return []
    errors = domain_split_errors(contact_hours=online_hours, domain_rows=domain_rows) + (
        topic_split_errors(contact_hours=online_hours, topic_rows=topic_rows)
    )
    if blended:
        return [_("Online lessons: %(problem)s") % {"problem": message} for message in errors]
    return errors


# ------------------------------------------------------------------------------
# Effort: what a trainee actually does online, measured from the text
# ------------------------------------------------------------------------------
# An adult reads instructional text at about 200 words a minute (slower than fiction: the
# reader stops to think). A reflection prompt asks for a few minutes of writing; a question
# (a knowledge check or the assessment) for about a minute with its feedback.
READING_WORDS_PER_MINUTE = 200
MINUTES_PER_REFLECTION = 3
MINUTES_PER_QUESTION = 1
# A live session of the starter program lasts three hours (an evening or a half day).
LIVE_SESSION_HOURS = Decimal("3")


def effort_minutes(*, words: int, reflections: int = 0, questions: int = 0) -> int:
    """Minutes of online work: reading ``words``, writing ``reflections``, answering
    ``questions``. Rounded up: a started minute is spent."""
    reading = -(-words // READING_WORDS_PER_MINUTE)
    return reading + reflections * MINUTES_PER_REFLECTION + questions * MINUTES_PER_QUESTION


def quarter_hours_covering(minutes: int) -> Decimal:
    """The smallest number of quarter hours that covers ``minutes`` (at least one)."""
    quarters = max(-(-minutes // 15), 1)
    return quarters * QUARTER_HOUR


def split_by_share(
    rows: Iterable[tuple[object, Decimal]], *, part: Decimal, whole: Decimal
) -> list[tuple[object, Decimal]]:
    """Divide a domain split of ``whole`` hours so that ``part`` of them (a quarter-hour
    amount) add up exactly: each row gets its share in quarter hours, the remainder going to
    the rows that lost most to rounding (largest remainder). Rows credited nothing are left out.
    """
    rows = list(rows)
    if not rows or whole <= 0:
        return []
    quarters = int(part / QUARTER_HOUR)
    exact = [(key, hours * part / whole / QUARTER_HOUR) for key, hours in rows]
    given = {key: int(share) for key, share in exact}
    left = quarters - sum(given.values())
    by_remainder = sorted(exact, key=lambda row: row[1] - int(row[1]), reverse=True)
    for key, _share in by_remainder[:left]:
        given[key] += 1
    return [(key, given[key] * QUARTER_HOUR) for key, _hours in rows if given[key]]
