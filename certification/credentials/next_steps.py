"""What a trainee can do next about a requirement they have not met, on their progress page
(``requirement_action``, given to the page's Jinja2 part: fragments/certification/)."""

import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext as _

from certification.rules.kinds import AttestationKind, RequirementKind
from curriculum.hours import format_hours


def _link(name: str) -> str:
    # The page asks for the same few links for each of its thirty-odd requirements.
    return _reversed(name, get_script_prefix())


@functools.cache
def _reversed(name: str, prefix: str) -> str:
    return reverse(name)


def requirement_action(result, waiting) -> dict | None:
    """{"url", "label"} for a link that meets the requirement, and/or a "note" on what is
    waiting for someone else; None when there is nothing to offer."""
    if result.met or not isinstance(waiting, dict):
        return None
    kind, subject = result.kind, result.subject
    if kind == RequirementKind.ATTESTATION:
        if subject == AttestationKind.CODE_OF_ETHICS:
            return {
                "url": _link("certification:code_of_ethics_sign"),
                "label": _("Read and sign the code of ethics"),
            }
        if subject == AttestationKind.DIPLOMA:
            return {
                "url": _link("certification:diploma_attest"),
                "label": _("Record your diploma or its equivalent"),
            }
        if subject == AttestationKind.LIVED_EXPERIENCE:
            return {
                "url": _link("certification:lived_experience_attest"),
                "label": _("Attest to your lived experience"),
            }
        if subject == AttestationKind.RECOVERY_SUPPORT_ROLE:
            return {
                "note": _(
                    "Ask staff of your organisation or your supervisor to attest to your job "
                    "description on PeerPath."
                )
            }
        return None
    if kind == RequirementKind.EXAM_RESULT:
        if subject in waiting["exam_codes"]:
            return {
                "note": _(
                    "Your score report is waiting for staff to check it; it counts once verified."
                )
            }
        return {
            "url": f"{_link('certification:exam_results')}?exam={subject}",
            "label": _("Send your score report"),
        }
    if kind in (RequirementKind.PRACTICE_HOURS, RequirementKind.SUPERVISION_HOURS):
        action = {
            "url": _link("certification:practice_home"),
            "label": _("Log practice hours"),
        }
        if kind == RequirementKind.PRACTICE_HOURS and waiting["practice_hours"]:
            action["note"] = _(
                "%(hours)s hours are waiting for your supervisor's sign-off. They count once "
                "signed off."
            ) % {"hours": format_hours(waiting["practice_hours"])}
        return action
    return None
