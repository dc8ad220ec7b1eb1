"""What a load set is asked for (`LoadParameters`) and what a benchmark gets back (`LoadSet`)."""

from dataclasses import asdict, dataclass, field

from lms.accounts.models import User

SLUG_PREFIX = "load-"  # every organisation of a load set, and so its people, carries it
BUILD_ACTION = "load_data.build"  # the audit event that records a load set
LOAD_PASSWORD = "peerpath-load"  # noqa: S105 - throwaway accounts on a benchmark database
DEFAULT_SEED = 20261122
BATCH_SIZE = 5000
HISTORY_DAYS = 3 * 365
RECENT_AUDIT_DAYS = 90


class LoadSetMismatch(Exception):
    """A load set built with other parameters is in the database."""


def split_evenly(total: int, parts: int) -> list[int]:
    """`total` spread over `parts` as evenly as possible, the first ones taking the remainder."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


@dataclass(frozen=True)
class LoadParameters:
    organizations: int = 10
    trainees: int = 5000
    supervisors: int | None = None  # default: 10 per organisation
    staff_per_organization: int = 2
    entries_per_trainee: int = 100
    completions_per_trainee: int = 8
    busiest_supervisor_trainees: int = 300
    seed: int = DEFAULT_SEED

    def resolved(self) -> "LoadParameters":
        supervisors = self.supervisors if self.supervisors is not None else 10 * self.organizations
        return LoadParameters(**{**asdict(self), "supervisors": supervisors})

    def validate(self) -> None:
        if self.organizations < 1:
            raise ValueError("At least one organisation is needed.")
        if self.trainees < self.organizations:
            raise ValueError("Every organisation needs at least one trainee.")
        if (self.supervisors or 0) < self.organizations:
            raise ValueError("Every organisation needs at least one supervisor.")
        if self.staff_per_organization < 1:
            raise ValueError("Every organisation needs at least one staff member.")
        if min(self.entries_per_trainee, self.completions_per_trainee) < 0:
            raise ValueError("Counts cannot be negative.")
        first_organization_trainees = split_evenly(self.trainees, self.organizations)[0]
        if not 1 <= self.busiest_supervisor_trainees <= first_organization_trainees:
            raise ValueError(
                f"The busiest supervisor can have 1 to {first_organization_trainees} trainees "
                "(the trainees of the first organisation)."
            )


@dataclass
class LoadSet:
    """What a benchmark needs from a load set: who to sign in as and what to ask for."""

    parameters: LoadParameters
    created: bool
    trainee: User
    supervisor: User
    staff: User
    module_page_id: int
    verification_code: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
