"""API v1: your exam results and attestations (the same services as the pages).

GET lists your own records; POST records one for yourself: a score report for staff to
verify (multipart, with the file), or an attestation you sign (the code of ethics of your
organisation, your diploma, lived experience). Job descriptions are attested by staff or a
supervisor on the page /attest/job-description/.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from certification.credentials import evidence_selectors as selectors
from certification.credentials import services
from certification.credentials.evidence import Attestation, ExamResult
from certification.rules.kinds import AttestationKind
from curriculum.input_limits import PlausibleDateSerializerField
from lms.api_support import IsTrainee, service_call

SELF_ATTESTATION_KINDS = [
    AttestationKind.CODE_OF_ETHICS,
    AttestationKind.DIPLOMA,
    AttestationKind.LIVED_EXPERIENCE,
]


class ExamResultSerializer(serializers.ModelSerializer):
    passed = serializers.SerializerMethodField()

    class Meta:
        model = ExamResult
        fields = ["id", "exam_code", "taken_on", "score", "status", "decline_reason", "passed"]

    def get_passed(self, result) -> bool | None:
        pass_score = self.context.get("pass_scores", {}).get(result.exam_code)
        return None if pass_score is None else result.score >= pass_score


class ExamResultCreateSerializer(serializers.Serializer):
    exam_code = serializers.CharField(
        max_length=40, help_text=_("The exam's code, as credentials name it (icrc_pr_exam).")
    )
    taken_on = PlausibleDateSerializerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0)
    score_report = serializers.FileField(help_text=_("A PDF or a photo, up to 10 MB."))


def _pass_scores(results) -> dict:
    return {code: services.exam_pass_score(code) for code in {r.exam_code for r in results}}


@extend_schema(tags=["credentials"])
class MyExamResultsView(generics.ListCreateAPIView):
    """Your exam results, newest first. POST sends a score report for staff to verify; it
    counts toward your credentials once verified."""

    serializer_class = ExamResultSerializer
    permission_classes = [*generics.ListCreateAPIView.permission_classes, IsTrainee]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return selectors.exam_results_own(self.request.user).order_by("-taken_on", "-pk")

    def list(self, request, *args, **kwargs):
        results = list(self.get_queryset())
        context = {**self.get_serializer_context(), "pass_scores": _pass_scores(results)}
        return Response(ExamResultSerializer(results, many=True, context=context).data)

    @extend_schema(request=ExamResultCreateSerializer, responses={201: ExamResultSerializer})
    def post(self, request, *args, **kwargs):
        serializer = ExamResultCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = service_call(
            services.exam_result_submit, person=request.user, **serializer.validated_data
        )
        context = {"pass_scores": _pass_scores([result])}
        return Response(ExamResultSerializer(result, context=context).data, status=201)


class AttestationSerializer(serializers.ModelSerializer):
    code_of_ethics_version = serializers.IntegerField(
        source="code_of_ethics.version", allow_null=True, read_only=True
    )

    class Meta:
        model = Attestation
        fields = ["id", "kind", "affirmed", "attested_on", "detail", "code_of_ethics_version"]


class AttestationCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(k.value, k.label) for k in SELF_ATTESTATION_KINDS])
    signature = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text=_("Your name as typed.")
    )
    attestation = serializers.BooleanField(
        required=False, default=False, help_text=_("You confirm what you sign.")
    )
    detail = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("For a diploma: which one, and the year."),
    )


@extend_schema(tags=["credentials"])
class MyAttestationsView(generics.ListCreateAPIView):
    """Your attestations, newest first. POST signs one for yourself: `code_of_ethics` (the
    current version of your organisation's code, shown at /learn/credentials/code-of-ethics/),
    `diploma` (with `detail`) or `lived_experience` (kept as yes and the date only)."""

    serializer_class = AttestationSerializer
    permission_classes = [*generics.ListCreateAPIView.permission_classes, IsTrainee]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filter_backends = []
    pagination_class = None

    def get_queryset(self):
        return (
            selectors.attestations_own(self.request.user)
            .select_related("code_of_ethics")
            .order_by("-attested_on", "-pk")
        )

    @extend_schema(request=AttestationCreateSerializer, responses={201: AttestationSerializer})
    def post(self, request, *args, **kwargs):
        serializer = AttestationCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kind = data["kind"]
        if kind == AttestationKind.CODE_OF_ETHICS:
            organization = selectors.trainee_organization(request.user)
            if organization is None:
                raise NotFound(_("You are not a trainee of any organisation."))
            code = services.code_of_ethics_current(organization=organization)
            attestation = service_call(
                services.code_of_ethics_sign,
                person=request.user,
                code=code,
                signature=data.get("signature", ""),
                attested=data["attestation"],
            )
        elif kind == AttestationKind.DIPLOMA:
            attestation = service_call(
                services.diploma_attest,
                person=request.user,
                detail=data.get("detail", ""),
                signature=data.get("signature", ""),
                attested=data["attestation"],
            )
        else:
            attestation = service_call(
                services.lived_experience_attest, person=request.user, affirmed=True
            )
        return Response(AttestationSerializer(attestation).data, status=201)
