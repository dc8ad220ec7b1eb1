"""Rotate the key that signs Open Badges (certification/issuance/badge_keys.py).

Without PEERPATH_CREDENTIAL_SIGNING_KEY (development, the demo) a new key file is added to
PEERPATH_SIGNING_KEY_DIR: it signs from now on, and the older keys stay published, so every
badge already handed out still verifies. With the variable set (production), the command prints
a new PEM key: put it first in the variable, keep the older ones after it, and restart.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from certification.issuance import badge_keys


class Command(BaseCommand):
    help = "Start signing Open Badges with a new key; older keys stay published."

    def handle(self, *args, **options):
        if getattr(settings, "PEERPATH_CREDENTIAL_SIGNING_KEY", ""):
            self.stdout.write(
                "Put this key first in PEERPATH_CREDENTIAL_SIGNING_KEY, keep the current keys "
                "after it, then restart:\n"
            )
            self.stdout.write(badge_keys.new_private_pem())
            return
        path = badge_keys.add_key_file()
        key = badge_keys.active_key()
        self.stdout.write(self.style.SUCCESS(f"New signing key {key.kid} ({path.name})."))
        self.stdout.write(f"{len(badge_keys.signing_keys())} keys are published.")
