"""Exam results and attestations: the scoped reads (someone else's record answers 404)."""

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from certification.credentials.evidence import Attestation, EvidenceStatus, ExamResult
from lms import access
from lms.accounts.models import Membership, Organization, Role, User


def trainee_organization(user: User) -> Organization | None:
    """The organisation whose code of ethics the person signs: where they train (the first
    joined, if several)."""
    membership = (
        Membership.objects.filter(user=user, role=Role.TRAINEE)
        .select_related("organization")
        .order_by("created_at", "pk")
        .first()
    )
    return membership.organization if membership else None


def exam_results_own(user: User) -> QuerySet[ExamResult]:
    return ExamResult.objects.filter(person=user)


def attestations_own(user: User) -> QuerySet[Attestation]:
    return Attestation.objects.filter(person=user)


def trainees_for_staff(user: User) -> QuerySet[User]:
    """Trainees of the organisations this person staffs (superusers: every trainee)."""
    if not user.is_authenticated:
        return User.objects.none()
    trainees = Membership.objects.filter(role=Role.TRAINEE)
    if not user.is_superuser:
        trainees = trainees.filter(organization__in=access.staffed_organizations(user))
    return User.objects.filter(pk__in=trainees.values("user_id")).exclude(pk=user.pk)


def exam_results_for_staff(user: User) -> QuerySet[ExamResult]:
    return ExamResult.objects.filter(person__in=trainees_for_staff(user))


def exam_review_queue(*, user: User, status: str = "") -> QuerySet[ExamResult]:
    """The staff list: one query per page (person and reviewer joined)."""
    queryset = (
        exam_results_for_staff(user)
        .select_related("person", "reviewed_by", "recorded_by")
        .order_by("-created_at", "-pk")
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def people_for_job_attestation(user: User) -> QuerySet[User]:
    """People whose job description this person may attest: trainees they staff, or trainees
    they supervise under an open agreement."""
    return (
        access.people_visible_to(user)
        .filter(
            Q(pk__in=trainees_for_staff(user).values("pk"))
            | Q(access.supervised_trainee_ids_filter(user))
        )
        .exclude(pk=user.pk)
    )


def waiting_exam_count(user: User) -> int:
    return exam_results_for_staff(user).filter(status=EvidenceStatus.SUBMITTED).count()


def waiting_queries(person_id: int) -> dict[str, QuerySet]:
    """What the person sent that does not count yet: the hours of their practice entries
    waiting for sign-off, and the exams whose score report staff have not checked."""
    from certification.supervision.models import EntryStatus, PracticeLogEntry

    return {
        "waiting_hours": PracticeLogEntry.objects.filter(
            trainee_id=person_id, status=EntryStatus.SUBMITTED
        )
        .values("trainee_id")
        .annotate(total=Sum("duration_hours"))
        .order_by()
        .values_list("total"),
        "waiting_exams": exam_results_own(person_id)
        .filter(status=EvidenceStatus.SUBMITTED)
        .values_list("exam_code", flat=True),
    }


def waiting_from_rows(rows: dict) -> dict:
    ((hours,),) = rows["waiting_hours"] or [(None,)]
    return {
        "practice_hours": Decimal(hours) if hours is not None else Decimal(0),
        "exam_codes": set(rows["waiting_exams"]),
    }
