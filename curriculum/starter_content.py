"""The text of "Foundations of Peer Recovery Support", the starter program seed_demo publishes.

Written for PeerPath: plain, kind, person-first, accurate to the field. Hours per module are
split across the four IC&RC Peer Recovery domains so the whole program credits exactly the
46 h education requirement: 10 Advocacy, 10 Mentoring and Education, 10 Recovery and Wellness
Support, 16 Ethical Responsibility (tests/curriculum/test_seed.py checks the sums). The online
lessons credit only the time they take (measured from this text, see starter.py); each module's
remaining hours are earned in live sessions, by signed attendance.

Lesson bodies use a tiny vocabulary (see ``starter.py``): ("text", [paragraphs or lists]),
("callout", tone, heading, text), ("reflection", prompt), ("story", quote, attribution),
("check", question). Questions are ("single" | "multiple", prompt, [(option, correct,
feedback)], explanation) or ("true_false", statement, answer, feedback_true, feedback_false,
explanation).
"""

# ruff: noqa: E501  (prose reads best one sentence a line)

PROGRAM = {
    "slug": "foundations-of-peer-recovery-support",
    "title": "Foundations of Peer Recovery Support",
    "summary": (
        "The 46 hours of training a new peer recovery support specialist needs before their first "
        "credential: what recovery is and the many ways people find it, trauma-informed and "
        "person-centred support, ethics and boundaries, advocacy, wellness and crisis support."
    ),
    "audience": (
        "<p>People in recovery from substance use and/or mental health challenges who want to use "
        "their lived experience to support others, and the RCO staff who train them.</p>"
        "<ul><li>No earlier training is needed.</li>"
        "<li>Most credential boards also ask for a high school diploma or equivalent.</li>"
        "<li>Short online lessons at your own pace, on a phone or a computer, and live sessions "
        "with a trainer (in person or by video) for most of the hours.</li></ul>"
    ),
    "credentials": ["icrc_pr", "il_cprs", "naadac_ncprss"],
}

MODULES = [
    # ------------------------------------------------------------------------------------------
    {
        "slug": "recovery-and-its-many-pathways",
        "title": "Recovery and its many pathways",
        "summary": "What recovery means, the resources people draw on, and why a peer supports whichever pathway a person chooses.",
        "objectives": [
            "Describe recovery as a personal process of change toward health, purpose and community.",
            "Name the main pathways people use and explain why none is ranked above another.",
            "Identify the kinds of recovery capital a person can build on.",
            "Explain how a peer supports someone's chosen pathway without steering them.",
        ],
        "hours": "6",
        "modality": "self_paced",
        "domains": {"recovery-wellness-support": "3", "mentoring-education": "3"},
        "topics": {"peer-recovery-specific": "6", "family": "1"},
        "values": [
            "hope",
            "multiple-pathways",
            "self-direction",
            "holistic",
            "community-and-family",
        ],
        "pathways": [
            "clinical",
            "peer",
            "self-management",
            "twelve-step",
            "smart-recovery",
            "faith-based",
            "harm-reduction",
            "medication-supported",
            "family-and-community",
        ],
        "content_note": "",
        "lessons": [
            {
                "slug": "what-recovery-means",
                "title": "What recovery means",
                "summary": "Recovery as a process a person leads, and the resources that help it last.",
                "body": [
                    (
                        "text",
                        [
                            "Recovery is a process of change through which a person improves their health and wellbeing, lives a life they direct themselves, and works toward what matters to them. It is not a single event, and it rarely moves in a straight line.",
                            "Many people describe recovery through four parts of life that support each other:",
                            [
                                "Health: making choices that support physical and emotional wellbeing, including managing or stopping substance use.",
                                "Home: a stable and safe place to live.",
                                "Purpose: meaningful daily activities such as work, school, caregiving, volunteering or creative projects.",
                                "Community: relationships and social networks that offer support, friendship, love and hope.",
                            ],
                            "Recovery belongs to the person. Their goals, pace and definition of success are their own. A peer recovery support specialist walks alongside; they do not decide where the road goes.",
                        ],
                    ),
                    (
                        "callout",
                        "info",
                        "Hope is a core value",
                        "<p>People can and do recover. Millions of people in the United States describe themselves as being in recovery from substance use or mental health challenges. Your own story is living evidence of that hope.</p>",
                    ),
                    (
                        "text",
                        [
                            "Recovery capital is a helpful way to think about the resources a person can draw on. It usually includes:",
                            [
                                "Personal capital: health, skills, knowledge, values, a sense of meaning.",
                                "Social and family capital: people who care, encourage and help in practical ways.",
                                "Community capital: housing, work, transport, recovery community centres, mutual help meetings, services that are welcoming.",
                                "Cultural capital: traditions, faith and identity that give strength and belonging.",
                            ],
                            "Looking at recovery capital shifts the conversation from what is wrong to what is already there and what could be added.",
                        ],
                    ),
                    (
                        "story",
                        "When I first walked into the recovery centre, nobody asked me what I had done. Someone asked me what I wanted my life to look like. That question was the start.",
                        "Dana, peer specialist",
                    ),
                    (
                        "reflection",
                        "Think about your own recovery or the recovery of someone close to you. Which kinds of recovery capital made the biggest difference?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "Who decides what recovery looks like for a person?",
                            [
                                (
                                    "The person themselves",
                                    True,
                                    "Yes. Recovery is self-directed: the person sets their own goals and pace.",
                                ),
                                (
                                    "Their peer specialist",
                                    False,
                                    "A peer supports and shares experience, but the goals belong to the person.",
                                ),
                                (
                                    "Their treatment provider",
                                    False,
                                    "Providers can help, but they do not define another person's recovery.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "many-pathways-no-ranking",
                "title": "Many pathways, no ranking",
                "summary": "The pathways people take, and how a peer honours each one.",
                "body": [
                    (
                        "text",
                        [
                            "There are many pathways to recovery, and people often combine them or change them over time. Among the most common:",
                            [
                                "Clinical treatment: outpatient or residential treatment, counselling and therapy.",
                                "Mutual help groups: 12-step fellowships, SMART Recovery, and other groups such as faith-based or culturally specific circles.",
                                "Medication-supported recovery: for opioid use disorder, medications such as methadone, buprenorphine and naltrexone reduce cravings and the risk of overdose death. People who take them as part of their recovery are in recovery.",
                                "Harm reduction: any positive change, such as using more safely, using less, or carrying naloxone. It keeps people alive and connected while they decide what comes next.",
                                "Faith-based and spiritual pathways.",
                                "Self-management, sometimes called natural recovery: many people resolve a substance use problem without any formal treatment or group.",
                                "Family and community support: recovery that grows from the people and places around the person.",
                            ],
                            "A peer recovery support specialist does not rank these pathways. The best pathway is the one that works for the person in front of you, right now.",
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Your story is one story",
                        "<p>Share what worked for you when it might help, and say clearly that it is your path. Ask what the other person has tried, what helped and what they want to try next.</p>",
                    ),
                    (
                        "text",
                        [
                            "Peers sometimes feel strongly about the pathway that saved their own life. That is natural. In the peer role, though, pushing a person toward your pathway can leave them feeling judged and less likely to come back. Curiosity builds trust; persuasion can break it.",
                            "Family members and friends can be part of any pathway. With the person's permission, a peer can help family members understand recovery and find support of their own.",
                        ],
                    ),
                    (
                        "reflection",
                        "Is there a pathway you find harder to support than others? What would help you support a person who chooses it?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "A person who takes buprenorphine as prescribed for opioid use disorder is in recovery.",
                            True,
                            "Right. Medication-supported recovery is recovery.",
                            "Medication for opioid use disorder is an evidence-based pathway; people who use it are in recovery.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "Which statement best describes recovery?",
                [
                    (
                        "A personal process of change that the person directs",
                        True,
                        "Yes: recovery is self-directed and usually unfolds over time.",
                    ),
                    (
                        "A single event that happens on the day a person stops using",
                        False,
                        "Stopping use can be part of recovery, but recovery is a longer process of change.",
                    ),
                    (
                        "A programme a professional designs for the person",
                        False,
                        "Professionals can help, but the person leads their own recovery.",
                    ),
                ],
                "Recovery is a process the person leads, toward health, home, purpose and community.",
            ),
            (
                "multiple",
                "Which of these are forms of recovery capital? Choose all that apply.",
                [
                    ("A supportive friend", True, "Social capital: people who care and help."),
                    ("Stable housing", True, "Community capital includes a safe place to live."),
                    (
                        "A sense of purpose and meaning",
                        True,
                        "Personal capital includes values and meaning.",
                    ),
                    (
                        "A past diagnosis",
                        False,
                        "A diagnosis on its own is not a resource the person draws strength from.",
                    ),
                ],
                "Recovery capital is the personal, social, community and cultural resources a person can build on.",
            ),
            (
                "true_false",
                "A peer specialist should encourage people to follow the same pathway that worked for the peer.",
                False,
                "Not quite. Peers support the person's own chosen pathway.",
                "Correct. Your path is one story; the person chooses theirs.",
                "Peers never rank pathways.",
            ),
            (
                "single",
                "Someone tells you they use less than before and now always carry naloxone. How do you respond?",
                [
                    (
                        "Recognise the positive change and ask what they would like to build on next",
                        True,
                        "Yes. Any positive change counts, and the person decides the next step.",
                    ),
                    (
                        "Tell them it does not count until they stop completely",
                        False,
                        "That can feel shaming and may push them away. Harm reduction is a valid pathway.",
                    ),
                    (
                        "Refer them to treatment and end the conversation",
                        False,
                        "Offering options is fine, but ending the conversation misses a chance to support them.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Some people recover from a substance use problem without formal treatment or mutual help groups.",
                True,
                "Correct. Self-management, or natural recovery, is a real and common pathway.",
                "In fact many people do; this is often called natural recovery.",
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "trauma-informed-peer-support",
        "title": "Trauma-informed peer support",
        "summary": "How trauma can shape a person's life and recovery, and how peers offer safety, choice and trust.",
        "objectives": [
            "Explain what trauma is and how its effects can show up in everyday life.",
            "Apply six principles of a trauma-informed approach in peer conversations.",
            "Avoid practices that can re-traumatise, including asking for trauma details.",
            "Respond calmly when a person becomes distressed.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {
            "recovery-wellness-support": "2",
            "mentoring-education": "2",
            "ethical-responsibility": "3",
        },
        "topics": {"trauma": "7", "ethics": "3", "peer-recovery-specific": "7"},
        "values": ["trauma-informed", "relationship-focused", "voluntary", "culturally-responsive"],
        "pathways": ["peer", "clinical"],
        "content_note": "This module talks about trauma, including abuse, violence and loss, and how they can affect people. It does not describe events in detail. If something brings up strong feelings, you can pause, take care of yourself and return later.",
        "lessons": [
            {
                "slug": "understanding-trauma",
                "title": "Understanding trauma and its effects",
                "summary": "Events, experiences and effects: why the same event affects people differently.",
                "body": [
                    (
                        "text",
                        [
                            "Trauma results from an event, a series of events or a set of circumstances that a person experiences as harmful or threatening, and that has lasting effects on their wellbeing. Three parts help describe it: the event, how the person experienced it, and its effects.",
                            "The same event can affect two people very differently. What matters is the person's experience, not how an outsider judges the event.",
                            "Trauma is common. Many people who live with substance use or mental health challenges have experienced it, often in childhood. Substance use can begin as a way to survive feelings that were too much to bear.",
                        ],
                    ),
                    (
                        "text",
                        [
                            "Effects of trauma can include:",
                            [
                                "Feeling constantly on guard, easily startled or unable to relax.",
                                "Feeling numb, shut down or far away.",
                                "Difficulty trusting people, especially people with authority.",
                                "Strong reactions to reminders such as sounds, smells, places, tones of voice or being touched.",
                            ],
                            'These are understandable adaptations to danger, not signs of weakness. Seeing them this way changes the question from "What is wrong with you?" to "What happened to you, and what helps you now?"',
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "You do not need the story",
                        "<p>A peer never needs to know the details of a person's trauma to support them. Let the person choose what, when and whether to share.</p>",
                    ),
                    (
                        "reflection",
                        "What helps you feel safe in a new place or with a new person? How might you offer some of that to others?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "To support someone well, a peer should ask them to describe their traumatic experiences.",
                            False,
                            "Not quite. Asking for details can re-traumatise; the person chooses what to share.",
                            "Right. Peers do not need trauma details to offer support.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "six-principles-in-practice",
                "title": "The six principles in peer practice",
                "summary": "Safety, trust, peer support, collaboration, choice and culture, in everyday conversations.",
                "body": [
                    (
                        "text",
                        [
                            "A trauma-informed approach is often described through six principles. Here is what each can look like in peer work:",
                            [
                                "Safety: meet where the person feels physically and emotionally safe; explain what will happen before it happens.",
                                "Trustworthiness and transparency: be clear about your role, what you write down and who can see it. Keep your promises, and do not make promises you cannot keep.",
                                "Peer support: mutual, shared experience is itself a source of healing.",
                                "Collaboration and mutuality: decide together; power is shared, not held over the person.",
                                'Empowerment, voice and choice: offer options, and respect a "no". Notice and name the person\'s strengths.',
                                "Cultural, historical and gender issues: recognise how racism, discrimination and historical trauma affect people, and adapt your support to the person's identity and culture.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            "If a person becomes distressed while talking with you, slow down. Lower your voice, give them space, and let them lead. Grounding can help: noticing five things they can see, feeling their feet on the floor, or breathing slowly together. Ask what has helped them before.",
                            "Being trauma-informed is also an ethical duty. Respect consent in every interaction, stay within your role, and bring situations that worry you to your supervisor.",
                        ],
                    ),
                    (
                        "story",
                        "My peer mentor always asked before she did anything, even before she sat down next to me. It sounds small. It was the first time in years that I felt I had a say.",
                        "Marcus, in recovery since 2016",
                    ),
                    (
                        "reflection",
                        "Which of the six principles comes most naturally to you, and which would you like to practise more?",
                    ),
                    (
                        "check",
                        (
                            "multiple",
                            "Which of these actions reflect trauma-informed peer support? Choose all that apply.",
                            [
                                (
                                    "Explaining what you will write down and who can read it",
                                    True,
                                    "Transparency builds trust.",
                                ),
                                (
                                    "Offering a choice of where to meet",
                                    True,
                                    "Choice supports safety and empowerment.",
                                ),
                                (
                                    "Insisting the person finish the conversation once started",
                                    False,
                                    "People can always pause or stop.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "Which question reflects a trauma-informed way of thinking?",
                [
                    (
                        "What happened to you, and what helps you now?",
                        True,
                        "Yes: it sees reactions as adaptations and looks for what helps.",
                    ),
                    (
                        "What is wrong with you?",
                        False,
                        "This frames trauma effects as personal failings.",
                    ),
                    ("Why can't you just move on?", False, "This can feel dismissive and shaming."),
                ],
                "",
            ),
            (
                "multiple",
                "Which are among the six principles of a trauma-informed approach? Choose all that apply.",
                [
                    ("Safety", True, "Safety comes first."),
                    ("Empowerment, voice and choice", True, "People choose for themselves."),
                    ("Collaboration and mutuality", True, "Power is shared."),
                    (
                        "Compliance with the plan",
                        False,
                        "Trauma-informed support is collaborative, not compliance-based.",
                    ),
                ],
                "The six principles: safety; trustworthiness and transparency; peer support; collaboration and mutuality; empowerment, voice and choice; cultural, historical and gender issues.",
            ),
            (
                "true_false",
                "Two people can go through the same event and be affected by it very differently.",
                True,
                "Correct: the person's experience of the event matters most.",
                "In fact they can; what matters is how each person experienced it.",
                "",
            ),
            (
                "single",
                "A person you are supporting suddenly goes quiet and looks far away while talking. What is a good first response?",
                [
                    (
                        "Slow down, speak gently and ask whether they would like a pause",
                        True,
                        "Yes: lower the pace and offer choice.",
                    ),
                    (
                        "Keep going so the meeting finishes on time",
                        False,
                        "Pushing on can increase distress.",
                    ),
                    (
                        "Ask them to explain what memory came up",
                        False,
                        "Asking for details can re-traumatise; let them choose what to share.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "Being clear about what you write down and who can read it is part of trauma-informed practice.",
                True,
                "Right: transparency builds trust.",
                "It is: trustworthiness and transparency is one of the six principles.",
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "person-centred-strength-based-practice",
        "title": "Person-centred and strength-based practice",
        "summary": "Listening well, using language that respects people, and planning around strengths and culture.",
        "objectives": [
            "Use open questions, affirmations, reflections and summaries in peer conversations.",
            "Choose person-first, non-stigmatising language.",
            "Help a person name their strengths and set goals in their own words.",
            "Practise cultural humility.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {"mentoring-education": "4", "recovery-wellness-support": "2", "advocacy": "1"},
        "topics": {"peer-recovery-specific": "7", "cultural-responsiveness": "2"},
        "values": ["person-centred", "strength-based", "culturally-responsive", "self-direction"],
        "pathways": ["peer", "self-management"],
        "content_note": "",
        "lessons": [
            {
                "slug": "starting-from-the-persons-goals",
                "title": "Starting from the person's own goals",
                "summary": "Listening skills and language that put the person first.",
                "body": [
                    (
                        "text",
                        [
                            "Person-centred support starts with what the person wants, in their words. Your job is to listen far more than you talk.",
                            "Four skills help, often remembered as OARS:",
                            [
                                'Open questions: "What would you like to be different a year from now?" invites more than a yes or no.',
                                'Affirmations: notice real effort and strengths. "You got here today even though the bus was late. That took determination."',
                                "Reflections: say back what you heard, so the person feels understood and can correct you.",
                                "Summaries: pull together what was said and check you got it right.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            'Words matter. Person-first language puts the person before any condition: "a person with a substance use disorder", "a person in recovery", "a person who uses drugs". Avoid labels such as "addict", "junkie" or "clean and dirty"; research shows these labels increase stigma, including among professionals.',
                            "Use the words a person uses for themselves. Some people in mutual help groups introduce themselves with a label, and that is their choice; in your role, follow their lead rather than applying labels to them.",
                        ],
                    ),
                    (
                        "reflection",
                        "Think of a time someone really listened to you. What did they do that made you feel heard?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "Which is an open question?",
                            [
                                (
                                    "What has helped you get through hard weeks before?",
                                    True,
                                    "Yes: it invites the person to share in their own words.",
                                ),
                                (
                                    "Did you go to your meeting?",
                                    False,
                                    "This is a closed question; it can be answered yes or no.",
                                ),
                                (
                                    "You should try a new meeting, right?",
                                    False,
                                    "This is advice phrased as a question.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "strengths-culture-and-planning",
                "title": "Strengths, culture and recovery planning",
                "summary": "Building a plan on what is already strong, with respect for the person's culture.",
                "body": [
                    (
                        "text",
                        [
                            "A strength-based approach looks first at what is working: skills, values, relationships, interests, past successes. Every person has strengths, even when life is very hard.",
                            "A recovery plan is the person's own plan. It can include goals in any part of life, the small steps toward them, the supports they want, and how they will know things are going well. Write it in the person's words, and revisit it often; plans change as people do.",
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Small steps count",
                        "<p>Break big goals into steps that can happen this week. Each step taken is a success worth naming.</p>",
                    ),
                    (
                        "text",
                        [
                            "Cultural humility means staying curious about each person's culture, identity and history, and noticing your own assumptions. Ask what matters to the person: faith, family, language, community, traditions. Offer resources that fit, such as culturally specific groups or services in the person's language.",
                            "Sometimes supporting a person's goals means speaking up with them when a service does not fit their needs. That is advocacy, which the module on advocacy covers in depth.",
                        ],
                    ),
                    (
                        "story",
                        "My coach asked what my grandmother used to say when things were hard. We wrote it at the top of my plan.",
                        "Rosa, recovery coach trainee",
                    ),
                    (
                        "reflection",
                        "List three of your own strengths that helped your recovery or your life. How could you help someone else discover theirs?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "A recovery plan should be written in the peer specialist's professional language so that services understand it.",
                            False,
                            "Not quite: the plan belongs to the person and uses their words.",
                            "Right: the plan is the person's own, in their words.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "multiple",
                "Which of these are part of OARS? Choose all that apply.",
                [
                    ("Open questions", True, "O is for open questions."),
                    ("Affirmations", True, "A is for affirmations."),
                    ("Reflections", True, "R is for reflections."),
                    ("Reminders", False, "S is for summaries, not reminders."),
                ],
                "OARS: open questions, affirmations, reflections and summaries.",
            ),
            (
                "single",
                "Which phrase uses person-first language?",
                [
                    ("A person in recovery", True, "Yes: the person comes first."),
                    (
                        "An addict",
                        False,
                        "This label reduces a person to a condition and increases stigma.",
                    ),
                    (
                        "A clean user",
                        False,
                        '"Clean" implies others are dirty; it is stigmatising.',
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "A strength-based approach starts by looking at what is already working in a person's life.",
                True,
                "Correct.",
                "It does: strengths come first.",
                "",
            ),
            (
                "single",
                "What is the best way to practise cultural humility?",
                [
                    (
                        "Ask the person what matters to them in their culture and identity",
                        True,
                        "Yes: stay curious and let the person teach you.",
                    ),
                    (
                        "Assume their needs based on their background",
                        False,
                        "Assumptions can be wrong and hurtful.",
                    ),
                    (
                        "Avoid the subject of culture entirely",
                        False,
                        "Culture can be a great source of strength; ignoring it misses that.",
                    ),
                ],
                "",
            ),
            (
                "single",
                'A person says they want to "get my life back". What is a helpful next step?',
                [
                    (
                        "Ask what getting their life back would look like for them, and what a first small step could be",
                        True,
                        "Yes: the goal in their words, broken into steps.",
                    ),
                    ("Tell them which goals are realistic", False, "The person sets the goals."),
                    (
                        "Give them a standard plan to fill in",
                        False,
                        "A plan should be the person's own.",
                    ),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "ethics-and-boundaries-in-peer-work",
        "title": "Ethics and boundaries in peer work",
        "summary": "The ethical principles of peer work, the limits of the role, confidentiality, and staying well yourself.",
        "objectives": [
            "Apply core ethical principles to everyday peer situations.",
            "Describe the scope of the peer role and what lies outside it.",
            "Recognise dual relationships and set respectful boundaries.",
            "Explain confidentiality, its limits, and when to talk to a supervisor.",
            "Use self-disclosure with purpose and care for your own recovery.",
        ],
        "hours": "10",
        "modality": "self_paced",
        "domains": {"ethical-responsibility": "10"},
        "topics": {"ethics": "10", "peer-recovery-specific": "10"},
        "values": ["relationship-focused", "voluntary", "person-centred"],
        "pathways": ["peer"],
        "content_note": "Some examples in this module mention exploitation, abuse that must be reported, and risk of harm. They are brief and not graphic.",
        "lessons": [
            {
                "slug": "ethical-principles-and-the-peer-role",
                "title": "Ethical principles and the peer role",
                "summary": "Why ethics matter in peer work and where the role begins and ends.",
                "body": [
                    (
                        "text",
                        [
                            "Peer relationships are built on mutuality and shared experience, which makes them powerful and also asks a lot of us. A code of ethics protects the people we support, protects us, and protects the trust the whole peer workforce depends on. Credential boards require you to sign one.",
                            "Principles that run through most codes:",
                            [
                                "Respect for autonomy: the person makes their own decisions.",
                                "Doing good and avoiding harm: act in the person's interest and think about consequences.",
                                "Justice: treat people fairly and without discrimination.",
                                "Honesty and integrity: be truthful about who you are, what you can offer and what you cannot.",
                                "Confidentiality: protect what people share with you.",
                            ],
                        ],
                    ),
                    (
                        "text",
                        [
                            "The peer role has a clear scope. Peers share lived experience, offer support, model recovery, link people to resources and advocate. Peers do not diagnose, provide therapy, give medical or legal advice, or tell people what medication to take. When a need is outside your role, connect the person with someone who can help.",
                            "When you are unsure what is right, pause. Ask: Whose interest does this serve? Would I be comfortable if my supervisor knew? Is there a policy that applies? Then talk it through in supervision.",
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "Supervision is part of ethical practice",
                        "<p>Bringing hard situations to your supervisor is not a sign of failure. It is what ethical peer workers do.</p>",
                    ),
                    (
                        "reflection",
                        "Which part of the peer role's scope do you expect to find hardest to hold to, and why?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "A person asks whether they should stop taking a prescribed medication. What do you do?",
                            [
                                (
                                    "Encourage them to talk it over with their prescriber, and offer to help them prepare questions",
                                    True,
                                    "Yes: medication advice is outside the peer role, and you can still support them.",
                                ),
                                (
                                    "Share what you did with your own medication",
                                    False,
                                    "Even well meant, this can act as medical advice.",
                                ),
                                (
                                    "Tell them to stop if they feel better",
                                    False,
                                    "That is medical advice, outside the peer role, and could cause harm.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "boundaries-and-confidentiality",
                "title": "Boundaries, dual relationships and confidentiality",
                "summary": "Keeping relationships safe and information protected.",
                "body": [
                    (
                        "text",
                        [
                            "A boundary marks where the peer relationship ends. Clear boundaries keep the relationship focused on the person's recovery and protect both of you.",
                            "A dual relationship happens when you relate to a person in more than one way: as their peer specialist and also as a friend, landlord, employer, sponsor or romantic partner. In recovery communities some overlap is hard to avoid; you may attend the same meetings. Name the overlap, talk to your supervisor, and keep the helping relationship separate. Romantic or sexual relationships with people you support are never acceptable.",
                            "Think before accepting gifts, lending money, giving out personal contact details or connecting on social media. Follow your organisation's policy, and when in doubt, ask.",
                        ],
                    ),
                    (
                        "text",
                        [
                            "Confidentiality means you do not share what a person tells you without their permission. In the United States, federal rules protect health information (HIPAA), and records of substance use disorder programs have extra protection (42 CFR Part 2).",
                            "Confidentiality has limits, and the person should know them from the start. Typically these include a risk that someone will seriously harm themselves or others, suspected abuse or neglect of a child or a vulnerable adult, and a court order. Learn your organisation's procedures and state rules, and talk to your supervisor straight away when one of these situations arises.",
                        ],
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Explaining the limits of confidentiality at the start of a peer relationship is good practice.",
                            True,
                            "Right: people deserve to know what you keep private and when you cannot.",
                            "It is good practice: being open about the limits builds trust.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "self-disclosure-and-self-care",
                "title": "Self-disclosure and self-care",
                "summary": "Sharing your story with purpose, and looking after your own recovery.",
                "body": [
                    (
                        "text",
                        [
                            "Sharing your lived experience is at the heart of peer work. Purposeful self-disclosure asks: Does this help the person right now? Is it brief? Does it return the focus to them? Am I sharing from a place I have healed, not an open wound?",
                            "Supporting others can stir up your own memories and feelings. Caring for your own recovery is an ethical responsibility, because you cannot support others well when you are running on empty. Notice your early warning signs, keep your own supports, and use supervision.",
                        ],
                    ),
                    (
                        "story",
                        "I used to tell my whole story to everyone. Now I ask myself one question first: is this for them, or for me?",
                        "Terrell, certified peer recovery specialist",
                    ),
                    (
                        "reflection",
                        "What are your own early warning signs that you need to slow down and look after yourself? Who can you reach out to?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "What makes self-disclosure purposeful?",
                            [
                                (
                                    "It is brief, helps the person now and returns the focus to them",
                                    True,
                                    "Yes.",
                                ),
                                (
                                    "It shows the person how much worse your situation was",
                                    False,
                                    "Comparing can minimise the person's experience.",
                                ),
                                (
                                    "It fills silence in the conversation",
                                    False,
                                    "Silence can be useful; disclosure should have a purpose.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "multiple",
                "Which of these are outside the scope of the peer role? Choose all that apply.",
                [
                    (
                        "Diagnosing a mental health condition",
                        True,
                        "Diagnosis is for licensed clinicians.",
                    ),
                    (
                        "Advising someone to change their medication dose",
                        True,
                        "Medication advice is for prescribers.",
                    ),
                    (
                        "Sharing your lived experience with purpose",
                        False,
                        "This is central to the peer role.",
                    ),
                    (
                        "Helping someone find a food pantry",
                        False,
                        "Linking to resources is part of the role.",
                    ),
                ],
                "",
            ),
            (
                "single",
                "You run into a person you support at a mutual help meeting you both attend. What is the best approach?",
                [
                    (
                        "Acknowledge the overlap, keep the helping relationship separate, and talk it through with your supervisor",
                        True,
                        "Yes: name it and get support.",
                    ),
                    (
                        "Stop attending the meeting without saying anything",
                        False,
                        "Your own recovery matters too; there are better ways to handle overlap.",
                    ),
                    (
                        "Become their sponsor too, since you already know them",
                        False,
                        "That creates a dual relationship that can blur boundaries.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "A romantic relationship with a person you currently support can be acceptable if both people agree.",
                False,
                "Not so: it is never acceptable, whatever both people feel.",
                "Correct: romantic or sexual relationships with people you support are never acceptable.",
                "",
            ),
            (
                "single",
                "A person tells you they plan to seriously hurt someone. What do you do?",
                [
                    (
                        "Follow your organisation's safety procedure and contact your supervisor right away",
                        True,
                        "Yes: this is a limit of confidentiality.",
                    ),
                    (
                        "Keep it confidential because they trusted you",
                        False,
                        "A risk of serious harm to others is a limit of confidentiality.",
                    ),
                    (
                        "Wait until your next scheduled supervision",
                        False,
                        "A risk of harm needs action right away.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "Which questions help you decide whether to share part of your own story? Choose all that apply.",
                [
                    ("Does this help the person right now?", True, "Purpose first."),
                    ("Will it return the focus to them?", True, "The conversation is about them."),
                    (
                        "Will it show that I know best?",
                        False,
                        "Self-disclosure is not about authority.",
                    ),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "advocacy-and-recovery-oriented-systems",
        "title": "Advocacy and recovery-oriented systems of care",
        "summary": "Supporting people to speak up for themselves, and working for communities and systems that support recovery.",
        "objectives": [
            "Support a person's self-advocacy while they stay in the lead.",
            "Help a person navigate services and benefits.",
            "Describe a recovery-oriented system of care and the role of recovery community organisations.",
            "Challenge stigma and share your story safely in public.",
        ],
        "hours": "9",
        "modality": "self_paced",
        "domains": {"advocacy": "8", "mentoring-education": "1"},
        "topics": {"peer-recovery-specific": "9"},
        "values": ["advocacy", "community-and-family", "self-direction", "hope"],
        "pathways": ["peer", "harm-reduction", "medication-supported", "family-and-community"],
        "content_note": "",
        "lessons": [
            {
                "slug": "advocacy-with-a-person",
                "title": "Advocacy with and for a person",
                "summary": "Helping people speak up for what they need.",
                "body": [
                    (
                        "text",
                        [
                            "Individual advocacy means helping a person get what they need and are entitled to: housing, benefits, health care, identification documents, fair treatment. The best advocacy builds the person's own voice, so they can speak up for themselves next time.",
                            "Good practice:",
                            [
                                "Ask first. Advocate only with the person's consent and in the direction they choose.",
                                "Prepare together: what they want, what they will say, what papers they need.",
                                "Go with them if they want, and let them speak first.",
                                "Keep notes of names, dates and what was agreed.",
                                "Know when to involve your supervisor or a specialist such as legal aid.",
                            ],
                        ],
                    ),
                    (
                        "callout",
                        "tip",
                        "Beside, not in front",
                        "<p>Stand beside the person, not in front of them. Step forward only as far as they ask you to.</p>",
                    ),
                    (
                        "reflection",
                        "Think of a time you had to fight for something you needed. What would have helped?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "What comes first in individual advocacy?",
                            [
                                (
                                    "The person's consent and direction",
                                    True,
                                    "Yes: the person leads.",
                                ),
                                (
                                    "What the peer thinks is best",
                                    False,
                                    "Advocacy follows the person's goals.",
                                ),
                                (
                                    "The service's rules",
                                    False,
                                    "Rules matter, but the person's goals come first.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "systems-advocacy-and-rosc",
                "title": "Systems advocacy and recovery-oriented systems of care",
                "summary": "Changing communities and systems so recovery is easier for everyone.",
                "body": [
                    (
                        "text",
                        [
                            "A recovery-oriented system of care (ROSC) is a coordinated network of community services and supports that is person-centred and builds on people's strengths and resilience. Instead of short episodes of acute treatment, it offers support over time, in the community, across many pathways.",
                            'Recovery community organisations (RCOs) are independent, non-profit organisations led by people in recovery, their families and allies. They run recovery community centres, train peers, and give the recovery community a voice in local and state decisions. "Nothing about us without us" sums up the idea.',
                        ],
                    ),
                    (
                        "text",
                        [
                            "Systems advocacy works on policies and practices that affect many people: fighting stigma, widening access to every pathway including medication and harm reduction, supporting recovery housing, and making services welcoming.",
                            "Sharing your recovery story in public can change minds. Prepare it, decide what you will keep private, and think about the long-term effects of sharing online. Focus on hope and solutions, and use person-first language.",
                        ],
                    ),
                    (
                        "story",
                        "The first time I spoke at city council, my hands shook. Three months later they funded a recovery centre on my side of town.",
                        "Angela, RCO volunteer",
                    ),
                    (
                        "reflection",
                        "What is one change in your community that would make recovery easier? Who else cares about it?",
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Recovery community organisations are led by people in recovery, their families and allies.",
                            True,
                            "Correct.",
                            "They are: peer leadership is what makes them RCOs.",
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "What is the main aim of individual advocacy in peer work?",
                [
                    (
                        "To help the person get what they need while building their own voice",
                        True,
                        "Yes.",
                    ),
                    (
                        "To speak for the person so they do not have to",
                        False,
                        "Advocacy supports the person's own voice.",
                    ),
                    (
                        "To make sure the person follows service rules",
                        False,
                        "That is not the aim of advocacy.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "Which are features of a recovery-oriented system of care? Choose all that apply.",
                [
                    ("Person-centred", True, "Yes."),
                    (
                        "Support over time, in the community",
                        True,
                        "Yes: not only short episodes of treatment.",
                    ),
                    ("Respect for many pathways", True, "Yes."),
                    ("One required pathway for everyone", False, "A ROSC supports many pathways."),
                ],
                "",
            ),
            (
                "true_false",
                "You should advocate for a person even if they have asked you not to.",
                False,
                "Not quite: advocacy needs the person's consent.",
                "Correct: advocacy follows the person's consent and direction.",
                "",
            ),
            (
                "single",
                "Before sharing your recovery story publicly, what is most important?",
                [
                    (
                        "Decide what to keep private and think about long-term effects, especially online",
                        True,
                        "Yes: you control your story.",
                    ),
                    (
                        "Share every detail to be as honest as possible",
                        False,
                        "Honesty does not mean sharing everything.",
                    ),
                    (
                        "Use dramatic language to hold attention",
                        False,
                        "Hope and solutions persuade better, and respect everyone involved.",
                    ),
                ],
                "",
            ),
            (
                "single",
                'What does "Nothing about us without us" mean for RCOs?',
                [
                    ("People in recovery take part in decisions that affect them", True, "Yes."),
                    (
                        "Only people in recovery may use services",
                        False,
                        "No: it is about a voice in decisions.",
                    ),
                    ("RCOs never work with professionals", False, "RCOs work with many partners."),
                ],
                "",
            ),
        ],
    },
    # ------------------------------------------------------------------------------------------
    {
        "slug": "wellness-crisis-support-and-resources",
        "title": "Wellness, crisis support and linking to resources",
        "summary": "Everyday wellness, supporting someone through a crisis, responding to an overdose, and warm handoffs to other services.",
        "objectives": [
            "Support a person to plan for wellness across the areas of their life.",
            "Respond to a person in crisis calmly and within your role, including asking directly about suicide.",
            "Describe how to respond to a suspected opioid overdose.",
            "Link a person to resources with a warm handoff and follow up.",
        ],
        "hours": "7",
        "modality": "self_paced",
        "domains": {
            "recovery-wellness-support": "3",
            "ethical-responsibility": "3",
            "advocacy": "1",
        },
        "topics": {"crisis-support": "4", "ethics": "3", "peer-recovery-specific": "7"},
        "values": ["holistic", "hope", "trauma-informed", "community-and-family"],
        "pathways": ["harm-reduction", "medication-supported", "clinical", "peer"],
        "content_note": "This module talks about suicide, self-harm and overdose, and how to respond. If you are struggling right now, you can call or text 988 at any time, and you can stop this module and return whenever you like.",
        "lessons": [
            {
                "slug": "wellness-and-everyday-supports",
                "title": "Wellness and everyday supports",
                "summary": "Eight dimensions of wellness and a plan for good days and hard ones.",
                "body": [
                    (
                        "text",
                        [
                            "Wellness is more than the absence of illness. A common model names eight dimensions: emotional, physical, social, spiritual, intellectual, occupational, financial and environmental. A person might feel strong in some and want to grow in others.",
                            "A wellness plan helps a person notice what keeps them well, their early warning signs, what they will do when things get harder, and who they will call. It is written by the person, for the person, when they feel well enough to plan.",
                        ],
                    ),
                    (
                        "reflection",
                        "Which dimension of wellness would you like to give more attention to this month? What is one small step?",
                    ),
                    (
                        "check",
                        (
                            "multiple",
                            "Which are dimensions of wellness in the eight-dimension model? Choose all that apply.",
                            [
                                ("Financial", True, "Yes."),
                                ("Spiritual", True, "Yes."),
                                ("Environmental", True, "Yes."),
                                ("Competitive", False, "Not one of the eight."),
                            ],
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "supporting-someone-in-crisis",
                "title": "Supporting someone in crisis",
                "summary": "Staying calm, asking directly, keeping people safe, and knowing your limits.",
                "body": [
                    (
                        "text",
                        [
                            "A crisis is a time when a person's usual ways of coping are overwhelmed. Your calm presence matters. Listen, speak slowly, and focus on safety and the next hour, not the whole future.",
                            "If you are worried someone may be thinking of suicide, ask directly: \"Are you thinking about killing yourself?\" Asking does not put the idea in someone's head; research shows that asking can bring relief and open the door to help. Listen without judgement, help the person connect with the 988 Suicide and Crisis Lifeline (call or text 988) or local crisis services, and follow your organisation's procedure. If there is immediate danger, call 911 and do not leave the person alone if it is safe to stay.",
                        ],
                    ),
                    (
                        "callout",
                        "important",
                        "Responding to a suspected opioid overdose",
                        "<ul><li>Try to wake the person: shout their name and rub their breastbone firmly.</li><li>Call 911.</li><li>Give naloxone if you have it; give a second dose if there is no response after 2 to 3 minutes.</li><li>Support breathing if you are trained, and put the person in the recovery position.</li><li>Stay with them: naloxone can wear off before the opioids do.</li></ul><p>Many states have Good Samaritan laws that give some legal protection to people who call for help at an overdose.</p>",
                    ),
                    (
                        "text",
                        [
                            "After a crisis, check in with the person and with yourself. Responding to a crisis is hard; talk it through with your supervisor and use your own supports.",
                        ],
                    ),
                    (
                        "check",
                        (
                            "true_false",
                            "Asking someone directly whether they are thinking about suicide can put the idea in their head.",
                            False,
                            "Not so: asking directly does not increase risk and can bring relief.",
                            "Correct: asking directly is safe and can open the door to help.",
                            "",
                        ),
                    ),
                ],
            },
            {
                "slug": "linking-to-resources",
                "title": "Linking to resources",
                "summary": "Warm handoffs, knowing your community, and following up.",
                "body": [
                    (
                        "text",
                        [
                            "Peers help people connect with what they need: housing, food, health care, treatment, mutual help groups, jobs, legal help, harm reduction services such as syringe services programs and HIV and hepatitis C testing.",
                            "A warm handoff is more than giving a phone number. With the person's permission, you introduce them to the next person or service, in person or on a call, and share what they want shared. It makes it much more likely that the connection holds.",
                            "Keep an up-to-date list of local resources, including 211 for community services. Afterwards, follow up: did the connection work? What got in the way? Barriers such as transport, cost, childcare or past bad experiences are often things you can help solve together.",
                        ],
                    ),
                    (
                        "reflection",
                        "Which local resources do you already know well? Which ones would you like to learn more about?",
                    ),
                    (
                        "check",
                        (
                            "single",
                            "What makes a referral a warm handoff?",
                            [
                                (
                                    "You introduce the person directly to the next service, with their permission",
                                    True,
                                    "Yes.",
                                ),
                                (
                                    "You give them a printed list of phone numbers",
                                    False,
                                    "That is a referral, but not a warm handoff.",
                                ),
                                (
                                    "You send their file without telling them",
                                    False,
                                    "Sharing information needs the person's permission.",
                                ),
                            ],
                            "",
                        ),
                    ),
                ],
            },
        ],
        "questions": [
            (
                "single",
                "You are worried a person may be thinking about suicide. What should you do first?",
                [
                    (
                        "Ask them directly and listen without judgement",
                        True,
                        "Yes: asking directly is safe and opens the door to help.",
                    ),
                    (
                        "Change the subject to something more positive",
                        False,
                        "This can leave the person feeling unheard and alone.",
                    ),
                    (
                        "Wait to see if they bring it up again",
                        False,
                        "Waiting can miss a chance to help.",
                    ),
                ],
                "",
            ),
            (
                "multiple",
                "Which steps are part of responding to a suspected opioid overdose? Choose all that apply.",
                [
                    ("Call 911", True, "Yes."),
                    ("Give naloxone if available", True, "Yes."),
                    (
                        "Stay with the person after naloxone",
                        True,
                        "Yes: naloxone can wear off before the opioids do.",
                    ),
                    (
                        "Put the person in a cold shower",
                        False,
                        "This does not help and can cause harm.",
                    ),
                ],
                "",
            ),
            (
                "true_false",
                "A warm handoff means introducing the person directly to the next service, with their permission.",
                True,
                "Correct.",
                "It does: a warm handoff is a direct, permitted introduction.",
                "",
            ),
            (
                "single",
                "What number can a person call or text in the United States to reach the Suicide and Crisis Lifeline?",
                [
                    ("988", True, "Yes: call or text 988."),
                    ("311", False, "311 is for non-emergency city services in many places."),
                    ("411", False, "411 is directory assistance."),
                ],
                "",
            ),
            (
                "single",
                "What is a wellness plan?",
                [
                    (
                        "A plan the person writes about what keeps them well and what to do when things get harder",
                        True,
                        "Yes.",
                    ),
                    (
                        "A set of rules a peer gives the person",
                        False,
                        "The plan belongs to the person.",
                    ),
                    (
                        "A medical treatment plan",
                        False,
                        "A wellness plan is the person's own, not a clinical plan.",
                    ),
                ],
                "",
            ),
        ],
    },
]
