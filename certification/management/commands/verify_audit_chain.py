from django.core.management.base import BaseCommand, CommandError

from certification.audit import verify_chain
from certification.audit_anchors import verify_against_anchors


class Command(BaseCommand):
    help = (
        "Recompute the audit trail's hash chain and name the first broken link, if any; with "
        "--against-anchors, also check the anchors written outside the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--against-anchors",
            action="store_true",
            help="Also check that each daily anchor's position still holds its hash.",
        )

    def handle(self, *args, **options):
        report = verify_against_anchors() if options["against_anchors"] else verify_chain()
        if report.ok:
            anchors = f", {report.anchors} anchors match" if options["against_anchors"] else ""
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain intact: {report.checked} events checked{anchors}.")
            )
            return
        raise CommandError(
            f"Audit chain broken at event #{report.broken_event_id} "
            f"(after {report.checked} intact events): {report.reason}"
        )
