"""Training taken elsewhere: the scoped reads."""

from django.db.models import QuerySet

from certification.external_training.models import ExternalTraining
from lms import access
from lms.accounts.models import STAFF_ROLES, Membership, Role, User


# ------------------------------------------------------------------------------
# Scope
# ------------------------------------------------------------------------------
def external_training_own(user: User) -> QuerySet[ExternalTraining]:
    return ExternalTraining.objects.filter(person=user)


def external_training_for_staff(user: User) -> QuerySet[ExternalTraining]:
    """Records of the trainees of the organisations this person staffs (superusers: all)."""
    if not user.is_authenticated:
        return ExternalTraining.objects.none()
    if user.is_superuser:
        return ExternalTraining.objects.all()
    trainees = Membership.objects.filter(
        role=Role.TRAINEE, organization__in=access.staffed_organizations(user)
    ).values("user_id")
    return ExternalTraining.objects.filter(person_id__in=trainees).exclude(person=user)


def may_review_external_training(user: User, training: ExternalTraining) -> bool:
    if not access.may_act_as(user, *STAFF_ROLES):
        return False
    return external_training_for_staff(user).filter(pk=training.pk).exists()


def external_training_review_queue(*, user: User, status: str = "") -> QuerySet[ExternalTraining]:
    """The staff list: a fixed number of queries per page (person and splits prefetched)."""
    queryset = (
        external_training_for_staff(user)
        .select_related("person", "reviewed_by")
        .prefetch_related("domain_hours__domain", "topic_hours__topic")
        .order_by("-created_at", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def transcript_lines(user: User):
    """Verified training taken elsewhere, as the transcript lists it (two queries); registered
    with lms's transcript in CertificationConfig.ready."""
    from lms.learning.transcript import OutsideTraining

    trainings = (
        ExternalTraining.objects.filter(person=user, status="verified")
        .prefetch_related("domain_hours__domain")
        .order_by("date", "pk")
    )
    return [
        OutsideTraining(
            title=training.title,
            provider=training.provider,
            date=training.date,
            hours=training.hours,
            modality=training.modality,
            domain_hours=tuple(
                (row.domain.framework, row.domain.name, row.hours)
                for row in training.domain_hours.all()
            ),
        )
        for training in trainings
    ]
