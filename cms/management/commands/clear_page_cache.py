"""Retire every kept public page, e.g. after a release that changed templates."""

from django.core.management.base import BaseCommand

from cms.page_cache import clear_page_cache


class Command(BaseCommand):
    help = "Retire every public page kept for visitors who are not signed in."

    def handle(self, *args, **options):
        clear_page_cache()
        self.stdout.write("Kept public pages retired; the next visit renders each afresh.")
