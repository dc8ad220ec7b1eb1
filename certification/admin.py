"""Read-only admin views: these records change only through services.py, never by hand."""

from django.contrib import admin

from certification.models import AuditEvent, Notice
from certification.supervision.models import (
    PracticeLogEntry,
    SupervisionAgreement,
    SupervisionSession,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupervisionAgreement)
class SupervisionAgreementAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "supervisor", "organization", "start_date", "end_date"]
    list_filter = ["organization"]
    search_fields = ["trainee__display_name", "supervisor__display_name"]


@admin.register(PracticeLogEntry)
class PracticeLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["trainee", "date", "duration_hours", "domain", "status"]
    list_filter = ["status"]
    search_fields = ["trainee__display_name"]
    list_select_related = ["trainee", "domain"]


@admin.register(SupervisionSession)
class SupervisionSessionAdmin(ReadOnlyAdmin):
    list_display = ["supervisor", "date", "duration_hours", "format"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["pk", "occurred_at", "actor_label", "action", "target_type", "target_id"]
    list_select_related = ["actor"]
    list_filter = ["action"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "subject", "created_at", "read_at", "emailed_at"]
