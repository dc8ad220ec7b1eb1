"""API v1 for learning: a person's own completed modules and the hours they credited."""

from rest_framework import generics, serializers

from .models import CompletionDomainHours, CompletionTopicHours, ModuleCompletion


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
