from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import (
    Invitation,
    Membership,
    NetworkAccess,
    Organization,
    SignInCode,
    User,
)
from lms.learning.models import AssessmentAttempt, Cohort, Enrollment, ModuleCompletion


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["display_name"]
    list_display = ["display_name", "email", "is_active", "is_superuser"]
    search_fields = ["display_name", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region"]
    search_fields = ["name", "region"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role", "organization"]
    readonly_fields = ["token_digest", "accepted_at", "accepted_by"]


@admin.register(SignInCode)
class SignInCodeAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at", "expires_at", "used_at"]
    readonly_fields = ["code_digest", "used_at"]


# Learning records for superusers. Reflection drafts are deliberately absent: they are private
# to their author, with no screen anywhere that shows them to anyone else.
@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "program", "starts_on", "ends_on"]
    list_filter = ["organization"]
    search_fields = ["name"]
    raw_id_fields = ["program", "created_by"]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "module", "cohort", "created_at"]
    search_fields = ["user__display_name", "user__email"]
    raw_id_fields = ["user", "program", "module", "cohort", "enrolled_by"]


@admin.register(AssessmentAttempt)
class AssessmentAttemptAdmin(admin.ModelAdmin):
    """Read-only: attempts are history, scored by the server."""

    list_display = ["user", "module", "number", "submitted_at", "score_percent", "passed"]
    search_fields = ["user__display_name", "user__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ModuleCompletion)
class ModuleCompletionAdmin(admin.ModelAdmin):
    """Read-only: a completion is a snapshot of what was credited."""

    list_display = ["user", "module_title", "contact_hours", "modality", "completed_at"]
    search_fields = ["user__display_name", "user__email", "module_title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NetworkAccess)
class NetworkAccessAdmin(admin.ModelAdmin):
    """Who reads a ROSC council's (or the state's) aggregate reports: figures only."""

    list_display = ["user", "region", "created_at"]
    search_fields = ["user__email", "user__display_name", "region"]
    autocomplete_fields = ["user"]
    readonly_fields = ["granted_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.granted_by = request.user
        super().save_model(request, obj, form, change)
