"""Several ORM querysets read in one round trip to PostgreSQL, their SQL built once per process.

A page that reads a dozen small sets of rows about one person spends more time having Django
build the dozen queries, and waiting for a dozen answers, than PostgreSQL spends answering
them (credential progress: about 13 of its 20 ms in the collector). ``OneTrip`` asks a builder
for its querysets twice, with two sets of stand-in arguments, and keeps the SQL Django wrote and
which of its parameters are the arguments. From then on one statement,

    SELECT (SELECT json_agg(r)::text FROM (<query 1>) AS r), (SELECT json_agg(r)::text ...

runs with the real arguments in their places, and each query's rows come back as lists of
values. The querysets stay the one statement of what is read: the same filters, joins and
managers as everywhere else.

Only plain arguments can be put in place. A builder that derives a parameter from an argument
(``as_of - one year``) would be compiled wrongly; the two compilations catch it: a parameter
that differs between them and is not exactly an argument fails loudly, the first time.

Values come as JSON gives them: numbers as ``Decimal`` or ``int``, dates and times as ISO text
(``as_date``, ``as_datetime`` read both those and Python's own, so one converter serves rows
from a queryset and rows from here), booleans and ``None`` as themselves. PostgreSQL only; the
caller reads its querysets one by one elsewhere (``supported``).
"""

import datetime
import json
import threading
from collections.abc import Callable, Mapping
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet


def as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def as_datetime(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


def _values(pairs: list[tuple]) -> list:
    """A JSON object as the list of its values, in column order (duplicate names kept)."""
    return [value for _name, value in pairs]


class OneTrip:
    """Read the querysets ``build(**arguments)`` returns (a dict: name to queryset) in one
    statement. ``stand_ins`` are two sets of arguments of the right types that no real call
    uses (negative ids, days long past); they are only compiled, never run."""

    def __init__(
        self,
        build: Callable[..., Mapping[str, QuerySet]],
        *,
        stand_ins: tuple[Mapping, Mapping],
    ):
        self.build = build
        self.stand_ins = stand_ins
        self._compiled: dict[str, tuple[str, list, list[str]]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def supported(using: str = "default") -> bool:
        return connections[using].vendor == "postgresql"

    def rows(self, using: str = "default", **arguments) -> dict[str, list[list]]:
        """Each query's rows, by name, as lists of values in the order of its columns."""
        sql, slots, names = self._statement(using)
        missing = set(self.stand_ins[0]) - set(arguments)
        if missing or set(arguments) - set(self.stand_ins[0]):
            raise TypeError(f"OneTrip needs exactly the arguments {sorted(self.stand_ins[0])}")
        params = [arguments[slot] if is_argument else slot for is_argument, slot in slots]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            (texts,) = cursor.fetchall()
        return {
            name: json.loads(text, parse_float=Decimal, object_pairs_hook=_values) if text else []
            for name, text in zip(names, texts, strict=True)
        }

    def read(self, *, one_trip: bool | None = None, using: str = "default", **arguments) -> dict:
        """The rows of every query: in one statement where the database allows it (unless
        ``one_trip`` says otherwise), else one query each (tuples, Python's own values)."""
        if one_trip is None:
            one_trip = self.supported(using)
        if one_trip:
            return self.rows(using, **arguments)
        return {name: list(qs.using(using)) for name, qs in self.build(**arguments).items()}

    def sql(self, using: str = "default") -> str:
        """The statement as compiled (for tests and EXPLAIN)."""
        return self._statement(using)[0]

    def _statement(self, using: str) -> tuple[str, list, list[str]]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        return compiled

    def _compile(self, using: str) -> tuple[str, list, list[str]]:
        first_arguments, second_arguments = self.stand_ins
        first, second = (
            {name: qs.query.get_compiler(using).as_sql() for name, qs in self.build(**args).items()}
            for args in self.stand_ins
        )
        if list(first) != list(second):
            raise ImproperlyConfigured("OneTrip: the builder must return the same queries.")
        quote = connections[using].ops.quote_name
        selects, slots = [], []
        for name, (sql, params) in first.items():
            other_sql, other_params = second[name]
            if sql != other_sql or len(params) != len(other_params):
                raise ImproperlyConfigured(f"OneTrip: query {name!r} changes with its arguments.")
            for value, other in zip(params, other_params, strict=True):
                slots.append(self._slot(name, value, other, first_arguments, second_arguments))
            # SQL Django compiled from the querysets, values as parameters, the name quoted.
            selects.append(f"(SELECT json_agg(r)::text FROM ({sql}) AS r) AS {quote(name)}")  # noqa: S608
        return "SELECT " + ", ".join(selects), slots, list(first)

    @staticmethod
    def _slot(name, value, other, first_arguments, second_arguments) -> tuple[bool, object]:
        """(True, argument name) where the parameter is an argument; (False, value) where it is
        the same in both compilations."""
        for argument, stand_in in first_arguments.items():
            if type(value) is type(stand_in) and value == stand_in:
                if other == second_arguments[argument]:
                    return True, argument
                break
        if type(value) is type(other) and value == other:
            return False, value
        raise ImproperlyConfigured(
            f"OneTrip: query {name!r} has a parameter derived from an argument ({value!r}); "
            "pass it as an argument of its own."
        )
