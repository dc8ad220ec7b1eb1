from django.core.management.base import BaseCommand

from lms.curriculum_sections import curriculum_sections_sync


class Command(BaseCommand):
    help = (
        "Give every organisation its curriculum section, groups and review workflow, and put "
        "its staff and organisation admins in those groups. Safe to run at any time."
    )

    def handle(self, *args, **options):
        sections, people = curriculum_sections_sync()
        self.stdout.write(f"{sections} organisation sections checked, {people} roles applied.")
