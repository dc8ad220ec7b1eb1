"""OpenAPI generation: only PeerPath's own API, with its error responses documented."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

API_PREFIX = "/api/v1/"
# Errors are JSON, even from an endpoint that answers with a file.
ERROR_MEDIA_TYPES = ["application/json"]


def only_peerpath_api(endpoints, **kwargs):
    """drf-spectacular preprocessing hook: keep endpoints under /api/v1/ (not Wagtail's API)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(API_PREFIX)]


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in plain language."))


class ValidationErrorSerializer(serializers.Serializer):
    """The one validation error format (see cms.api_support.api_exception_handler)."""

    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Field name (or non_field_errors) → messages."),
    )
    input = serializers.DictField(help_text=_("What was sent, echoed back (secrets left out)."))


class PeerPathAutoSchema(AutoSchema):
    """Every operation documents the errors it can answer with, in their real shapes."""

    ERRORS = (
        ("400", ValidationErrorSerializer, _("The input needs fixing; errors name each field.")),
        ("401", ErrorDetailSerializer, _("Not signed in, or the access token is not valid.")),
        ("403", ErrorDetailSerializer, _("Signed in, but not allowed to do this.")),
        ("429", ErrorDetailSerializer, _("Too many requests; try again shortly.")),
    )

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = list(self.ERRORS)
        paginated = self._is_list_view() and getattr(self.view, "pagination_class", None)
        if "{" in self.path or paginated:
            errors.append(
                ("404", ErrorDetailSerializer, _("Not found, not yours to see, or no such page."))
            )
        for code, serializer, description in errors:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(serializer, description=description),
                    code,
                    media_types=ERROR_MEDIA_TYPES,
                    direction=direction,
                )
        return responses
