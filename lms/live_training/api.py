"""API v1 for live training: a trainee's sessions, registering and cancelling; a facilitator's
roster (for a future attendance app). The same selectors and services as the pages."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response

from lms import access
from lms.accounts.models import STAFF_ROLES, Role
from lms.api_support import ID_PATH_PARAMETER, IsTrainee, RolePermission, service_call
from lms.live_training import selectors, services
from lms.live_training.models import LiveSession, RegistrationStatus


class IsFacilitating(RolePermission):
    roles = (Role.FACILITATOR, *STAFF_ROLES)
    message = _("This is for facilitators and staff.")


class LiveSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="session.pk")
    title = serializers.CharField(source="session.display_title")
    module_id = serializers.IntegerField(source="session.module_id")
    module_title = serializers.CharField(source="session.module.title")
    part = serializers.IntegerField(source="session.part")
    organization = serializers.CharField(source="session.organization.name")
    delivery = serializers.CharField(source="session.delivery")
    place = serializers.CharField(source="session.place")
    meeting_link = serializers.SerializerMethodField(
        help_text=_("Only for people with a seat; empty otherwise.")
    )
    starts_at = serializers.DateTimeField(source="session.starts_at")
    ends_at = serializers.DateTimeField(source="session.ends_at")
    time_zone = serializers.CharField(source="session.time_zone")
    capacity = serializers.IntegerField(source="session.capacity")
    registration_closes_at = serializers.DateTimeField(source="session.registration_closes_at")
    cancelled = serializers.BooleanField()
    my_status = serializers.ChoiceField(
        choices=[*RegistrationStatus.values, ""],
        help_text=_("registered, waitlisted, or empty when the session is open to you."),
    )
    waitlist_position = serializers.IntegerField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_meeting_link(self, item) -> str:
        if item["my_status"] == RegistrationStatus.REGISTERED:
            return item["session"].meeting_link
        return ""

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("lms:live_session", args=[item["session"].pk])
        )


def _item(session: LiveSession, registration=None) -> dict:
    status = registration.status if registration is not None else ""
    return {
        "session": session,
        "cancelled": session.is_cancelled,
        "my_status": status,
        "waitlist_position": getattr(registration, "waitlist_position", None)
        if status == RegistrationStatus.WAITLISTED
        else None,
    }


class MyLiveSessionsView(generics.ListAPIView):
    """Your upcoming live sessions (with a seat or on the waiting list), then the sessions open to
    you for registration: what /learn/sessions/ shows, from the same selector. Paginated."""

    serializer_class = LiveSessionSerializer
    filter_backends = []

    def get_queryset(self):
        sessions = selectors.trainee_sessions(user=self.request.user)
        return [_item(registration.session, registration) for registration in sessions.upcoming] + [
            _item(session) for session in sessions.available
        ]


def _open_session(request, pk) -> LiveSession:
    return get_object_or_404(
        access.live_sessions_open_to_trainee(request.user).select_related("organization", "module"),
        pk=pk,
    )


@extend_schema(parameters=[ID_PATH_PARAMETER])
class LiveSessionRegisterView(generics.GenericAPIView):
    """Take a seat, or a place on the waiting list when the session is full. Registering again
    changes nothing."""

    queryset = LiveSession.objects.none()
    serializer_class = LiveSessionSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsTrainee]

    @extend_schema(request=None, responses={200: LiveSessionSerializer})
    def post(self, request, pk):
        session = _open_session(request, pk)
        registration = service_call(
            services.live_registration_create, trainee=request.user, session=session
        )
        return Response(
            LiveSessionSerializer(_item(session, registration), context={"request": request}).data
        )


@extend_schema(parameters=[ID_PATH_PARAMETER])
class LiveSessionCancelView(generics.GenericAPIView):
    """Give up your seat (or place on the waiting list) before the session starts; the first
    person waiting gets it."""

    queryset = LiveSession.objects.none()
    serializer_class = LiveSessionSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsTrainee]

    @extend_schema(request=None, responses={200: LiveSessionSerializer})
    def post(self, request, pk):
        session = _open_session(request, pk)
        registration = service_call(
            services.live_registration_cancel, trainee=request.user, session=session
        )
        return Response(
            LiveSessionSerializer(_item(session, registration), context={"request": request}).data
        )


class RosterRowSerializer(serializers.Serializer):
    trainee_id = serializers.IntegerField(source="trainee.pk")
    name = serializers.CharField(source="trainee.display_name")
    registered = serializers.SerializerMethodField()
    walk_in = serializers.BooleanField()
    status = serializers.CharField(
        help_text=_("present, late, left_early, absent, excused or empty.")
    )
    minutes = serializers.IntegerField()
    modality = serializers.CharField()
    corrected = serializers.BooleanField()
    credit_hours = serializers.DecimalField(max_digits=5, decimal_places=2)
    checked_in_at = serializers.DateTimeField(source="attendance.checked_in_at", allow_null=True)
    checked_out_at = serializers.DateTimeField(source="attendance.checked_out_at", allow_null=True)

    def get_registered(self, row) -> bool:
        return row.registration is not None


class RosterSerializer(serializers.Serializer):
    session_id = serializers.IntegerField(source="session.pk")
    title = serializers.CharField(source="session.display_title")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    ends_at = serializers.DateTimeField(source="session.ends_at")
    signed = serializers.BooleanField(source="is_signed")
    rows = RosterRowSerializer(many=True)
    waiting = serializers.SerializerMethodField()

    def get_waiting(self, roster) -> list[str]:
        return [registration.trainee.display_name for registration in roster.waiting]


@extend_schema(parameters=[ID_PATH_PARAMETER])
class FacilitatorRosterView(generics.GenericAPIView):
    """The roster of a session you facilitate (or of your organisation, for staff): everyone
    registered or marked, with their check-in, status, minutes and the hours it would credit."""

    queryset = LiveSession.objects.none()
    serializer_class = RosterSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsFacilitating]

    def get(self, request, pk):
        session = get_object_or_404(
            access.live_sessions_run_by(request.user).select_related("module"), pk=pk
        )
        return Response(RosterSerializer(selectors.roster_for(session)).data)
