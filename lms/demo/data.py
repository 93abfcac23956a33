"""The demo's story, read from the TOML files in lms/demo/data/ into the dataclasses that play it.

A table becomes the dataclass its place calls for: its keys are the fields (a field with a
default may be left out), strings become enum members by their value, TOML dates and times
become dates and times, arrays become tuples. Anything else is refused with the file, the place
in it and what is wrong, before the story is played.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import tomllib
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import click

T = TypeVar("T")

DATA_DIR = Path(__file__).parent / "data"


class DemoDataError(click.ClickException):
    """A data file the demo cannot read. A ClickException, so that `flask lms demo` says which
    file and what is wrong, and stops before committing anything."""

    def __init__(self, path: Path, place: str, problem: str) -> None:
        super().__init__(f"{path}: {place}: {problem}" if place else f"{path}: {problem}")


def load(name: str, shape: type[T]) -> T:
    """The file ``name`` of the data folder, as a ``shape`` (a dataclass)."""
    path = DATA_DIR / name
    try:
        with path.open("rb") as file:
            table = tomllib.load(file)
    except FileNotFoundError:
        raise DemoDataError(path, "", "no such file") from None
    except tomllib.TOMLDecodeError as error:
        raise DemoDataError(path, "", f"not valid TOML: {error}") from None
    return typing.cast(T, _Reader(path).read(table, shape, ""))


@functools.cache
def _fields(shape: type) -> tuple[dict[str, Any], frozenset[str]]:
    """A dataclass's fields with their types, and those that have no default."""
    hints = typing.get_type_hints(shape)
    fields = [field for field in dataclasses.fields(shape) if field.init]
    required = frozenset(field.name for field in fields
                         if field.default is dataclasses.MISSING
                         and field.default_factory is dataclasses.MISSING)
    return {field.name: hints[field.name] for field in fields}, required


@functools.cache
def _members(shape: type[enum.Enum]) -> dict[str, enum.Enum]:
    """An enum's members by value ("country_report"), or for an enum of numbers by name in
    lowercase ("fluent")."""
    return {member.value if isinstance(member.value, str) else member.name.lower(): member
            for member in shape}


_SCALARS: dict[type, str] = {str: "text", int: "a whole number", float: "a number",
                             bool: "true or false", dt.date: "a date (2019-03-14)",
                             dt.datetime: "a date and time (2019-03-14T10:00:00Z)"}


def _at(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, place: str, problem: str) -> typing.NoReturn:
        raise DemoDataError(self.path, place, problem)

    def read(self, value: Any, shape: Any, place: str) -> Any:
        origin, args = typing.get_origin(shape), typing.get_args(shape)
        if shape is Any:
            return value
        if origin in (typing.Union, types.UnionType):  # only `X | None`: TOML has no null
            return self.read(value, next(arg for arg in args if arg is not type(None)), place)
        if dataclasses.is_dataclass(shape):
            return self.table(value, typing.cast(type, shape), place)
        if origin is tuple or origin is list:
            if not isinstance(value, list):
                self.fail(place, f"must be an array, not {value!r}")
            if origin is tuple and args[-1] is not Ellipsis:
                if len(value) != len(args):
                    self.fail(place, f"must have {len(args)} entries, not {len(value)}")
                kinds = args
            else:
                kinds = (args[0],) * len(value)
            items = [self.read(item, kind, f"{place}[{index}]")
                     for index, (item, kind) in enumerate(zip(value, kinds, strict=True))]
            return tuple(items) if origin is tuple else items
        if origin is dict:
            if not isinstance(value, dict):
                self.fail(place, f"must be a table, not {value!r}")
            return {self.read(key, args[0], _at(place, key)): self.read(item, args[1],
                                                                        _at(place, key))
                    for key, item in value.items()}
        if isinstance(shape, type) and issubclass(shape, enum.Enum):
            return self.member(value, shape, place)
        return self.scalar(value, shape, place)

    def table(self, value: Any, shape: type, place: str) -> Any:
        if not isinstance(value, dict):
            self.fail(place, f"must be a table, not {value!r}")
        fields, required = _fields(shape)
        for key in value:
            if key not in fields:
                self.fail(place, f"unknown key '{key}' (allowed: {', '.join(sorted(fields))})")
        for key in sorted(required - value.keys()):
            self.fail(place, f"missing required key '{key}'")
        return shape(**{key: self.read(item, fields[key], _at(place, key))
                        for key, item in value.items()})

    def member(self, value: Any, shape: type[enum.Enum], place: str) -> enum.Enum:
        names = _members(shape)
        if not isinstance(value, str) or value not in names:
            self.fail(place, f"must be one of {', '.join(names)}, not {value!r}")
        return names[value]

    def scalar(self, value: Any, shape: type, place: str) -> Any:
        if shape not in _SCALARS:
            raise TypeError(f"the demo's data cannot hold a {shape!r} (at {place})")
        # A bool is an int, and a datetime a date, to Python: not to the story.
        wrong = (not isinstance(value, shape) or (isinstance(value, bool) and shape is not bool)
                 or (isinstance(value, dt.datetime) and shape is dt.date))
        if shape is float and isinstance(value, int) and not isinstance(value, bool):
            wrong = False
        if wrong:
            self.fail(place, f"must be {_SCALARS[shape]}, not {value!r}")
        return value
