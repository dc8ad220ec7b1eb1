"""Compare the kept practice totals with the entries they sum.

    python manage.py check_practice_totals            # report drift (exit status 1 if any)
    python manage.py check_practice_totals --repair   # and rebuild the agreements that drifted

Bulk credential evaluation reads ``PracticeTotal`` rather than every practice entry; PostgreSQL
keeps it (migration 0022). A difference means the trigger was disabled or a row was written by
hand: the report names each agreement and domain, and a scheduled run alerts on the status.
"""

from django.core.management.base import BaseCommand, CommandError

from certification.supervision.totals import (
    practice_total_drift,
    rebuild_practice_totals,
    totals_are_kept,
)

SHOWN = 20


class Command(BaseCommand):
    help = "Compare the kept practice totals with the entries; --repair rebuilds what drifted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Rebuild the totals of every agreement that drifted from its entries.",
        )

    def handle(self, *args, **options):
        if not totals_are_kept():
            self.stdout.write(
                "Practice totals are kept on PostgreSQL only; this database reads the entries."
            )
            return
        drift = practice_total_drift()
        if not drift:
            self.stdout.write(self.style.SUCCESS("Practice totals match the entries."))
            return
        for difference in drift[:SHOWN]:
            self.stdout.write(f"Drift: {difference}")
        if len(drift) > SHOWN:
            self.stdout.write(f"… and {len(drift) - SHOWN} more.")
        if options["repair"]:
            agreements = {difference.agreement_id for difference in drift}
            rebuild_practice_totals(agreements)
            self.stdout.write(
                self.style.SUCCESS(f"Rebuilt the totals of {len(agreements)} agreement(s).")
            )
            return
        raise CommandError(
            f"{len(drift)} practice total(s) differ from the entries; "
            "run with --repair to rebuild them."
        )
