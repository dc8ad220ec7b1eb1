"""API v1 for credentials: progress toward each, credentials held and their Open Badge."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, renderers, serializers
from rest_framework.exceptions import NotFound

from certification.credentials import selectors as credential_selectors
from certification.issuance import open_badges
from certification.issuance.models import CredentialStatus, IssuedCredential
from lms.api_support import ID_PATH_PARAMETER, IsTrainee


# ------------------------------------------------------------------------------
# Credential progress: the engine's result, read-only
# ------------------------------------------------------------------------------
class CheckSerializer(serializers.Serializer):
    met = serializers.BooleanField()
    have = serializers.CharField(help_text=_("A decimal number, as text."))
    need = serializers.CharField(help_text=_("A decimal number, as text."))
    unit = serializers.CharField()
    missing = serializers.CharField(allow_blank=True)


class RequirementResultSerializer(serializers.Serializer):
    """One requirement's result, as the rules engine states it (rules.RequirementResult)."""

    key = serializers.CharField()
    kind = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    met = serializers.BooleanField()
    have = serializers.CharField(help_text=_('A decimal number, as text (e.g. "12.5").'))
    need = serializers.CharField(help_text=_("A decimal number, as text."))
    unit = serializers.CharField()
    counted_refs = serializers.ListField(
        child=serializers.CharField(), help_text=_('The records counted, e.g. "practice:12".')
    )
    missing = serializers.CharField(allow_blank=True, help_text=_("What is still missing."))
    checks = CheckSerializer(many=True)
    notes = serializers.ListField(child=serializers.CharField())
    private = serializers.BooleanField(
        help_text=_("Shown to you only: never shared in what others see.")
    )


class CredentialProgressSerializer(serializers.Serializer):
    credential = serializers.IntegerField(help_text=_("The credential version's id."))
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    as_of = serializers.DateField()
    in_effect = serializers.BooleanField()
    met = serializers.BooleanField(help_text=_("True when every requirement is met."))
    targeted = serializers.BooleanField(
        help_text=_("A credential a program you are enrolled in prepares for.")
    )
    may_apply = serializers.BooleanField()
    results = RequirementResultSerializer(many=True)


@extend_schema(tags=["credentials"])
class MyCredentialProgressView(generics.ListAPIView):
    """Every credential in effect judged against your records by the rules engine, per
    requirement (the same result as your credentials page), targeted credentials first."""

    serializer_class = CredentialProgressSerializer
    permission_classes = [*generics.ListAPIView.permission_classes, IsTrainee]
    filter_backends = []

    def get_queryset(self):
        return [
            {
                "credential": item.definition.pk,
                "targeted": item.targeted,
                "may_apply": item.may_apply,
                **item.evaluation.as_dict(),
            }
            for item in credential_selectors.credential_progress(user=self.request.user)
        ]


class IssuedCredentialSerializer(serializers.ModelSerializer):
    """A credential the person holds, with the code others can verify it by, and where to
    download it (no downloads for a revoked credential: nothing is issued anew)."""

    credential = serializers.CharField(source="definition.code", read_only=True)
    name = serializers.CharField(source="definition.name", read_only=True)
    issuing_body = serializers.CharField(source="definition.issuing_body", read_only=True)
    version = serializers.IntegerField(source="definition.version", read_only=True)
    status = serializers.ChoiceField(
        source="current_status", choices=CredentialStatus.choices, read_only=True
    )

    class Meta:
        model = IssuedCredential
        fields = [
            "id",
            "number",
            "credential",
            "name",
            "issuing_body",
            "version",
            "holder_name",
            "issued_on",
            "expires_on",
            "status",
            "verification_code",
            "open_badge_url",
            "certificate_url",
        ]
        read_only_fields = fields

    open_badge_url = serializers.SerializerMethodField(
        help_text=_(
            "The Open Badges 3.0 credential, signed (VC-JWT), from this API; null when revoked."
        )
    )
    certificate_url = serializers.SerializerMethodField(
        help_text=_(
            "The certificate (PDF) on the website, for a signed-in browser; null when revoked."
        )
    )

    def _link(self, credential, url_name: str) -> str | None:
        if not credential.issues_copies:
            return None
        url = reverse(url_name, args=[credential.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_open_badge_url(self, credential) -> str | None:
        return self._link(credential, "api_my_credential_open_badge")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_certificate_url(self, credential) -> str | None:
        return self._link(credential, "certification:credential_certificate")


@extend_schema(tags=["credentials"])
class MyCredentialsView(generics.ListAPIView):
    """The credentials issued to you, newest first (active, expired, revoked or renewed);
    check any of them publicly at /api/v1/verify/{code}/."""

    serializer_class = IssuedCredentialSerializer
    filter_backends = []

    def get_queryset(self):
        return credential_selectors.own_credentials(self.request.user)


class VerifiableCredentialJWTRenderer(renderers.BaseRenderer):
    """Lets a client ask for the signed credential by its media type (Accept header)."""

    media_type = open_badges.MEDIA_TYPE
    format = "jwt"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        """The compact JWT as it was signed. The view answers success with the signed file
        itself and switches errors to JSON, so anything else is rendered as JSON too."""
        if isinstance(data, bytes):
            return data
        if isinstance(data, str):
            return data.encode("ascii")
        return renderers.JSONRenderer().render(data, renderer_context=renderer_context)


@extend_schema(tags=["credentials"], parameters=[ID_PATH_PARAMETER])
class MyCredentialOpenBadgeView(generics.GenericAPIView):
    """One of your credentials as an Open Badges 3.0 AchievementCredential, signed as a VC-JWT
    (the same file as "Download for a digital wallet" on your credentials page). Yours only;
    a revoked credential is never signed anew (404). Check the signature with the key at
    /.well-known/jwks.json."""

    queryset = IssuedCredential.objects.none()
    renderer_classes = [renderers.JSONRenderer, VerifiableCredentialJWTRenderer]
    pagination_class = None
    filter_backends = []

    @extend_schema(
        operation_id="me_credentials_open_badge",
        summary=_("Your credential as a signed Open Badge (VC-JWT)"),
        responses={
            (200, open_badges.MEDIA_TYPE): OpenApiResponse(
                OpenApiTypes.STR, description=_("The signed credential (a compact JWT).")
            )
        },
    )
    def get(self, request, pk):
        credential = credential_selectors.badge_credentials(request.user).filter(pk=pk).first()
        if credential is None:  # not yours, revoked, or no such id: one answer for all
            raise NotFound(_("You hold no credential with this id that can be downloaded."))
        return open_badges.download_response(credential=credential)

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Errors are JSON (as everywhere in the API), whatever the client asked for.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = renderers.JSONRenderer.media_type
        return response
