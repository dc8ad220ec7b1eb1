"""Learning records for the benchmarks: a trainee with 200 completions and a 250-person cohort."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from curriculum.models import CompetencyDomain, Topic
from curriculum.starter import seed_starter_program
from curriculum.taxonomy import ICRC_PR
from lms.models import (
    Cohort,
    CompletionDomainHours,
    CompletionTopicHours,
    Enrollment,
    Membership,
    ModuleCompletion,
    Role,
    User,
)

COMPLETIONS = 200
COHORT_NAME = "Bench cohort"


@transaction.atomic
def generate_learning(people: dict[str, User]) -> list[tuple[str, str, str]]:
    """Records behind the learning pages (idempotent); returns the pages to measure."""
    trainee, staff = people["trainee"], people["staff"]
    organization = Membership.objects.get(user=staff, role=Role.STAFF).organization
    cohort = Cohort.objects.filter(organization=organization, name=COHORT_NAME).first()
    if cohort is None:
        program = seed_starter_program()
        cohort = Cohort.objects.create(
            organization=organization,
            name=COHORT_NAME,
            program=program,
            starts_on=datetime.date(2027, 1, 11),
        )
        trainees = User.objects.filter(
            memberships__organization=organization, memberships__role=Role.TRAINEE
        )
        Enrollment.objects.bulk_create(
            Enrollment(user=person, program=program, cohort=cohort) for person in trainees
        )
        domains = list(CompetencyDomain.objects.filter(framework=ICRC_PR))
        ethics = Topic.objects.get(slug="ethics")
        completions = ModuleCompletion.objects.bulk_create(
            ModuleCompletion(
                user=trainee,
                module=None,
                module_title=f"Continuing education session {number}",
                program_title="Continuing education",
                contact_hours=Decimal("2"),
                modality="live_online",
                completed_at=timezone.now() - datetime.timedelta(days=number),
            )
            for number in range(COMPLETIONS)
        )
        CompletionDomainHours.objects.bulk_create(
            CompletionDomainHours(
                completion=completion,
                domain=domains[number % len(domains)],
                framework=ICRC_PR,
                domain_name=domains[number % len(domains)].name,
                hours=Decimal("2"),
            )
            for number, completion in enumerate(completions)
        )
        CompletionTopicHours.objects.bulk_create(
            CompletionTopicHours(completion=c, topic=ethics, topic_name=ethics.name, hours=1)
            for c in completions
        )
    return [
        ("trainee transcript (200 completions)", "trainee", "/learn/transcript/"),
        ("cohort page (250 trainees)", "staff", f"/staff/cohorts/{cohort.pk}/"),
    ]
