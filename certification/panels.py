"""What certification shows on other apps' pages (registered in apps.py)."""

from . import selectors
from .models import SupervisionAgreement


def learn_hours_panel_context(request) -> dict:
    """The trainee's hours by domain and status on /learn/ (three queries)."""
    trainee = request.user
    return {
        "summary": selectors.trainee_hours_summary(trainee=trainee),
        "needs_signature": SupervisionAgreement.objects.filter(
            trainee=trainee, trainee_signed_at__isnull=True
        ).exists(),
    }


def staff_supervision_panel_context(request) -> dict:
    """Links for staff on /staff/. No queries: that page has a fixed query budget."""
    return {}
