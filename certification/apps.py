from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    verbose_name = _("Supervision and credentials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from certification.audit import record_announced, record_signed_attendance
        from certification.credentials.models import CredentialDefinition, CredentialRequirement
        from certification.issuance.verification import resolve_credential
        from certification.panels import (
            learn_credentials_panel_context,
            learn_hours_panel_context,
            learn_hours_panel_reads,
            staff_credentials_panel_context,
            staff_roster_panel_context,
            staff_supervision_panel_context,
        )
        from lms.home_panels import LEARN, STAFF, HomePanel, register
        from lms.learning.cache import connect_invalidation
        from lms.signals import audit_event
        from lms.verification import register_resolver

        # lms announces the events of its own that belong in the audit trail (sign-in codes).
        audit_event.connect(record_announced, dispatch_uid="certification.audit.lms_events")
        from lms.signals import live_attendance_signed

        # Signed live attendance (rosters and their corrections) joins the audit trail.
        live_attendance_signed.connect(
            record_signed_attendance, dispatch_uid="certification.audit.live_attendance"
        )

        # Definitions and their specs are cached for everyone (credential_selectors): an
        # editor's save of a definition or one of its requirements retires them.
        connect_invalidation(CredentialDefinition, CredentialRequirement)

        # /verify/CR-.../ answers for issued credentials (lms owns the page and the registry).
        register_resolver("CR", resolve_credential)
        # /verify/DC-.../: the printed hours log and application packets.
        from certification.issuance.documents import IssuedDocument, resolve_document

        register_resolver(IssuedDocument.CODE_PREFIX, resolve_document)

        # Transcripts list verified training taken elsewhere (lms owns the transcript).
        from certification.external_training.selectors import transcript_lines
        from lms.learning.transcript import register_transcript_source

        register_transcript_source("certification.external_training", transcript_lines)

        # What the fragments of our pages use (fragments/certification/, lms/fragments.py).
        from certification.credentials.next_steps import requirement_action
        from certification.templatetags.hours import day, figure, hours
        from lms import fragments

        fragments.provide(
            filters={"hours": hours, "figure": figure, "day": day},
            functions={"requirement_action": requirement_action},
        )

        register(
            HomePanel(
                name="certification.hours",
                template="certification/_learn_hours_panel.html",
                context=learn_hours_panel_context,
                order=20,
                home=LEARN,
                reads=learn_hours_panel_reads,
            )
        )
        register(
            HomePanel(
                name="certification.staff_supervision",
                template="certification/_staff_supervision_panel.html",
                context=staff_supervision_panel_context,
                order=20,
                home=STAFF,
            )
        )
        register(
            HomePanel(
                name="certification.credentials",
                template="certification/_learn_credentials_panel.html",
                context=learn_credentials_panel_context,
                order=30,
                home=LEARN,
            )
        )
        register(
            HomePanel(
                name="certification.staff_roster",
                template="certification/_staff_roster_panel.html",
                context=staff_roster_panel_context,
                order=5,
                home=STAFF,
            )
        )
        register(
            HomePanel(
                name="certification.staff_credentials",
                template="certification/_staff_credentials_panel.html",
                context=staff_credentials_panel_context,
                order=10,
                home=STAFF,
            )
        )
