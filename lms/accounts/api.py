"""API v1 for people: who am I, and (for staff) the people of my organisation."""

from django.utils.translation import gettext_lazy as _

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, permissions, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from lms import access, verification
from lms.accounts import selectors
from lms.accounts.filters import PersonFilter
from lms.accounts.models import STAFF_ROLES, Membership, User
from lms.verification import VerifiedDocument


class MembershipSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organization", "organization_name", "role"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "preferred_language", "memberships"]
        read_only_fields = ["id", "email", "memberships"]
        extra_kwargs = {"display_name": {"allow_blank": False}}


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in person. PATCH changes their name or preferred language."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return (
            User.objects.prefetch_related("memberships__organization")
            .filter(pk=self.request.user.pk)
            .get()
        )


class PersonSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "display_name", "memberships"]


class IsOrganizationStaff(permissions.BasePermission):
    message = _("This is for staff of an organisation.")

    def has_permission(self, request, view):
        return access.may_act_as(request.user, *STAFF_ROLES)


class StaffPeopleView(generics.ListAPIView):
    """Staff: the people of their organisation(s), with their roles there. Paginated."""

    serializer_class = PersonSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = PersonFilter

    def get_permissions(self):
        return [*super().get_permissions(), IsOrganizationStaff()]

    def get_queryset(self):
        return selectors.organization_people(viewer=self.request.user)


class VerifiedFactSerializer(serializers.Serializer):
    label = serializers.CharField()
    value = serializers.CharField()


class VerifiedDocumentSerializer(serializers.Serializer):
    """What /verify/<code>/ shows: only what the holder shares by handing out the code."""

    kind = serializers.CharField()
    title = serializers.CharField()
    holder_name = serializers.CharField()
    issued_on = serializers.DateField()
    status = serializers.ChoiceField(
        choices=[
            VerifiedDocument.VALID,
            VerifiedDocument.EXPIRED,
            VerifiedDocument.REVOKED,
            VerifiedDocument.SUPERSEDED,
        ]
    )
    status_note = serializers.CharField(allow_blank=True)
    facts = serializers.SerializerMethodField()

    @extend_schema_field(VerifiedFactSerializer(many=True))
    def get_facts(self, document) -> list[dict]:
        return [{"label": str(label), "value": str(value)} for label, value in document.facts]


class VerifyView(generics.GenericAPIView):
    """Public: confirm a transcript or credential by its verification code (no sign-in).

    Unknown codes answer 404 and reveal nothing about why.
    """

    serializer_class = VerifiedDocumentSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request, code: str):
        document = verification.resolve(code)
        if document is None:
            raise NotFound(_("No document has this verification code."))
        return Response(self.get_serializer(document).data)
