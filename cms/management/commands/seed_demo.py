from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from certification import demo as certification_demo
from certification import demo_network
from certification.credentials import seed as credential_seed
from cms import privacy
from curriculum.starter_translation import translate_starter_program
from lms import demo as lms_demo
from lms.accounts.models import User
from lms.curriculum_sections import seed_demo_curriculum


class Command(BaseCommand):
    help = "Create or refresh the demo organisation, one account per role and demo content."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even when DEBUG is off (demo passwords are public: never on a real site).",
        )
        parser.add_argument("--quiet-accounts", action="store_true", help="Do not print accounts.")

    def handle(self, *args, force: bool, quiet_accounts: bool, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo sets publicly known passwords, so it runs only with DEBUG on. "
                "Use --force if this really is a throwaway site."
            )
        organization, accounts = lms_demo.seed_people()
        certification_demo.seed_supervision()
        credential_seed.seed_credential_definitions()
        board = certification_demo.seed_credentialing_body(password=lms_demo.DEMO_PASSWORD)
        certification_demo.seed_ready_trainee(password=lms_demo.DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Demo organisation: {organization.name}"))
        program = seed_demo_curriculum(organization=organization)
        self.stdout.write(self.style.SUCCESS(f"Starter program: {program.url}"))
        lms_demo.seed_learning(organization=organization, program=program)
        lms_demo.seed_live_training(organization=organization)
        lms_demo.seed_starter_sessions(organization=organization, program=program)
        board_staff = User.objects.get(email=certification_demo.DEMO_BOARD_STAFF)
        credentials = demo_network.seed_network(
            password=lms_demo.DEMO_PASSWORD, board_staff=board_staff, program=program
        )
        # Last, once every demo page exists: the Spanish tree, and the starter program and the
        # privacy notice in it.
        privacy.privacy_notice_ensure()
        translated = translate_starter_program() + privacy.privacy_notice_translate()
        self.stdout.write(self.style.SUCCESS(f"Pages translated into Spanish: {translated}"))
        if quiet_accounts:
            return
        self.stdout.write(f"Demo accounts (password for all: {lms_demo.DEMO_PASSWORD}):")
        for account in accounts:
            role = account.role or "superuser"
            self.stdout.write(f"  {role:<11} {account.email}")
        self.stdout.write(
            f"  {'trainee':<11} {certification_demo.DEMO_READY_TRAINEE} (training and hours "
            "done: sign the code of ethics, record a diploma, then apply)"
        )
        self.stdout.write(
            f"  {'staff':<11} {certification_demo.DEMO_BOARD_STAFF} (credentialing body: "
            f"{board.name})"
        )
        self.stdout.write(
            "  and the trainees, staff and supervisors of three RCOs: "
            "<rco>-trainee-<n>@, <rco>-staff@, <rco>-supervisor@demo.peerpath.test "
            "(rco: riverbend, prairie, lakeside)"
        )
        self.stdout.write(
            f"  {'network':<11} {demo_network.DEMO_NETWORK_READER} (reports of the "
            f"{demo_network.DEMO_NETWORK_REGION}: figures only)"
        )
        if credentials:
            self.stdout.write("Credentials to verify (open /verify/<code>/):")
            for credential in credentials[:3]:
                self.stdout.write(
                    f"  {credential.verification_code}  {credential.holder_name}, "
                    f"{credential.definition.name}"
                )
