"""API v1 for learning: a person's enrolments with progress, and completed modules with the
hours they credited."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rest_framework import generics, serializers

from lms.learning.models import CompletionDomainHours, CompletionTopicHours, ModuleCompletion
from lms.learning.selectors import learning_summary


class CompletionDomainHoursSerializer(serializers.ModelSerializer):
    domain = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CompletionDomainHours
        fields = ["framework", "domain", "domain_name", "hours"]


class CompletionTopicHoursSerializer(serializers.ModelSerializer):
    topic = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CompletionTopicHours
        fields = ["topic", "topic_name", "hours"]


class ModuleCompletionSerializer(serializers.ModelSerializer):
    domain_hours = CompletionDomainHoursSerializer(many=True, read_only=True)
    topic_hours = CompletionTopicHoursSerializer(many=True, read_only=True)

    class Meta:
        model = ModuleCompletion
        fields = [
            "id",
            "module_title",
            "program_title",
            "contact_hours",
            "modality",
            "completed_at",
            "domain_hours",
            "topic_hours",
        ]


class MyCompletionsView(generics.ListAPIView):
    """The signed-in person's completed modules, oldest first, with the hours credited per
    competency domain and topic as recorded at completion. Paginated."""

    serializer_class = ModuleCompletionSerializer
    filter_backends = []

    def get_queryset(self):
        return (
            ModuleCompletion.objects.filter(user=self.request.user)
            .order_by("completed_at", "pk")
            .prefetch_related("domain_hours__domain", "topic_hours__topic")
        )


# ------------------------------------------------------------------------------
# Enrolments and progress: the same selector as /learn/
# ------------------------------------------------------------------------------
class ModuleProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="module.pk")
    title = serializers.CharField(source="module.title")
    program_title = serializers.CharField()
    url = serializers.SerializerMethodField()
    lesson_count = serializers.IntegerField()
    completed_lessons = serializers.IntegerField(source="completed_count")
    has_assessment = serializers.BooleanField(source="module.has_assessment")
    percent = serializers.IntegerField(help_text=_("Lessons (and the assessment) done, 0–100."))
    completed_at = serializers.DateTimeField(source="completed_on", allow_null=True)
    last_viewed_at = serializers.DateTimeField(allow_null=True)
    is_open = serializers.BooleanField(
        help_text=_("False while a prerequisite module is not completed yet.")
    )
    missing_prerequisites = serializers.SerializerMethodField()

    def get_url(self, item) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("lms:module", args=[item.module.pk])
        )

    def get_missing_prerequisites(self, item) -> list[str]:
        return [module.title for module in item.missing_prerequisites]


class EnrolmentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["program", "module"])
    id = serializers.IntegerField(help_text=_("The program's or the module's id."))
    title = serializers.CharField()
    url = serializers.URLField()
    percent = serializers.IntegerField(help_text=_("Modules (or lessons) completed, 0–100."))
    completed_modules = serializers.IntegerField()
    module_count = serializers.IntegerField()
    modules = ModuleProgressSerializer(many=True)


def _enrolment_items(request) -> list[dict]:
    summary = learning_summary(user=request.user)
    items = [
        {
            "kind": "program",
            "id": item.program.pk,
            "title": item.program.title,
            "url": request.build_absolute_uri(reverse("lms:program", args=[item.program.pk])),
            "percent": item.percent,
            "completed_modules": item.completed_count,
            "module_count": len(item.modules),
            "modules": item.modules,
        }
        for item in summary.programs
    ]
    items += [
        {
            "kind": "module",
            "id": item.module.pk,
            "title": item.module.title,
            "url": request.build_absolute_uri(reverse("lms:module", args=[item.module.pk])),
            "percent": item.percent,
            "completed_modules": 1 if item.is_completed else 0,
            "module_count": 1,
            "modules": [item],
        }
        for item in summary.standalone_modules
    ]
    return items


class MyEnrolmentsView(generics.ListAPIView):
    """The programs and single modules the signed-in person is enrolled in, with progress in each
    module (lessons done, assessment, completion, prerequisites still open): what /learn/ shows,
    from the same selector. Paginated."""

    serializer_class = EnrolmentSerializer
    filter_backends = []

    def get_queryset(self):
        return _enrolment_items(self.request)
