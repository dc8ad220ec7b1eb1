"""Wagtail admin for credential definitions: a snippet with its requirements inline.

Board rules are the same for every organisation, so editing them takes the model permission
(superusers, or a group given "Can change credential definition", e.g. "Credential editors"),
not an RCO staff role. A version in use opens read-only (the inspect view) with a way to make a
new version; the model refuses changes to it whatever the path (see credential_models.py).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from certification.credentials.models import FROZEN_MESSAGE, CredentialDefinition
from certification.credentials.services import (
    credential_definition_new_version,
    may_edit_credential_definitions,
)
from curriculum import input_limits  # noqa: F401 - registers the <id:...> path converter

# The URL namespace Wagtail gives the snippet's views.
ADMIN_URLS = "wagtailsnippets_certification_credentialdefinition"


class CredentialDefinitionEditView(EditView):
    """A version in use is never edited: send the editor to its read-only view instead."""

    def dispatch(self, request, *args, **kwargs):
        if getattr(self, "object", None) is None:
            self.object = self.get_object()
        if self.object.is_frozen:
            messages.warning(request, FROZEN_MESSAGE)
            return redirect(self.get_inspect_url() or new_version_url(self.object))
        return super().dispatch(request, *args, **kwargs)

    def get_inspect_url(self):
        return reverse(f"{ADMIN_URLS}:inspect", args=[self.object.pk])


class CredentialDefinitionViewSet(SnippetViewSet):
    model = CredentialDefinition
    icon = "tasks"
    menu_label = gettext_lazy("Credentials")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "code", "version", "status", "effective_from", "effective_to"]
    list_filter = ["status", "code"]
    ordering = ["code", "-version"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "version",
        "name",
        "issuing_body",
        "effective_from",
        "effective_to",
        "validity_months",
        "status",
        "description",
        "frozen_at",
    ]
    # Copies are made as new versions (same code, next number), never as plain copies.
    copy_view_enabled = False
    edit_view_class = CredentialDefinitionEditView

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("new-version/<id:pk>/", new_version_view, name="new_version"),
        ]


def new_version_url(definition: CredentialDefinition) -> str:
    return reverse(f"{ADMIN_URLS}:new_version", args=[definition.pk])


@require_http_methods(["GET", "POST"])
def new_version_view(request, pk: int):
    """Confirm, then copy a version (requirements included) as the next draft version."""
    if not may_edit_credential_definitions(request.user):
        raise PermissionDenied
    definition = get_object_or_404(CredentialDefinition, pk=pk)
    if request.method == "POST":
        copy = credential_definition_new_version(definition=definition, actor=request.user)
        messages.success(
            request,
            _("Version %(version)s of %(name)s is a draft: edit it, then make it active.")
            % {"version": copy.version, "name": copy.name},
        )
        return redirect(f"{ADMIN_URLS}:edit", copy.pk)
    latest = CredentialDefinition.objects.filter(code=definition.code).order_by("-version").first()
    return TemplateResponse(
        request,
        "certification/admin/credential_new_version.html",
        {
            "definition": definition,
            "next_version": latest.version + 1,
            "cancel_url": reverse(f"{ADMIN_URLS}:list"),
        },
    )


@hooks.register("register_snippet_listing_buttons")
def credential_new_version_button(snippet, user, next_url=None):
    if isinstance(snippet, CredentialDefinition) and may_edit_credential_definitions(user):
        yield Button(
            _("New version"),
            url=new_version_url(snippet),
            icon_name="copy",
            priority=15,
        )


register_snippet(CredentialDefinitionViewSet)
