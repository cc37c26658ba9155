"""Row records: a table's row is a frozen dataclass, and its ``pyarrow`` schema is derived from it.

A record's fields are the table's columns, in order (a base record's fields first). A field's
Python type gives the column's Arrow type and ``| None`` makes it nullable; its description is
``col("...")``, kept in the Arrow field's metadata::

    @record
    class SilverFix:
        doc_id: str = col("bronze documents.doc_id")
        seq: Int32 = col("order in which the rule ran")
        example_before: str | None = col("one place it changed, before")

``str``, ``bytes``, ``bool``, ``datetime.date`` and ``datetime.datetime`` (a UTC timestamp in
microseconds) map to one Arrow type each; numbers name their width (:data:`Int32`,
:data:`Int64`, :data:`Float32`); ``list[X]`` is an Arrow list and a nested record (declared
with plain annotations) a struct. Records are keyword-only, so adding a column never
shifts another's value.

:func:`to_arrow` turns records into a ``pa.Table`` column by column: Arrow checks each
value's type as it builds a column, and a required column holding a null is refused as a
whole, so there is no check per row in Python.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter
from typing import Annotated, Any, TypeVar

import pyarrow as pa

from .errors import SchemaMismatchError

UTC_TS = pa.timestamp("us", tz="UTC")
Int32 = Annotated[int, pa.int32()]
Int64 = Annotated[int, pa.int64()]
Float32 = Annotated[float, pa.float32()]

_PLAIN: dict[Any, pa.DataType] = {
    str: pa.string(),
    bytes: pa.binary(),
    bool: pa.bool_(),
    dt.date: pa.date32(),
    dt.datetime: UTC_TS,
}

R = TypeVar("R")


def record(cls: type[R]) -> type[R]:
    """Declare a row record: a frozen, slotted, keyword-only dataclass.

    Its ``__init__`` sets the slots directly (a frozen dataclass's own goes through
    ``object.__setattr__`` per field, half again as slow: a stage builds a record per row).
    """
    cls = dataclasses.dataclass(frozen=True, slots=True, kw_only=True)(cls)
    fields = dataclasses.fields(cls)
    plain = all(
        f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING and f.init
        for f in fields
    )
    names = [f.name for f in fields]
    if plain and names and not hasattr(cls, "__post_init__"):
        setters = {f"_set_{n}": getattr(cls, n).__set__ for n in names}  # the slots' descriptors
        body = "".join(f"\n    _set_{n}(self, {n})" for n in names)
        exec(f"def __init__(self, *, {', '.join(names)}):{body}", setters)  # as dataclasses does
        init = setters["__init__"]
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
    return cls


def col(description: str) -> Any:
    """A column's description (the field has no default: every row names every column)."""
    return dataclasses.field(metadata={"description": description})


def _arrow_type(hint: Any, where: str) -> tuple[pa.DataType, bool]:
    """The Arrow type of a field's annotation, and whether it is nullable."""
    nullable = False
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) != 1 or len(args) == len(typing.get_args(hint)):
            raise TypeError(f"{where}: {hint} is not one type or None; give the column one type.")
        nullable, hint = True, args[0]
    if typing.get_origin(hint) is Annotated:
        arrow = next((m for m in hint.__metadata__ if isinstance(m, pa.DataType)), None)
        if arrow is None:
            raise TypeError(f"{where}: {hint} names no Arrow type; use Int32, Int64 or Float32.")
        return arrow, nullable
    if typing.get_origin(hint) is list:
        (item,) = typing.get_args(hint)
        return pa.list_(_arrow_type(item, where)[0]), nullable
    if dataclasses.is_dataclass(hint):
        return pa.struct(list(_fields(hint, with_descriptions=False))), nullable
    if hint in _PLAIN:
        return _PLAIN[hint], nullable
    raise TypeError(f"{where}: no Arrow type for {hint!r}; numbers take Int32, Int64 or Float32.")


def _fields(cls: type, with_descriptions: bool = True):
    hints = typing.get_type_hints(cls, include_extras=True)
    for f in dataclasses.fields(cls):
        type_, nullable = _arrow_type(hints[f.name], f"{cls.__name__}.{f.name}")
        desc = f.metadata.get("description")
        meta = {"description": desc} if with_descriptions and desc is not None else None
        yield pa.field(f.name, type_, nullable=nullable, metadata=meta)


def _nested(hint: Any) -> Callable[[Any], Any] | None:
    """How to give Arrow a value of a field holding nested records (as tuples); None: as it is."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if typing.get_origin(hint) is list:
        inner = _nested(typing.get_args(hint)[0])
        return None if inner is None else lambda v: None if v is None else [inner(x) for x in v]
    if dataclasses.is_dataclass(hint):
        names = [f.name for f in dataclasses.fields(hint)]
        return lambda v: None if v is None else tuple(getattr(v, n) for n in names)
    return None


@cache
def _converters(cls: type) -> tuple[Callable[[Any], Any] | None, ...]:
    hints = typing.get_type_hints(cls, include_extras=True)
    return tuple(_nested(hints[f.name]) for f in dataclasses.fields(cls))


@cache
def schema_of(cls: type) -> pa.Schema:
    """The Arrow schema of a record class: one field per dataclass field, with its description."""
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls!r} is not a record (declare it with @record)")
    return pa.schema(list(_fields(cls)))


def to_arrow(cls: type[R], records: Sequence[R], where: str = "") -> pa.Table:
    """``records`` (all of class ``cls``) as an Arrow table with the schema of ``cls``, column by column."""
    schema = schema_of(cls)
    where = where or cls.__name__
    if not records:
        return schema.empty_table()
    if not all(type(r) is cls for r in records):
        other = next(type(r).__name__ for r in records if type(r) is not cls)
        raise SchemaMismatchError(
            f"{where}: got a {other} row among {cls.__name__} rows; build {cls.__name__}s."
        )
    arrays = []
    for fld, convert in zip(schema, _converters(cls), strict=True):
        values = list(map(attrgetter(fld.name), records))
        if convert is not None:
            values = [convert(v) for v in values]
        try:
            arr = pa.array(values, type=fld.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError) as e:
            raise SchemaMismatchError(f"{where}.{fld.name}: {e}; give it {fld.type} values.") from e
        if not fld.nullable and arr.null_count:
            raise SchemaMismatchError(
                f"{where}.{fld.name} is required but {arr.null_count} row(s) hold None; give every row a value."
            )
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)
