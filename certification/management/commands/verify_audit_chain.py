from django.core.management.base import BaseCommand, CommandError

from certification.audit import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit trail's hash chain and name the first broken link, if any."

    def handle(self, *args, **options):
        report = verify_chain()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Audit chain intact: {report.checked} events checked.")
            )
            return
        raise CommandError(
            f"Audit chain broken at event #{report.broken_event_id} "
            f"(after {report.checked} intact events): {report.reason}"
        )
