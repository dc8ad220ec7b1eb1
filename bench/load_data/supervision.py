"""Steps 2 and 4: signed supervision agreements, and individual supervision sessions."""

import datetime
from collections import defaultdict
from decimal import Decimal

from certification import audit
from certification.supervision.models import (
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
    SupervisionSession,
)
from lms.accounts.models import Role

from .parameters import BATCH_SIZE, HISTORY_DAYS
from .state import AgreementSpan, LoadState, at, weighted
from .vocabulary import CREDENTIALS, MODALITY_WEIGHTS


def build_agreements(state: LoadState) -> None:
    """One current agreement per trainee (and for some, an earlier one that ended).

    The first supervisor of the first organisation supervises the requested number of
    trainees; the others share the rest of their organisation's trainees.
    """
    rng, today = state.rng, state.today
    supervisor_credentials: dict[int, tuple[str, str, datetime.date]] = {}
    rows: list[SupervisionAgreement] = []
    for position, organization in enumerate(state.organizations):
        people = state.by_organization[organization.pk]
        supervisors = people[Role.SUPERVISOR]
        for supervisor in supervisors:
            name, prefix = rng.choice(CREDENTIALS)
            supervisor_credentials[supervisor.pk] = (
                name,
                f"{prefix}-{rng.randrange(10000, 99999)}",
                today + datetime.timedelta(days=rng.randrange(400, 900)),
            )
        busiest = state.parameters.busiest_supervisor_trainees if position == 0 else 0
        others = supervisors[1:] if position == 0 and len(supervisors) > 1 else supervisors
        for number, trainee in enumerate(people[Role.TRAINEE]):
            current = supervisors[0] if number < busiest else others[number % len(others)]
            started_days_ago = rng.randrange(60, HISTORY_DAYS)
            start = today - datetime.timedelta(days=started_days_ago)
            periods = [(current, start, today + datetime.timedelta(days=rng.randrange(30, 365)))]
            earlier = [person for person in supervisors if person != current]
            if earlier and started_days_ago > 240 and rng.random() < 0.2:
                switch = today - datetime.timedelta(days=rng.randrange(60, started_days_ago - 120))
                periods = [
                    (rng.choice(earlier), start, switch - datetime.timedelta(days=1)),
                    (current, switch, periods[0][2]),
                ]
            for supervisor, begins, ends in periods:
                name, number_on_card, expires = supervisor_credentials[supervisor.pk]
                signed_on = begins - datetime.timedelta(days=rng.randrange(0, 10))
                trainee_signed_on = signed_on + datetime.timedelta(days=rng.randrange(0, 3))
                trainee_signed_on = min(trainee_signed_on, begins)
                rows.append(
                    SupervisionAgreement(
                        organization=organization,
                        trainee=trainee,
                        supervisor=supervisor,
                        start_date=begins,
                        end_date=ends,
                        supervisor_credential_name=name,
                        supervisor_credential_number=number_on_card,
                        supervisor_credential_expires_on=max(expires, ends),
                        supervisor_signature=supervisor.display_name,
                        supervisor_signed_at=at(signed_on, 10),
                        supervisor_signed_on=signed_on,
                        trainee_signature=trainee.display_name,
                        trainee_signed_at=at(trainee_signed_on, 15),
                        trainee_signed_on=trainee_signed_on,
                        created_by=supervisor,
                    )
                )
    agreements = SupervisionAgreement.objects.bulk_create(rows, BATCH_SIZE)
    state.by_trainee = defaultdict(list)
    for row in agreements:
        state.by_trainee[row.trainee_id].append(
            AgreementSpan(row=row, counts_from=row.start_date, last_day=min(row.end_date, today))
        )
    for row in agreements:
        state.audit(
            occurred_at=row.supervisor_signed_at,
            actor=row.supervisor,
            action="agreement.seed",
            target=row,
            after=audit.snapshot(row),
        )
    state.counts["agreements"] = len(agreements)


def build_sessions(state: LoadState) -> None:
    """Individual supervision about monthly for each trainee, most attendances confirmed."""
    rng, now = state.rng, state.now
    per_trainee = max(1, state.parameters.entries_per_trainee // 10)
    planned: list[tuple[SupervisionSession, AgreementSpan]] = []
    for agreements in state.by_trainee.values():
        for _number in range(per_trainee):
            agreement = rng.choice(agreements)
            span = (agreement.last_day - agreement.counts_from).days
            day = agreement.counts_from + datetime.timedelta(days=rng.randrange(span + 1))
            planned.append(
                (
                    SupervisionSession(
                        supervisor_id=agreement.row.supervisor_id,
                        date=day,
                        duration_hours=rng.choice(
                            (Decimal("0.5"), Decimal("1"), Decimal("1"), Decimal("1.5"))
                        ),
                        format=SessionFormat.INDIVIDUAL,
                        modality=weighted(rng, MODALITY_WEIGHTS, 1)[0],
                        notes="Reviewed the week's practice, boundaries and self-care.",
                    ),
                    agreement,
                )
            )
    sessions = SupervisionSession.objects.bulk_create(
        [session for session, _agreement in planned], BATCH_SIZE
    )
    Through = SupervisionSession.domains.through
    Through.objects.bulk_create(
        (
            Through(supervisionsession_id=session.pk, competencydomain_id=domain.pk)
            for session in sessions
            for domain in rng.sample(state.domains, k=rng.choice((1, 1, 2)))
        ),
        batch_size=BATCH_SIZE,
    )
    SessionAttendance.objects.bulk_create(
        (
            SessionAttendance(
                session=session,
                trainee_id=agreement.row.trainee_id,
                agreement=agreement.row,
                confirmed_at=(
                    min(at(session.date, 17) + datetime.timedelta(days=rng.randrange(3)), now)
                    if rng.random() < 0.9
                    else None
                ),
            )
            for session, (_session, agreement) in zip(sessions, planned, strict=True)
        ),
        batch_size=BATCH_SIZE,
    )
    state.counts["supervision_sessions"] = len(sessions)
