"""API v1 for supervised practice: a trainee's entries and sessions, a supervisor's
queue and sign-off. Thin, like the views: every read starts from the selectors' scope."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import (
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import generics, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from certification.supervision import selectors, services, sessions
from certification.supervision.filters import PracticeEntryFilter, SupervisionQueueFilter
from certification.supervision.models import (
    ActivityType,
    Modality,
    PracticeLogEntry,
    PracticeSetting,
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
    SupervisionSession,
    validate_quarter_hours,
)
from curriculum.input_limits import PlausibleDateSerializerField
from curriculum.models import CompetencyDomain
from lms import personal_pages
from lms.api_support import (
    ID_PATH_PARAMETER,
    IdListField,
    IsSupervisor,
    IsTrainee,
    as_api_error,
    resolve_ids,
    service_call,
)

# Hours as the schema states them: 0.25 to 24 in quarter steps, written as text ("1.5").
QUARTER_HOURS_PATTERN = (
    r"^(?:0\.(?:25|50?|75)"  # under an hour
    r"|(?:[1-9]|1[0-9]|2[0-3])(?:\.(?:00?|25|50?|75))?"  # 1 to 23.75
    r"|24(?:\.00?)?)$"  # a whole day
)


@extend_schema_field(
    {
        "type": "string",
        "format": "decimal",
        "pattern": QUARTER_HOURS_PATTERN,
        "example": "1.5",
    }
)
class HoursSerializerField(serializers.DecimalField):
    """Hours a person sends: the rule of the web forms (``validate_quarter_hours``), checked
    before the digits are counted, so every bad value gets the same message as on the web.
    A JSON number (1.5) is accepted as well as text ("1.5")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 5)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(**kwargs)

    def validate_precision(self, value):
        validate_quarter_hours(value)
        return super().validate_precision(value)


# ------------------------------------------------------------------------------
# Practice entries
# ------------------------------------------------------------------------------
class PracticeEntrySerializer(serializers.ModelSerializer):
    trainee_name = serializers.CharField(source="trainee.display_name", read_only=True)
    domain_name = serializers.CharField(source="domain.__str__", read_only=True)
    supervisor = serializers.IntegerField(source="agreement.supervisor_id", read_only=True)
    supervisor_name = serializers.CharField(
        source="agreement.supervisor.display_name", read_only=True
    )
    is_editable = serializers.BooleanField(
        read_only=True, help_text=_("True while a draft or returned: the trainee may change it.")
    )

    class Meta:
        model = PracticeLogEntry
        fields = [
            "id",
            "trainee",
            "trainee_name",
            "agreement",
            "supervisor",
            "supervisor_name",
            "date",
            "duration_hours",
            "domain",
            "domain_name",
            "setting",
            "activity_type",
            "modality",
            "description",
            "identifier_kinds",
            "status",
            "is_editable",
            "corrects",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "signature",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    # The list sends 50 entries a page, and DRF's field-by-field lookups cost more than the
    # query: the same representation is built here from the joined rows in one pass (each
    # value formatted by its own field, as DRF would). tests/certification/supervision/
    # test_api.py compares it with DRF's own for entries in every state.
    _AS_IS = (
        "id",
        "setting",
        "activity_type",
        "modality",
        "description",
        "identifier_kinds",
        "status",
        "review_comment",
        "signature",
    )
    _FORMATTED = (
        "date",
        "duration_hours",
        "submitted_at",
        "reviewed_at",
        "created_at",
        "updated_at",
    )

    def to_representation(self, instance):
        fields = self.fields
        values = {name: getattr(instance, name) for name in self._AS_IS}
        for name in self._FORMATTED:
            value = getattr(instance, name)
            values[name] = None if value is None else fields[name].to_representation(value)
        agreement = instance.agreement
        values.update(
            trainee=instance.trainee_id,
            trainee_name=instance.trainee.display_name,
            agreement=instance.agreement_id,
            supervisor=agreement.supervisor_id,
            supervisor_name=agreement.supervisor.display_name,
            domain=instance.domain_id,
            domain_name=str(instance.domain),
            is_editable=bool(instance.is_editable),
            corrects=instance.corrects_id,
        )
        return {name: values[name] for name in self.Meta.fields}


def entries_for_display(queryset):
    """What an entry shows, joined so a page of entries is one query, with only the columns of
    the people and the agreement that it shows (each has a dozen more)."""
    columns = {field.name for field in PracticeLogEntry._meta.concrete_fields}
    own = [name for name in PracticeEntrySerializer.Meta.fields if name in columns]
    return queryset.select_related("trainee", "domain", "agreement__supervisor").only(
        *own,
        "trainee__display_name",
        "domain",
        "agreement__supervisor__display_name",
    )


class PracticeEntryInputSerializer(serializers.Serializer):
    """What a trainee fills in. Shapes, and the hours rule the web form shares; the other rules
    (not in the future, inside a signed agreement, at most 24 h a day) are the services' and
    come back per field."""

    date = PlausibleDateSerializerField(
        help_text=_("The day the practice happened (not in the future).")
    )
    duration_hours = HoursSerializerField(
        help_text=_("In quarter hours: 0.25 is 15 minutes, 1.5 is an hour and a half."),
    )
    domain = serializers.PrimaryKeyRelatedField(
        queryset=CompetencyDomain.objects.all(), help_text=_("A competency domain's id.")
    )
    setting = serializers.ChoiceField(choices=PracticeSetting.choices)
    activity_type = serializers.ChoiceField(choices=ActivityType.choices)
    modality = serializers.ChoiceField(choices=Modality.choices)
    description = serializers.CharField(
        max_length=1000,
        help_text=_(
            "A short description of your role. Do not name or identify the people you supported."
        ),
    )
    submit = serializers.BooleanField(
        default=False, help_text=_("Send for sign-off at once instead of keeping a draft.")
    )
    identifiers_confirmed = serializers.BooleanField(
        default=False,
        help_text=_(
            "A description that may identify a person served (a name, phone number, address, "
            "date of birth or record number) is refused with a message naming what was "
            "found; send true to confirm it is not about a person served."
        ),
    )


class PracticeEntryCreateSerializer(PracticeEntryInputSerializer):
    agreement = serializers.PrimaryKeyRelatedField(
        queryset=SupervisionAgreement.objects.none(),
        required=False,
        allow_null=True,
        help_text=_(
            "One of your signed supervision agreements; leave out to use the one that covers "
            "the date."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["agreement"].queryset = selectors.trainee_agreements(trainee=request.user)


class PracticeEntryUpdateSerializer(PracticeEntryInputSerializer):
    """Every field is optional: send only what changes."""

    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True  # a field left out keeps its value; so does `submit` (false)
        super().__init__(*args, **kwargs)


@extend_schema(tags=["practice"])
class PracticeEntryListView(generics.ListCreateAPIView):
    """Practice entries you may see, newest first, filtered by status, date range and domain.

    A trainee sees their own entries; a supervisor also the entries sent to them; staff their
    organisation's sent entries. POST logs hours for yourself (trainees), as a draft or sent
    for sign-off at once.
    """

    queryset = PracticeLogEntry.objects.none()  # the model, for the schema; rows: get_queryset
    filter_backends = [DjangoFilterBackend]
    filterset_class = PracticeEntryFilter

    def get_permissions(self):
        if self.request.method == "POST":
            return [*super().get_permissions(), IsTrainee()]
        return super().get_permissions()

    def get_serializer_class(self):
        if self.request.method == "POST":
            return PracticeEntryCreateSerializer
        return PracticeEntrySerializer

    def get_queryset(self):
        visible = selectors.practice_entries_visible_to(self.request.user)
        return entries_for_display(visible).order_by("-date", "-pk")

    def get(self, request, *args, **kwargs):
        # Kept per person between two changes to what it lists (lms/personal_pages.py): the
        # entries of the person, of the trainees they supervise, or of their organisation.
        return personal_pages.kept_api_answer(
            request, lambda: self.list(request, *args, **kwargs), organization_wide=True
        )

    @extend_schema(request=PracticeEntryCreateSerializer, responses={201: PracticeEntrySerializer})
    def post(self, request, *args, **kwargs):
        serializer = PracticeEntryCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        entry = service_call(
            services.practice_entry_create, trainee=request.user, **serializer.validated_data
        )
        entry = entries_for_display(PracticeLogEntry.objects).get(pk=entry.pk)
        return Response(PracticeEntrySerializer(entry).data, status=201)


@extend_schema(tags=["practice"], parameters=[ID_PATH_PARAMETER])
class PracticeEntryDetailView(generics.RetrieveAPIView):
    """One practice entry you may see. PATCH changes your own entry while it is a draft or
    returned (send `submit: true` to send it for sign-off in the same step)."""

    queryset = PracticeLogEntry.objects.none()
    serializer_class = PracticeEntrySerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return entries_for_display(selectors.practice_entries_visible_to(self.request.user))

    def get_permissions(self):
        if self.request.method == "PATCH":
            return [*super().get_permissions(), IsTrainee()]
        return super().get_permissions()

    @extend_schema(request=PracticeEntryUpdateSerializer, responses={200: PracticeEntrySerializer})
    def patch(self, request, pk):
        # Only your own entries change; anyone else's answers 404 here.
        entry = get_object_or_404(selectors.own_entries(request.user), pk=pk)
        serializer = PracticeEntryUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = service_call(
            services.practice_entry_update,
            entry=entry,
            trainee=request.user,
            **serializer.validated_data,  # `submit` too: saved and sent together, or neither
        )
        return Response(PracticeEntrySerializer(self.get_queryset().get(pk=entry.pk)).data)


class PracticeEntrySubmitSerializer(serializers.Serializer):
    entries = IdListField(
        min_length=1, help_text=_("Ids of your draft or returned entries; all are sent or none.")
    )


@extend_schema(tags=["practice"])
class PracticeEntrySubmitView(generics.GenericAPIView):
    """Send one or several of your draft or returned entries for sign-off, all or none."""

    queryset = PracticeLogEntry.objects.none()
    serializer_class = PracticeEntrySubmitSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsTrainee]
    pagination_class = None

    @extend_schema(
        request=PracticeEntrySubmitSerializer, responses={200: PracticeEntrySerializer(many=True)}
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entries = service_call(
            services.practice_entries_submit,
            trainee=request.user,
            entry_ids=serializer.validated_data["entries"],
        )
        sent = entries_for_display(PracticeLogEntry.objects.filter(pk__in=[e.pk for e in entries]))
        return Response(PracticeEntrySerializer(sent.order_by("date", "pk"), many=True).data)


# ------------------------------------------------------------------------------
# Supervision sessions: the trainee's side
# ------------------------------------------------------------------------------
class SessionSummarySerializer(serializers.ModelSerializer):
    supervisor_name = serializers.CharField(source="supervisor.display_name", read_only=True)
    domains = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SupervisionSession
        fields = [
            "id",
            "supervisor",
            "supervisor_name",
            "date",
            "duration_hours",
            "format",
            "modality",
            "domains",
            "notes",
            "notes_identifier_kinds",
        ]
        read_only_fields = fields


class SessionAttendanceSerializer(serializers.ModelSerializer):
    session = SessionSummarySerializer(read_only=True)
    confirmed = serializers.SerializerMethodField(
        help_text=_("True once you confirmed you were present: then the hours count.")
    )

    class Meta:
        model = SessionAttendance
        fields = ["id", "session", "confirmed", "confirmed_at"]
        read_only_fields = fields

    def get_confirmed(self, attendance) -> bool:
        return attendance.confirmed_at is not None


@extend_schema(tags=["supervision sessions"])
class MySessionsView(generics.ListAPIView):
    """Supervision sessions you were recorded at, newest first. `id` is your attendance: confirm
    it with POST …/{id}/confirm/."""

    queryset = SessionAttendance.objects.none()
    serializer_class = SessionAttendanceSerializer
    filter_backends = []

    def get_queryset(self):
        return selectors.trainee_sessions(trainee=self.request.user)

    @extend_schema(operation_id="my_supervision_sessions_list")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


@extend_schema(tags=["supervision sessions"], parameters=[ID_PATH_PARAMETER])
class SessionConfirmView(generics.GenericAPIView):
    """Confirm you were present at a supervision session; from then on its hours count."""

    queryset = SessionAttendance.objects.none()
    serializer_class = SessionAttendanceSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsTrainee]

    @extend_schema(request=None, responses={200: SessionAttendanceSerializer})
    def post(self, request, pk):
        attendances = selectors.trainee_sessions(trainee=request.user)
        attendance = get_object_or_404(attendances, pk=pk)
        service_call(
            sessions.session_attendance_confirm, attendance=attendance, trainee=request.user
        )
        return Response(SessionAttendanceSerializer(attendances.get(pk=pk)).data)


# ------------------------------------------------------------------------------
# The supervisor: the queue, approve and return
# ------------------------------------------------------------------------------
@extend_schema(tags=["supervision"])
class SupervisionQueueView(generics.ListAPIView):
    """Entries sent to you, oldest first, with the filters of /supervise/: with no `status`
    it lists what waits for your sign-off (`status=any` for every status)."""

    queryset = PracticeLogEntry.objects.none()
    serializer_class = PracticeEntrySerializer
    permission_classes = [*generics.ListAPIView.permission_classes, IsSupervisor]
    filter_backends = [DjangoFilterBackend]  # describes the parameters; see filter_queryset
    filterset_class = SupervisionQueueFilter

    def filter_queryset(self, queryset):
        # The very queue of /supervise/: the selector builds the scoped queryset and FilterSet.
        filterset = selectors.supervision_queue(
            supervisor=self.request.user, data=self.request.query_params
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return entries_for_display(filterset.qs)


def _queue_entry(request, pk):
    """An entry the supervisor may act on (sent to them, never their own), or 404."""
    return get_object_or_404(
        selectors.reviewable_entries(request.user).select_related("agreement"), pk=pk
    )


def _entry_response(entry):
    return Response(
        PracticeEntrySerializer(entries_for_display(PracticeLogEntry.objects).get(pk=entry.pk)).data
    )


class ApproveSerializer(serializers.Serializer):
    """Signing: both fields are required (the schema says so); whether the name matches and
    the box is ticked is the service's check, whose messages come back per field."""

    signature = serializers.CharField(
        max_length=150,
        allow_blank=True,
        help_text=_("Your full name as on your account: typing it is your signature."),
        error_messages={"required": _("Type your name to sign.")},
    )
    attestation = serializers.BooleanField(
        help_text=_(
            "I attest that these hours happened under my supervision, as described, and that "
            "I hold the credential recorded on the agreement. Must be true."
        ),
        error_messages={"required": _("Tick the box to confirm what you are signing.")},
    )


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("What the trainee should change."),
    )


class _EntryActionView(generics.GenericAPIView):
    """One sign-off action on one entry sent to you: the serializer checks shapes, the
    service (``act``) decides, the answer is the entry as it now stands."""

    queryset = PracticeLogEntry.objects.none()
    permission_classes = [*generics.GenericAPIView.permission_classes, IsSupervisor]

    def act(self, *, entry, supervisor, data):
        raise NotImplementedError

    def post(self, request, pk):
        entry = _queue_entry(request, pk)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = service_call(
            self.act, entry=entry, supervisor=request.user, data=serializer.validated_data
        )
        return _entry_response(entry)


@extend_schema(tags=["supervision"], parameters=[ID_PATH_PARAMETER])
@extend_schema_view(
    post=extend_schema(request=ApproveSerializer, responses={200: PracticeEntrySerializer})
)
class EntryApproveView(_EntryActionView):
    """Sign off one entry with your typed name and the attestation. Signed entries never
    change; 403 when the hours are outside your signed agreement."""

    serializer_class = ApproveSerializer

    def act(self, *, entry, supervisor, data):
        return services.practice_entry_approve(
            entry=entry,
            supervisor=supervisor,
            signature=data["signature"],
            attested=data["attestation"],
        )


@extend_schema(tags=["supervision"], parameters=[ID_PATH_PARAMETER])
@extend_schema_view(
    post=extend_schema(request=ReturnSerializer, responses={200: PracticeEntrySerializer})
)
class EntryReturnView(_EntryActionView):
    """Send one entry back to the trainee with a comment saying what to change."""

    serializer_class = ReturnSerializer

    def act(self, *, entry, supervisor, data):
        return services.practice_entry_return(
            entry=entry, supervisor=supervisor, comment=data["comment"]
        )


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("Why these hours cannot count at all (the trainee reads it)."),
    )


@extend_schema(tags=["supervision"], parameters=[ID_PATH_PARAMETER])
@extend_schema_view(
    post=extend_schema(
        summary=_("Decline one entry with a reason"),
        request=RejectSerializer,
        responses={200: PracticeEntrySerializer},
    )
)
class EntryRejectView(_EntryActionView):
    """Decline one entry with a reason, for hours that cannot count at all (to have them
    changed instead, return the entry). The entry stays on record as not accepted."""

    serializer_class = RejectSerializer

    def act(self, *, entry, supervisor, data):
        return services.practice_entry_reject(
            entry=entry, supervisor=supervisor, reason=data["reason"]
        )


class BulkApproveSerializer(ApproveSerializer):
    entries = IdListField(
        min_length=1,
        help_text=_("Ids of entries waiting for your sign-off; all are signed or none."),
    )


def _bulk_refusals_by_entry(error: DjangoValidationError) -> tuple[list[str], list[str]]:
    """Split the bulk service's refusal into messages naming an entry and the rest."""
    per_entry, general = [], []
    for item in error.error_list if hasattr(error, "error_list") else []:
        entry_id = (item.params or {}).get("entry")
        message = " ".join(item.messages)
        if entry_id is None:
            general.append(message)
        else:
            per_entry.append(_("Entry %(id)s: %(problem)s") % {"id": entry_id, "problem": message})
    return per_entry, general


@extend_schema(tags=["supervision"])
class EntriesBulkApproveView(generics.GenericAPIView):
    """Sign off several entries at once with your typed name and the attestation, all or
    none: the same sign-off as "Approve selected" on /supervise/.

    When any entry cannot be signed, nothing is signed and the answer is 400 with one message
    per entry under `entries`, each starting with the entry's id. An id that does not exist
    and an id of an entry not sent to you get the same message.
    """

    queryset = PracticeLogEntry.objects.none()
    serializer_class = BulkApproveSerializer
    permission_classes = [*generics.GenericAPIView.permission_classes, IsSupervisor]
    pagination_class = None

    @extend_schema(
        operation_id="supervision_entries_approve_many",
        summary=_("Sign off several entries, all or none"),
        request=BulkApproveSerializer,
        responses={200: PracticeEntrySerializer(many=True)},
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            entries = services.practice_entries_approve(
                entry_ids=serializer.validated_data["entries"],
                supervisor=request.user,
                signature=serializer.validated_data["signature"],
                attested=serializer.validated_data["attestation"],
            )
        except services.EntriesNotReviewable as error:
            # The service's scope check; the API names each id (alike whatever the reason).
            raise ValidationError(
                {
                    "entries": [
                        _("Entry %(id)s: no entry with this id was sent to you.") % {"id": pk}
                        for pk in error.entry_ids
                    ],
                    "non_field_errors": [_("Nothing was approved.")],
                }
            ) from error
        except DjangoValidationError as error:
            per_entry, general = _bulk_refusals_by_entry(error)
            if not per_entry:  # the signature itself: the service's field errors as they are
                raise as_api_error(error) from error
            raise ValidationError({"entries": per_entry, "non_field_errors": general}) from error
        signed = entries_for_display(
            PracticeLogEntry.objects.filter(pk__in=[e.pk for e in entries])
        )
        return Response(PracticeEntrySerializer(signed.order_by("date", "pk"), many=True).data)


# ------------------------------------------------------------------------------
# The supervisor: supervision sessions
# ------------------------------------------------------------------------------
class AttendeeSerializer(serializers.ModelSerializer):
    trainee_name = serializers.CharField(source="trainee.display_name", read_only=True)

    class Meta:
        model = SessionAttendance
        fields = ["trainee", "trainee_name", "confirmed_at"]
        read_only_fields = fields


class SessionGivenSerializer(SessionSummarySerializer):
    attendances = AttendeeSerializer(many=True, read_only=True)

    class Meta(SessionSummarySerializer.Meta):
        fields = [*SessionSummarySerializer.Meta.fields, "attendances"]
        read_only_fields = fields


class SessionRecordSerializer(serializers.Serializer):
    date = PlausibleDateSerializerField(help_text=_("The day of the session (not in the future)."))
    duration_hours = HoursSerializerField(help_text=_("In quarter hours, for example 1.5."))
    format = serializers.ChoiceField(choices=SessionFormat.choices)
    modality = serializers.ChoiceField(choices=Modality.choices, default=Modality.IN_PERSON)
    domains = IdListField(required=False, default=list, help_text=_("Competency domain ids."))
    trainees = IdListField(
        min_length=1,
        help_text=_("Ids of the trainees present (people you hold a signed agreement with)."),
    )
    notes = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    identifiers_confirmed = serializers.BooleanField(
        default=False,
        help_text=_(
            "Notes that may identify a person served are refused with a message naming what "
            "was found; send true to confirm they are not about a person served."
        ),
    )

    def validate_domains(self, ids):
        return resolve_ids(
            CompetencyDomain.objects.all(), ids, message=_("Choose competency domains by id.")
        )

    def validate_trainees(self, ids):
        return resolve_ids(
            selectors.supervisable_trainees(self.context["request"].user),
            ids,
            message=_("Choose trainees you hold a signed supervision agreement with."),
        )


@extend_schema(tags=["supervision"])
class SessionsGivenView(generics.ListCreateAPIView):
    """Supervision sessions you recorded, newest first. POST records one; each trainee present
    then confirms it (their hours count once they do)."""

    queryset = SupervisionSession.objects.none()
    permission_classes = [*generics.ListCreateAPIView.permission_classes, IsSupervisor]
    filter_backends = []

    def get_serializer_class(self):
        if self.request.method == "POST":
            return SessionRecordSerializer
        return SessionGivenSerializer

    def get_queryset(self):
        return selectors.sessions_given(supervisor=self.request.user)

    @extend_schema(request=SessionRecordSerializer, responses={201: SessionGivenSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = service_call(
            sessions.supervision_session_record,
            supervisor=request.user,
            **serializer.validated_data,
        )
        return Response(SessionGivenSerializer(self.get_queryset().get(pk=session.pk)).data, 201)
