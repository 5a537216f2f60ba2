"""
The argument checks of the public entry points: one small vocabulary, in attrs' style.

A validator is a frozen value with a readable ``repr``, called as ``validator(name, value)``: it
returns the value when it is accepted and raises otherwise, with the parameter's name, the value
received and what is accepted.  The error class follows the mistake, the same everywhere:

* a value of the wrong type (``None`` where a ``Case`` is expected, a ``str`` where a ``Channel``
  is) raises :class:`~dunning_core.errors.ArgumentTypeError`, whichever function received it;
* a value of the right type but out of what is accepted raises the class the validator was built
  with (:class:`~dunning_core.errors.InvalidArgument` by default, ``PolicyError`` for a policy...).

Private: the public entry points call them once, at the door; the code behind trusts its inputs.

>>> from datetime import date
>>> is_day = instance_of(date, accepted="a datetime.date")
>>> is_day
<instance_of(date): a datetime.date>
>>> is_day("today", date(2026, 12, 4))
datetime.date(2026, 12, 4)
>>> is_day("today", "2026-12-04")
Traceback (most recent call last):
...
dunning_core.errors.ArgumentTypeError: today: a datetime.date (got '2026-12-04')
>>> days = int_between(1, 15)
>>> days("deadline_days", 30)
Traceback (most recent call last):
...
dunning_core.errors.InvalidArgument: deadline_days: an int between 1 and 15 (got 30)
>>> days("deadline_days", True)
Traceback (most recent call last):
...
dunning_core.errors.ArgumentTypeError: deadline_days: an int between 1 and 15, not a bool (got True)
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, Generic, TypeVar, cast

import attrs

from dunning_core.errors import ArgumentTypeError, DunningError, InvalidArgument

__all__ = [
    "ErrorFactory",
    "InstanceOf",
    "IntBetween",
    "OneOf",
    "Optional",
    "Validator",
    "attrs_field",
    "instance_of",
    "int_between",
    "items_of",
    "mapping_of",
    "one_of",
    "optional",
]

T = TypeVar("T")

Validator = Callable[[str, object], Any]
"""What every validator is: ``validator(name, value) -> value``, or an exception."""

ErrorFactory = Callable[[str, Any, str], Exception]
"""How a validator builds the error of a value out of range: ``(name, value, accepted)``;
an error class of the ``InvalidArgument`` family fits as it is."""


def _names(types: tuple[type, ...]) -> str:
    return ", ".join(t.__name__ for t in types)


@attrs.frozen(repr=False)
class InstanceOf(Generic[T]):
    """Accepts an instance of *types* (a ``bool`` is not an ``int`` here); else a type error."""

    types: tuple[type, ...]
    accepted: str

    def __call__(self, name: str, value: object) -> T:
        if isinstance(value, self.types) and not (
            isinstance(value, bool) and bool not in self.types and int in self.types
        ):
            return cast(T, value)
        raise ArgumentTypeError(name, value, self.accepted)

    def __repr__(self) -> str:
        return f"<instance_of({_names(self.types)}): {self.accepted}>"


def instance_of(kind: type[T], /, *more: type, accepted: str) -> InstanceOf[T]:
    """A validator of the type (or types): *accepted* says in words what is accepted."""
    return InstanceOf((kind, *more), accepted)


@attrs.frozen(repr=False)
class Optional:
    """Accepts ``None`` or what *validator* accepts."""

    validator: Validator

    def __call__(self, name: str, value: object) -> Any:
        return None if value is None else self.validator(name, value)

    def __repr__(self) -> str:
        return f"<optional({self.validator!r})>"


def optional(validator: Validator) -> Optional:
    """``None``, or what *validator* accepts."""
    return Optional(validator)


@attrs.frozen(repr=False)
class OneOf:
    """Accepts one of *choices* (compared with ``==``); else *error*."""

    choices: Collection[object]
    accepted: str
    error: ErrorFactory = InvalidArgument

    def __call__(self, name: str, value: object) -> Any:
        try:
            if value in self.choices:
                return value
        except TypeError:  # an unhashable value asked of a set: not one of them either
            pass
        error = self.error(name, value, self.accepted)
        if isinstance(error, DunningError):  # said in the reader's language (display)
            shown = tuple(str(getattr(choice, "value", choice)) for choice in self.choices)
            data = (("name", name), ("value", value), ("accepted", shown))
            error._data("not_one_of", data)
        raise error

    def __repr__(self) -> str:
        return f"<one_of: {self.accepted}>"


def one_of(
    choices: Collection[object], *, accepted: str, error: ErrorFactory = InvalidArgument
) -> OneOf:
    """A validator of a closed set of values."""
    return OneOf(choices, accepted, error)


@attrs.frozen(repr=False)
class IntBetween:
    """Accepts an ``int`` from *low* to *high* inclusive; a ``bool`` or a non-int is a type error."""

    low: int
    high: int
    error: ErrorFactory = InvalidArgument

    @property
    def accepted(self) -> str:
        return f"an int between {self.low} and {self.high}"

    def __call__(self, name: str, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            kind = "a bool" if isinstance(value, bool) else type(value).__name__
            raise ArgumentTypeError(name, value, f"{self.accepted}, not {kind}")
        if not self.low <= value <= self.high:
            error = self.error(name, value, self.accepted)
            if isinstance(error, DunningError):  # said in the reader's language (display)
                data = (("name", name), ("value", value), ("low", self.low), ("high", self.high))
                error._data("out_of_range", data)
            raise error
        return value

    def __repr__(self) -> str:
        return f"<int_between({self.low}, {self.high})>"


def int_between(low: int, high: int, *, error: ErrorFactory = InvalidArgument) -> IntBetween:
    """A validator of a bounded ``int``."""
    return IntBetween(low, high, error)


def attrs_field(validator: Validator) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """*validator* as an attrs field validator: the field's name names the value."""

    def check(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        validator(attribute.name.lstrip("_"), value)

    return check


def items_of(name: str, value: object, item: Validator, *, accepted: str) -> tuple[Any, ...]:
    """
    *value* as a tuple, each item checked by *item* (named ``name[i]``).

    A ``str``, ``bytes`` or a non-iterable is a type error: a single value where many are
    expected is the usual mistake.
    """
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ArgumentTypeError(name, value, accepted)
    items = tuple(value)
    for index, one in enumerate(items):
        item(f"{name}[{index}]", one)
    return items


def mapping_of(
    name: str, value: object, key: Validator, item: Validator, *, accepted: str
) -> Mapping[Any, Any]:
    """*value* if it is a mapping whose keys and values pass *key* and *item*."""
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(name, value, accepted)
    for k, v in value.items():
        key(f"{name} key", k)
        item(f"{name}[{k!r}]", v)
    return value
