"""The reference sets modules are tagged with: values, pathways, competency domains, topics.

They are real sets from the field (see shared DOMAIN.md); a data migration loads them and
``seed_taxonomy()`` can be run again at any time (idempotent, matched by slug).
"""

from django.utils.translation import gettext_noop as _noop

CORE_VALUES = [
    ("self-direction", _noop("Self-direction"), _noop("The person leads their own recovery.")),
    ("person-centred", _noop("Person-centred"), _noop("Support starts from the person's own goals.")),
    ("voluntary", _noop("Voluntary"), _noop("Taking part is always the person's choice.")),
    ("relationship-focused", _noop("Relationship-focused"), _noop("Mutual, respectful peer relationships.")),
    ("trauma-informed", _noop("Trauma-informed"), _noop("Safety, choice and trust come first.")),
    ("multiple-pathways", _noop("Multiple pathways"), _noop("Every pathway to recovery is respected.")),
    ("strength-based", _noop("Strength-based"), _noop("Building on what the person already does well.")),
    ("culturally-responsive", _noop("Culturally responsive"), _noop("Support fits the person's culture and identity.")),
    ("hope", _noop("Hope"), _noop("People can and do recover.")),
    ("community-and-family", _noop("Community and family involvement"), _noop("Recovery happens with others.")),
    ("holistic", _noop("Holistic"), _noop("Health, housing, work, purpose and spirituality together.")),
    ("advocacy", _noop("Advocacy"), _noop("Speaking up for people and for recovery-oriented systems.")),
]  # fmt: skip

RECOVERY_PATHWAYS = [
    ("clinical", _noop("Clinical treatment")),
    ("peer", _noop("Non-clinical and peer support")),
    ("self-management", _noop("Self-management (natural recovery)")),
    ("twelve-step", _noop("12-step mutual help")),
    ("smart-recovery", _noop("SMART Recovery")),
    ("faith-based", _noop("Faith-based")),
    ("harm-reduction", _noop("Harm reduction and any positive change")),
    ("medication-supported", _noop("Medication-supported recovery (MOUD)")),
    ("family-and-community", _noop("Family and community support")),
]

# Framework codes, as stored on CompetencyDomain.framework.
ICRC_PR = "icrc_pr"
IL_CRSS = "il_crss"
SAMHSA = "samhsa"

COMPETENCY_DOMAINS = {
    ICRC_PR: [
        ("advocacy", _noop("Advocacy")),
        ("mentoring-education", _noop("Mentoring and Education")),
        ("recovery-wellness-support", _noop("Recovery and Wellness Support")),
        ("ethical-responsibility", _noop("Ethical Responsibility")),
    ],
    IL_CRSS: [
        ("advocacy", _noop("Advocacy")),
        ("professional-responsibility", _noop("Professional Responsibility")),
        ("mentoring", _noop("Mentoring")),
        ("recovery-support", _noop("Recovery Support")),
    ],
    SAMHSA: [
        ("engages-peers", _noop("Engages peers in collaborative and caring relationships")),
        ("provides-support", _noop("Provides support")),
        ("shares-lived-experience", _noop("Shares lived experiences of recovery")),
        ("personalizes-support", _noop("Personalizes peer support")),
        ("supports-recovery-planning", _noop("Supports recovery planning")),
        ("links-to-resources", _noop("Links to resources, services and supports")),
        ("provides-information", _noop("Provides information about skills related to health, wellness and recovery")),
        ("helps-manage-crises", _noop("Helps peers manage crises")),
        ("values-communication", _noop("Values communication")),
        ("supports-collaboration", _noop("Supports collaboration and teamwork")),
        ("promotes-leadership-advocacy", _noop("Promotes leadership and advocacy")),
        ("promotes-growth", _noop("Promotes growth and development")),
    ],
}  # fmt: skip

TOPICS = [
    ("ethics", _noop("Ethics")),
    ("hiv-bloodborne-pathogens", _noop("HIV and bloodborne pathogens")),
    ("family", _noop("Family")),
    ("youth", _noop("Youth")),
    ("core-functions", _noop("Core functions")),
    ("peer-recovery-specific", _noop("Peer-recovery-specific")),
    ("cultural-responsiveness", _noop("Cultural responsiveness")),
    ("crisis-support", _noop("Crisis support")),
    ("trauma", _noop("Trauma")),
]


def seed_taxonomy(*, core_value, recovery_pathway, competency_domain, topic) -> None:
    """Load the reference sets into the given models (real or historical); idempotent."""
    for order, (slug, name, description) in enumerate(CORE_VALUES):
        core_value.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for order, (slug, name) in enumerate(RECOVERY_PATHWAYS):
        recovery_pathway.objects.update_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )
    for framework, domains in COMPETENCY_DOMAINS.items():
        for order, (slug, name) in enumerate(domains):
            competency_domain.objects.update_or_create(
                framework=framework, slug=slug, defaults={"name": name, "sort_order": order}
            )
    for order, (slug, name) in enumerate(TOPICS):
        topic.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})
