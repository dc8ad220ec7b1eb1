from django.core.management.base import BaseCommand

from certification.audit_anchors import anchor_write


class Command(BaseCommand):
    help = "Write the audit chain's head to the anchor storage now (beat does it daily)."

    def handle(self, *args, **options):
        anchor = anchor_write()
        if anchor is None:
            self.stdout.write("The audit chain is empty: nothing to anchor.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Anchored event #{anchor.position} ({anchor.events} events) as {anchor.name}."
            )
        )
