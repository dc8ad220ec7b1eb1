"""The values a load set draws from: names, places, texts and the mixes that make it realistic."""

from decimal import Decimal

from certification.supervision.models import (
    ActivityType,
    EntryStatus,
    Modality,
    PracticeSetting,
)

# The status mix of practice entries: the newest entries are drafts or wait for sign-off; older
# ones were reviewed (mostly approved).
DRAFT_SHARE = 0.07
SUBMITTED_SHARE = 0.10
REVIEWED_WEIGHTS = {EntryStatus.APPROVED: 75, EntryStatus.RETURNED: 5, EntryStatus.REJECTED: 3}

FIRST_NAMES = [
    *("Jordan", "Alex", "Sam", "Morgan", "Taylor", "Casey", "Riley", "Jamie", "Avery", "Quinn"),
    *("Dakota", "Reese", "Rowan", "Skyler", "Maria", "José", "Aisha", "Wei", "Priya", "Tomás"),
    *("Keisha", "Darnell", "Olga", "Fatima", "Luis", "Grace", "Marcus", "Ana", "Hana", "Kwame"),
    *("Lena", "Rafael", "Mei", "Nadia", "Omar", "Paul", "Rosa", "Sean", "Tanya", "Yusuf"),
]
LAST_NAMES = [
    *("Rivera", "Okafor", "Chen", "Lee", "Johnson", "Williams", "Garcia", "Martinez", "Brown"),
    *("Davis", "Nguyen", "Patel", "Kim", "Robinson", "Walker", "Young", "Hernandez", "King"),
    *("Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter"),
    *("Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans"),
]
PLACES = [
    *("Riverbend", "Lakeside", "Prairie", "Northside", "Southside", "Eastgate", "Westfield"),
    *("Harbor", "Hillcrest", "Oakwood", "Maplewood", "Cedar", "Valley", "Summit", "Fairview"),
]
REGIONS = (
    "Central Illinois ROSC Council",
    "Northern Illinois ROSC Council",
    "Southern Illinois ROSC Council",
    "Chicago Metro ROSC Council",
    "Western Illinois ROSC Council",
)
CREDENTIALS = (
    ("Certified Peer Recovery Specialist (CPRS)", "CPRS"),
    ("Certified Recovery Support Specialist (CRSS)", "CRSS"),
    ("Certified Alcohol and Drug Counselor (CADC)", "CADC"),
)
DESCRIPTIONS = {
    ActivityType.ONE_TO_ONE: "Met a peer to talk through their week and their wellness plan.",
    ActivityType.GROUP: "Co-facilitated an all-recovery meeting.",
    ActivityType.RECOVERY_PLANNING: "Helped a peer update their recovery plan and next steps.",
    ActivityType.LINKING_TO_RESOURCES: "Connected a peer with a housing programme.",
    ActivityType.ADVOCACY: "Went with a peer to a benefits appointment to support them.",
    ActivityType.CRISIS_SUPPORT: "Stayed with a peer through a hard evening until it eased.",
    ActivityType.OUTREACH: "Outreach at the community drop-in: shared meeting lists.",
    ActivityType.DOCUMENTATION: "Team meeting and notes on boundaries and confidentiality.",
    ActivityType.OTHER: "Helped set up the recovery community centre's open day.",
}
# Quarter-hour durations, mostly between half an hour and four hours.
DURATIONS = [
    Decimal(value)
    for value in (
        "0.25",
        "0.5",
        "0.75",
        "1",
        "1.25",
        "1.5",
        "2",
        "2.5",
        "3",
        "3.5",
        "4",
        "5",
        "6",
        "8",
    )
]
DURATION_WEIGHTS = [2, 10, 10, 20, 8, 14, 14, 6, 6, 3, 3, 2, 1, 1]
SETTING_WEIGHTS = {
    PracticeSetting.RECOVERY_COMMUNITY_CENTRE: 30,
    PracticeSetting.COMMUNITY: 25,
    PracticeSetting.TREATMENT_PROGRAM: 15,
    PracticeSetting.EMERGENCY_DEPARTMENT: 10,
    PracticeSetting.RECOVERY_RESIDENCE: 10,
    PracticeSetting.JAIL_OR_COURT: 7,
    PracticeSetting.OTHER: 3,
}
ACTIVITY_WEIGHTS = {
    ActivityType.ONE_TO_ONE: 35,
    ActivityType.GROUP: 15,
    ActivityType.RECOVERY_PLANNING: 12,
    ActivityType.LINKING_TO_RESOURCES: 12,
    ActivityType.ADVOCACY: 6,
    ActivityType.CRISIS_SUPPORT: 5,
    ActivityType.OUTREACH: 6,
    ActivityType.DOCUMENTATION: 7,
    ActivityType.OTHER: 2,
}
MODALITY_WEIGHTS = {Modality.IN_PERSON: 70, Modality.PHONE: 18, Modality.VIDEO: 12}
RETURN_COMMENTS = (
    "Please say which setting this was in and what your role was.",
    "The date looks wrong: that day was before our agreement. Please check it.",
    "Please remove the initials of the person you supported.",
)
REJECT_COMMENTS = (
    "This was a training you attended, not supervised practice: log it as training instead.",
    "I was not supervising you on this activity, so I cannot sign it.",
)
