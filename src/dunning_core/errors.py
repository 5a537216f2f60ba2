"""
Every exception and warning that ``dunning_core`` raises on purpose.

One root, :class:`DunningError`, so that ``except DunningError`` catches all of them; each leaf also
subclasses the builtin it resembles (``ValueError``, ``TypeError``, ``LookupError``), so code that
already catches those keeps working.  Each exception keeps the offending data as attributes and its
message says what was wrong, what was received and what is accepted.

This module imports nothing from the package (it is the bottom layer).

>>> from decimal import Decimal
>>> from dunning_core.money import to_amount
>>> try:
...     to_amount(12.5)
... except DunningError as e:
...     print(type(e).__name__, isinstance(e, TypeError))
AmountTypeError True
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "AmountTypeError",
    "ArgumentTypeError",
    "CurrencyMismatch",
    "DateTypeError",
    "DunningDeprecationWarning",
    "DunningError",
    "DunningWarning",
    "IllegalTransition",
    "InvalidAmount",
    "InvalidArgument",
    "InvalidDate",
    "InvalidPayment",
    "InvalidTerms",
    "MissingExchangeRate",
    "PolicyError",
    "PortfolioError",
    "ProvisionalAmounts",
    "RateTableError",
    "RateUnavailable",
    "SerializationError",
    "TemplateError",
]


def _rebuilt(kind: type[DunningError], args: tuple[Any, ...]) -> DunningError:
    """An error of *kind* with the message *args*, its attributes set by pickle afterwards."""
    error = kind.__new__(kind)
    error.args = args
    return error


class DunningError(Exception):
    """
    Base of every exception ``dunning_core`` raises on purpose.

    Never raised itself: catch it to catch them all.

    Every one pickles with its message and attributes (a Dask worker sends it back to the
    client so): it is rebuilt from them, not by calling ``__init__`` with the message.

    >>> import pickle
    >>> error = pickle.loads(pickle.dumps(PolicyError("steps", "at least one step")))
    >>> error.field, error.rule, str(error)
    ('steps', 'at least one step', 'steps: at least one step')

    Besides its attributes, an error may carry what was wrong as data for the display layer:
    ``code`` names the mistake (``"not_a_date"``, ``"not_one_of"``...) and ``params`` holds its
    parameters as (name, value) pairs, so that the command line and the portfolio's error lists
    show it in the reader's language (``display/_errors.py``) instead of the English message.
    An error without a code (``""``) is shown from its class and attributes.

    >>> error = InvalidDate("2026-02-30", "not a calendar date", code="not_a_calendar_date")
    >>> error.code, pickle.loads(pickle.dumps(error)).code, PolicyError("steps", "none").code
    ('not_a_calendar_date', 'not_a_calendar_date', '')
    """

    code: str = ""
    params: tuple[tuple[str, Any], ...] = ()

    def _data(self, code: str, params: tuple[tuple[str, Any], ...]) -> None:
        """Keep *code* and *params* (only when given: the class defaults are empty)."""
        if code:
            self.code = code
        if params:
            self.params = tuple(params)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.args), self.__dict__)


class InvalidArgument(DunningError, ValueError):
    """
    An argument that is neither an amount nor a date is out of what is accepted.

    Attributes:
        name: the parameter's name.
        value: what was received.
        reason: what is accepted.
    """

    def __init__(
        self,
        name: str,
        value: Any,
        reason: str,
        *,
        code: str = "",
        params: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        super().__init__(f"{name}: {reason} (got {value!r})")
        self._data(code, params)


class ArgumentTypeError(InvalidArgument, TypeError):
    """
    An argument of the wrong type (``None`` where a ``Case`` or a ``Policy`` is expected...).

    >>> raise ArgumentTypeError("policy", None, "a Policy such as french_default()")
    Traceback (most recent call last):
    ...
    dunning_core.errors.ArgumentTypeError: policy: a Policy such as french_default() (got None)
    """


class InvalidAmount(DunningError, ValueError):
    """
    An amount of money that cannot be used: NaN, infinity, negative, too many decimals...

    Attributes:
        value: what was received.
        reason: what was wrong and what is accepted.
    """

    def __init__(
        self, value: Any, reason: str, *, code: str = "", params: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{reason} (got {value!r})")
        self._data(code, params)


class AmountTypeError(InvalidAmount, TypeError):
    """
    An amount of the wrong type, a ``float`` above all.

    Money is :class:`decimal.Decimal`: floats cannot represent cents exactly, so they are refused
    rather than silently converted.
    """


class CurrencyMismatch(DunningError, ValueError):
    """
    Two amounts in different currencies were combined.

    Attributes:
        left: the first currency code.
        right: the second currency code.
    """

    def __init__(self, left: str, right: str) -> None:
        self.left = left
        self.right = right
        super().__init__(f"cannot combine amounts in {left} and {right}; convert one of them first")


class InvalidDate(DunningError, ValueError):
    """
    A date that cannot be used: impossible order (paid before issued...), out of range.

    Attributes:
        value: what was received.
        reason: what was wrong and what is accepted.
    """

    def __init__(
        self, value: Any, reason: str, *, code: str = "", params: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{reason} (got {value!r})")
        self._data(code, params)


class DateTypeError(InvalidDate, TypeError):
    """A date of the wrong type: a string, a ``datetime``, ``None``..."""


class InvalidPayment(DunningError, ValueError):
    """
    A payment that cannot be applied: larger than what is owed, dated after the evaluation date...

    Attributes:
        payment: the offending payment.
        reason: what was wrong and what is accepted.
    """

    def __init__(
        self, payment: Any, reason: str, *, code: str = "", params: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.payment = payment
        self.reason = reason
        super().__init__(f"{reason} (got {payment!r})")
        self._data(code, params)


class InvalidTerms(DunningError, ValueError):
    """
    Payment terms that cannot be built or read (*délais de paiement*).

    Not to be confused with compliance findings: terms longer than the law allows are built fine
    and reported by :func:`dunning_core.terms.check_terms`.

    Attributes:
        value: what was received (the text, for :meth:`PaymentTerms.parse`).
        reason: what was wrong and what is accepted.
    """

    def __init__(
        self, value: Any, reason: str, *, code: str = "", params: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"{reason} (got {value!r})")
        self._data(code, params)


class RateTableError(DunningError, ValueError):
    """
    A rate table that is malformed: a bad row, periods that overlap or leave a gap.

    Attributes:
        series: the table's series name.
        reason: what was wrong and what is accepted.
        row: the offending row (line number or value), when there is one.
    """

    def __init__(
        self,
        series: str,
        reason: str,
        row: Any = None,
        *,
        code: str = "",
        params: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        self.series = series
        self.reason = reason
        self.row = row
        where = f" at {row}" if row is not None else ""
        super().__init__(f"rate table {series!r}{where}: {reason}")
        self._data(code, params)


class RateUnavailable(DunningError, LookupError):
    """
    No published rate covers a date: the tables stop before it (or start after it).

    Nothing is extrapolated. The message names the missing half-year and how to supply it.

    Attributes:
        series: the table's series name.
        period: the missing half-year, such as ``"2026-H2"`` (or the date, before 2013).
        hint: how to supply the rate.
    """

    def __init__(
        self,
        series: str,
        period: str,
        hint: str,
        *,
        code: str = "",
        params: tuple[tuple[str, Any], ...] = (),
    ) -> None:
        self.series = series
        self.period = period
        self.hint = hint
        super().__init__(f"no {series} rate is known for {period}; {hint}")
        self._data(code, params)


class ProvisionalAmounts(DunningError, ValueError):
    """
    Amounts priced on a rate assumed, not published, where exact sums are required (a letter).

    Attributes:
        periods: the half-years whose rate was assumed, such as ``"2026-H2"``.
    """

    def __init__(self, periods: str) -> None:
        self.periods = periods
        super().__init__(
            f"the amounts of {periods} rest on a rate assumed unchanged, not published; a letter "
            "claims exact sums: record the published rate (dunning rates update / add-legal, "
            "RateBook.with_ecb_decision / with_legal_rates), or pass allow_provisional=True to "
            "print them as provisional"
        )


class MissingExchangeRate(DunningError, ValueError):
    """
    A claim in a foreign currency declared in a collective procedure without the exchange rate:
    it is declared in euros, converted at the rate of the opening judgment's date (C. com.
    L622-25), and the library reads no rate from anywhere.

    Attributes:
        currency: the claim's currency (ISO 4217).
        on: the date of the opening judgment, whose rate is needed.
    """

    def __init__(self, currency: str, on: object) -> None:
        self.currency = currency
        self.on = on
        super().__init__(
            f"a claim in {currency} is declared in euros, converted at the exchange rate of the "
            f"opening judgment's date {on} (C. com. L622-25): pass exchange_rate=Decimal(...), "
            f"the euros for one {currency} on that day (the ECB reference rate, for one)"
        )


class PolicyError(DunningError, ValueError):
    """
    A dunning policy that cannot work, found when it is defined.

    Attributes:
        field: the policy field (or step) at fault.
        rule: the rule it breaks.
    """

    def __init__(self, field: str, rule: str) -> None:
        self.field = field
        self.rule = rule
        super().__init__(f"{field}: {rule}")


class IllegalTransition(DunningError, ValueError):
    """
    An event that the case's stage does not allow, found when it is applied.

    Attributes:
        stage: the case's stage.
        event: the refused event.
        reason: why it was refused.
        article: the :class:`~dunning_core.law.Article` behind the rule, or ``None``.
        why: the refusal as data, a :class:`~dunning_core.machine.Reason` (its code, parameters
            and article), for a message in the reader's language; ``None`` if not given.
    """

    def __init__(
        self, stage: Any, event: Any, reason: str, article: Any = None, *, why: Any = None
    ) -> None:
        self.stage = stage
        self.event = event
        self.reason = reason
        self.article = article
        self.why = why
        cited = f" ({article})" if article is not None else ""
        super().__init__(f"cannot apply {event!r} at stage {stage}: {reason}{cited}")


class SerializationError(DunningError, ValueError):
    """
    JSON that cannot be read back: malformed, an unknown or newer schema, a missing field.

    Attributes:
        path: a JSON pointer to the offending node (``""`` for the document).
        reason: what was wrong and what is accepted.
        schema_version: the document's schema version, when it could be read.
    """

    def __init__(self, path: str, reason: str, schema_version: Any = None) -> None:
        self.path = path
        self.reason = reason
        self.schema_version = schema_version
        super().__init__(f"at {path or '/'}: {reason}")


class PortfolioError(DunningError, ValueError):
    """
    A portfolio file that cannot be read at all: empty, unknown or missing columns.

    A malformed *row* is not raised: it is reported with its line number and the rest of the file
    is read (see :func:`dunning_core.portfolio_io.read_portfolio`).

    Attributes:
        line: the line number at fault (1 for the header).
        reason: what was wrong and what is accepted.
    """

    def __init__(
        self, line: int, reason: str, *, code: str = "", params: tuple[tuple[str, Any], ...] = ()
    ) -> None:
        self.line = line
        self.reason = reason
        super().__init__(f"line {line}: {reason}")
        self._data(code, params)


class TemplateError(DunningError, ValueError):
    """
    A letter template that cannot be used: a required mention (placeholder) is missing, a
    placeholder is unknown, or a ``$`` is not followed by a placeholder name.

    Attributes:
        template: the template's name (its letter kind, such as ``"formal_notice"``).
        reason: what was wrong and what is accepted.
        mention: the placeholder at fault, or ``None``.
    """

    def __init__(self, template: str, reason: str, mention: str | None = None) -> None:
        self.template = template
        self.reason = reason
        self.mention = mention
        super().__init__(f"template {template!r}: {reason}")


class DunningWarning(UserWarning):
    """Base of every warning ``dunning_core`` emits: one filter escalates them all."""


class DunningDeprecationWarning(DunningWarning):
    """
    A public name or behaviour that will go away.

    Deliberately not a :class:`DeprecationWarning`, so that users see it.
    """
