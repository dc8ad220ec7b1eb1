"""`manage.py generate_load_data`: the benchmark's large data set (see bench/load_data/).

Installed with the `bench` app, which only bench/settings.py adds: the product's settings do
not offer this command.
"""

from django.core.management.base import BaseCommand, CommandError

from bench.load_data import DEFAULT_SEED, LoadSetMismatch, ResetRefused, build_load_data


class Command(BaseCommand):
    help = (
        "Build a large, realistic data set for benchmarks with bulk inserts: organisations "
        "(slugs starting with 'load-'), trainees, supervisors, staff, signed agreements, "
        "practice hours, supervision sessions, module completions and issued credentials. "
        "Rows are built with the services' constructors but written in bulk, not through "
        "the services' writes, so the audit trail gets a smaller set of events (agreements, "
        "sign-offs of the last 90 days, issued credentials) with a valid hash chain; older "
        "sign-offs have no event of their own. Running it again with the same parameters does "
        "nothing; --reset replaces a previous load set (refused with production settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=10)
        parser.add_argument(
            "--trainees", type=int, default=5000, help="Trainees across all organisations."
        )
        parser.add_argument(
            "--supervisors",
            type=int,
            default=None,
            help="Supervisors across all organisations (default: 10 per organisation).",
        )
        parser.add_argument("--staff-per-organization", type=int, default=2)
        parser.add_argument("--entries-per-trainee", type=int, default=100)
        parser.add_argument("--completions-per-trainee", type=int, default=8)
        parser.add_argument(
            "--busiest-supervisor-trainees",
            type=int,
            default=300,
            help="Trainees of the first organisation's first supervisor (the benchmark's "
            "'supervisor with 300 trainees').",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Random seed.")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete a previous load set first (lifts the immutability triggers for its "
            "transaction; refused with production settings).",
        )

    def handle(self, *args, reset: bool, **options):
        parameters = {
            name: options[name]
            for name in (
                "organizations",
                "trainees",
                "supervisors",
                "staff_per_organization",
                "entries_per_trainee",
                "completions_per_trainee",
                "busiest_supervisor_trainees",
                "seed",
            )
        }
        try:
            load_set = build_load_data(reset=reset, progress=self.stdout.write, **parameters)
        except (LoadSetMismatch, ResetRefused, ValueError) as error:
            raise CommandError(str(error)) from error
        if not load_set.created:
            self.stdout.write("A load set with these parameters already exists; nothing to do.")
        else:
            for name, count in load_set.counts.items():
                self.stdout.write(f"  {name:<28}{count:>10,}")
            self.stdout.write(self.style.SUCCESS(f"Load set built in {load_set.seconds:.1f} s."))
        self.stdout.write(
            f"Trainee #{load_set.trainee.pk}, supervisor #{load_set.supervisor.pk}, "
            f"staff #{load_set.staff.pk}, module page #{load_set.module_page_id}, "
            f"verification code {load_set.verification_code or '(none)'}"
        )
