import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from certification.rules.bulk import tally_credentials


class Command(BaseCommand):
    help = _(
        "Judge every trainee against each credential in effect, in bulk: how many meet it, "
        "and how many trainees are judged per second."
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", help=_("Only this credential code, e.g. icrc_pr."))
        parser.add_argument("--organization", help=_("Only trainees of this organisation (slug)."))
        parser.add_argument("--as-of", help=_("The day to judge on, YYYY-MM-DD (default today)."))

    def handle(self, *args, **options):
        as_of = None
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    _("Give the date as YYYY-MM-DD, for example 2026-11-22.")
                ) from error
        tallies = tally_credentials(
            as_of=as_of, code=options["code"], organization_slug=options["organization"]
        )
        if not tallies:
            self.stdout.write(_("No credential is in effect on that day."))
            return
        for tally in tallies:
            self.stdout.write(
                _(
                    "%(name)s (version %(version)s): %(met)s of %(people)s trainees meet it; "
                    "%(seconds).3f s, %(rate)s trainees per second"
                )
                % {
                    "name": tally.definition.name,
                    "version": tally.definition.version,
                    "met": tally.met,
                    "people": tally.people,
                    "seconds": tally.seconds,
                    "rate": f"{tally.people_per_second:,.0f}",
                }
            )
