"""POST data for the Wagtail page editor, built with Wagtail's own test helpers."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield


def module_form_data(
    *,
    title: str,
    contact_hours: str,
    domains=(),
    topics=(),
    live_domains=(),
    live_topics=(),
    **extra,
) -> dict:
    data = {
        "title": title,
        "slug": extra.pop("slug", title.lower().replace(" ", "-")),
        "summary": "What peers need to know about it.",
        "content_note": "",
        "learning_objectives": rich_text("<ul><li>Explain it to a peer.</li></ul>"),
        "estimated_minutes": "90",
        "modality": "self_paced",
        "contact_hours": contact_hours,
        "domain_hours": inline_formset(
            [{"domain": str(domain.pk), "hours": hours} for domain, hours in domains]
        ),
        "topic_hours": inline_formset(
            [{"topic": str(topic.pk), "hours": hours} for topic, hours in topics]
        ),
        "credit_mode": "online",
        "live_contact_hours": "0",
        "live_session_count": "1",
        "partial_attendance_rule": "proportional",
        "minimum_share_percent": "75",
        "live_domain_hours": inline_formset(
            [{"domain": str(domain.pk), "hours": hours} for domain, hours in live_domains]
        ),
        "live_topic_hours": inline_formset(
            [{"topic": str(topic.pk), "hours": hours} for topic, hours in live_topics]
        ),
        "question_bank": streamfield([]),
        "questions_per_attempt": "",
        "shuffle_questions": "on",
        "shuffle_options": "on",
        "pass_mark_percent": "80",
        "attempts_allowed": "",
        "cooldown_minutes": "0",
        "answer_feedback": "after_limit_or_pass",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(extra)
    return nested_form_data(data)
