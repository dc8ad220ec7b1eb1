"""Filter pieces the review queues and lists share: the one name-or-email search rule, and a
status filter that lists what waits unless another status is chosen."""

from django.db.models import Q

ANY_STATUS = "any"


def name_or_email_matches(text: str, *, through: str = "") -> Q:
    """People (or, ``through`` a relation such as ``"trainee__"``, their records) whose name or
    email contains the text, ignoring case: the one search rule of the roster and the queue."""
    text = text.strip()
    return Q(**{f"{through}display_name__icontains": text}) | Q(
        **{f"{through}email__icontains": text}
    )


class WaitingByDefault:
    """A review queue's status filter: no status chosen lists what waits (``waiting_status``),
    ``any`` lists every status."""

    waiting_status: str

    def filter_status(self, queryset, name, value):
        if value == ANY_STATUS:
            return queryset
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=self.waiting_status)
        return queryset
