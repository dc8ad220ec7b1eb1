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

A queryset of model instances (no ``values()``; ``select_related`` and annotations allowed)
comes back from ``read`` as model instances, built as Django builds them: each column read
back to the type the database driver gives (by its field), then the field's own converters,
``Model.from_db`` and the related objects. Its ``prefetch_related`` lookups run after, as
extra queries. JSON need not keep a subquery's order: callers sort (``read`` does not).
"""

import datetime
import functools
import json
import threading
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.query import FlatValuesListIterable, ModelIterable, get_related_populators
from django.utils.dateparse import parse_duration


def as_date(value) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


def as_datetime(value) -> datetime.datetime | None:
    if value is None or isinstance(value, datetime.datetime):
        return value
    return datetime.datetime.fromisoformat(value)


class _Pairs(list):
    """A JSON object as it was read: its (name, value) pairs in order, duplicates kept."""


def _plain(value):
    """A value inside a row (a JSON column) as ``json.loads`` would give it."""
    if type(value) is _Pairs:
        return {name: _plain(item) for name, item in value}
    if type(value) is list:
        return [_plain(item) for item in value]
    return value


def _row_values(row: _Pairs) -> list:
    """A row as the list of its values, in column order (duplicate column names kept)."""
    return [_plain(value) if type(value) in (_Pairs, list) else value for _name, value in row]


def _json_text(value) -> str | None:
    # A JSON column arrives parsed; the field's own converter reads it from text, as from the
    # driver (which Django asks to leave JSON as text). Its numbers were read as Decimal; as
    # floats they are what json.loads gives for the same text.
    return None if value is None else json.dumps(value, default=float)


def _time(value):
    return (
        value
        if value is None or isinstance(value, datetime.time)
        else datetime.time.fromisoformat(value)
    )


def _uuid(value):
    return value if value is None or isinstance(value, uuid.UUID) else uuid.UUID(value)


def _decimal(value):
    return value if value is None or isinstance(value, Decimal) else Decimal(value)


def _float(value):
    return value if value is None else float(value)


def _duration(value):
    return (
        value if value is None or isinstance(value, datetime.timedelta) else parse_duration(value)
    )


def _as_is(value):
    return value


# How a column's JSON value becomes what psycopg gives for it, by the field's internal type.
_READERS = {
    "DateTimeField": as_datetime,
    "DateField": as_date,
    "TimeField": _time,
    "UUIDField": _uuid,
    "DecimalField": _decimal,
    "FloatField": _float,
    "DurationField": _duration,
    "JSONField": _json_text,
    **dict.fromkeys(
        (
            "AutoField",
            "BigAutoField",
            "SmallAutoField",
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
            "BooleanField",
            "CharField",
            "TextField",
            "SlugField",
            "EmailField",
            "URLField",
            "FilePathField",
            "FileField",
            "ImageField",
            "GenericIPAddressField",
        ),
        _as_is,
    ),
}


def _reader(name: str, expression):
    field = expression.output_field
    while field.is_relation and getattr(field, "target_field", None) is not None:
        field = field.target_field
    internal = field.get_internal_type()
    if internal not in _READERS:
        raise ImproperlyConfigured(
            f"OneTrip: query {name!r} selects a {internal} ({expression}), which cannot be "
            "read back from JSON here; leave it out (only()/defer()) or read it apart."
        )
    return _READERS[internal]


class _Flat:
    """``values_list(name, flat=True)``: each row's one value, as the queryset gives it."""

    def build(self, rows: list[list], using: str) -> list:
        return [value for (value,) in rows]


class _Instances:
    """Builds a model queryset's instances from its rows, as ``ModelIterable`` does, with
    what the compiler worked out once (columns, related objects, converters)."""

    def __init__(self, name: str, queryset: QuerySet, compiler, using: str):
        if queryset._known_related_objects:
            raise ImproperlyConfigured(
                f"OneTrip: query {name!r} comes from a related manager; filter the model's own."
            )
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.related = get_related_populators(klass_info, select, using)
        self.annotations = list(compiler.annotation_col_map.items())
        columns = [column[0] for column in select[: compiler.col_count]]
        self.readers = [_reader(name, expression) for expression in columns]
        self.converters = list(compiler.get_converters(columns).items())
        self.prefetch = list(queryset._prefetch_related_lookups)

    def build(self, rows: list[list], using: str) -> list:
        connection = connections[using]
        readers, converters = self.readers, self.converters
        instances = []
        for values in rows:
            row = [read(value) for read, value in zip(readers, values, strict=False)]
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            instance = self.model.from_db(using, self.init_list, row[self.start : self.end])
            for populator in self.related:
                populator.populate(row, instance)
            for attribute, position in self.annotations:
                setattr(instance, attribute, row[position])
            instances.append(instance)
        if self.prefetch and instances:
            prefetch_related_objects(instances, *self.prefetch)
        return instances


def together(*parts: Mapping[str, QuerySet]) -> dict[str, QuerySet]:
    """Builders' querysets in one dict, for one statement; a name used twice is refused (the
    second would silently replace the first)."""
    joined: dict[str, QuerySet] = {}
    for part in parts:
        for name, queryset in part.items():
            if name in joined:
                raise ImproperlyConfigured(f"OneTrip: two queries are named {name!r}.")
            joined[name] = queryset
    return joined


@functools.cache
def _prepared_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparedCursor(ServerBindingCursor):
        logged_by = None  # the connection, when its queries are logged

        def execute(self, query, params=None, **options):
            result = super().execute(query, params, prepare=True)
            if self.logged_by is not None:
                # psycopg keeps no text of a prepared query; the query log (and the tests'
                # query counts) show it with its values, as every other query.
                text = self.logged_by.ops.compose_sql(query, params)
                self._query = _LoggedQuery(text.encode())
            return result

    return PreparedCursor


@dataclass(frozen=True)
class _LoggedQuery:
    query: bytes


def _prepared_cursor(connection):
    """A cursor that sends the values apart from the statement and has PostgreSQL prepare it
    once per connection (where the connection allows prepared statements: psycopg's
    ``prepare_threshold`` is set, cms/settings/base.py), wrapped as Django wraps its own:
    execute wrappers, the query log, errors as Django's."""
    connection.validate_thread_sharing()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        cursor = _prepared_cursor_class()(connection.connection)
    if connection.queries_logged:
        cursor.logged_by = connection
        return connection.make_debug_cursor(cursor)
    return connection.make_cursor(cursor)


def _loads(text: str) -> list:
    return json.loads(text, parse_float=Decimal, object_pairs_hook=_Pairs)


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
        self._compiled: dict[str, tuple[str, list, list[str], dict]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def supported(using: str = "default") -> bool:
        return connections[using].vendor == "postgresql"

    def rows(self, using: str = "default", **arguments) -> dict[str, list[list]]:
        """Each query's rows, by name, as lists of values in the order of its columns."""
        sql, slots, names, _instances = self._statement(using)
        missing = set(self.stand_ins[0]) - set(arguments)
        if missing or set(arguments) - set(self.stand_ins[0]):
            raise TypeError(f"OneTrip needs exactly the arguments {sorted(self.stand_ins[0])}")
        params = [arguments[slot] if is_argument else slot for is_argument, slot in slots]
        with _prepared_cursor(connections[using]) as cursor:
            cursor.execute(sql, params)
            (texts,) = cursor.fetchall()
        return {
            name: [_row_values(row) for row in _loads(text)] if text else []
            for name, text in zip(names, texts, strict=True)
        }

    def read(self, *, one_trip: bool | None = None, using: str = "default", **arguments) -> dict:
        """The rows of every query: in one statement where the database allows it (unless
        ``one_trip`` says otherwise), else one query each (tuples, Python's own values). A
        query of model instances gives model instances either way, a flat one its values."""
        if one_trip is None:
            one_trip = self.supported(using)
        if not one_trip:
            return {name: list(qs.using(using)) for name, qs in self.build(**arguments).items()}
        rows = self.rows(using, **arguments)
        for name, instances in self._statement(using)[3].items():
            rows[name] = instances.build(rows[name], using)
        return rows

    def sql(self, using: str = "default") -> str:
        """The statement as compiled (for tests and EXPLAIN)."""
        return self._statement(using)[0]

    def _statement(self, using: str) -> tuple[str, list, list[str], dict]:
        compiled = self._compiled.get(using)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(using) or self._compile(using)
                self._compiled[using] = compiled
        return compiled

    def _compile(self, using: str) -> tuple[str, list, list[str], dict]:
        first_arguments, second_arguments = self.stand_ins
        querysets = self.build(**first_arguments)
        compilers = {name: qs.query.get_compiler(using) for name, qs in querysets.items()}
        first = {name: compiler.as_sql() for name, compiler in compilers.items()}
        second = {
            name: qs.query.get_compiler(using).as_sql()
            for name, qs in self.build(**second_arguments).items()
        }
        instances = {
            name: _Instances(name, qs, compilers[name], using)
            if issubclass(qs._iterable_class, ModelIterable)
            else _Flat()
            for name, qs in querysets.items()
            if issubclass(qs._iterable_class, ModelIterable | FlatValuesListIterable)
        }
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
        return "SELECT " + ", ".join(selects), slots, list(first), instances

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
