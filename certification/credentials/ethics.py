"""PeerPath's starting text for an organisation's code of ethics.

An organisation that has not published its own code starts from this one (version 1, published
by nobody); its staff replace it at /staff/code-of-ethics/. The principles follow the values of
peer work in DOMAIN.md, in PeerPath's own words.
"""

from django.utils.translation import gettext as _


def default_code_of_ethics() -> str:
    principles = [
        _(
            "I respect the dignity of every person I support and use language that puts the "
            "person first."
        ),
        _(
            "I support each person's own choices and recognise that there are many pathways to "
            "recovery."
        ),
        _(
            "I share my own recovery story only when it helps the person I support, and never "
            "to centre myself."
        ),
        _(
            "I keep what people tell me confidential, within the limits of the law and my "
            "organisation's policies, and I explain those limits at the start."
        ),
        _(
            "I keep clear, honest boundaries: no romantic, sexual or financial relationship with "
            "a person I support, and no gifts or favours that could create an obligation."
        ),
        _(
            "I work within the role of a peer specialist and refer people to clinical and other "
            "services when they need them."
        ),
        _(
            "I practise in a trauma-informed, culturally responsive way and do not discriminate "
            "against anyone."
        ),
        _(
            "I take care of my own wellness and recovery, and ask my supervisor for support "
            "when I need it."
        ),
        _(
            "I record my hours and activities truthfully and report any conduct that puts a "
            "person at risk."
        ),
    ]
    lines = [_("As a peer recovery support specialist:")]
    lines += [f"{number}. {text}" for number, text in enumerate(principles, start=1)]
    return "\n\n".join(lines)
