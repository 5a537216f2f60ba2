"""
Late-payment penalties (*pénalités de retard*), legal interest and the recovery indemnity.

:func:`late_penalties` computes what a late debtor owes on top of the principal, line by line, each
line citing its article.  The semantics are those of ``DESIGN.md`` ("Penalties: exact semantics"):

* interest runs for every day from ``due_on + 1`` to ``paid_on`` inclusive;
* lines split at every rate change (1 January / 1 July for the per-half-year bases), at every
  partial payment (applied at the end of its day) and, under ``ACT_ACT``, at every 31 December;
* ``amount = balance × rate / 100 × days / denominator``, each line rounded half-up to the
  currency's minor unit, ``interest`` the sum of the rounded lines;
* partial payments go to accrued interest first, then to the principal (C. civ. 1343-1);
  interest never bears interest (C. civ. 1343-2);
* the flat 40 € indemnity is owed once per late invoice between professionals and by public
  buyers (D441-5, CCP D2192-35), raised to justified recovery costs above it, never by a consumer;
* every operation on amounts and rates runs in the package's decimal context
  (:data:`dunning_core.money.CONTEXT`, 50 digits, half-up): the caller's
  :func:`decimal.getcontext` never changes a figure, nor the French formatting of ``str()``;
* any ``datetime.date`` is accepted, up to 9999-12-31 (what the rate tables do not cover raises
  :class:`~dunning_core.errors.RateUnavailable`).

>>> from datetime import date
>>> from decimal import Decimal
>>> b = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15))
>>> [(str(line.start), line.days, str(line.rate), str(line.amount)) for line in b.lines]
[('2025-04-01', 91, '13.15', '327.85'), ('2025-07-01', 46, '12.15', '153.12')]
>>> b.interest, b.indemnity, b.total
(Decimal('480.97'), Decimal('40.00'), Decimal('520.97'))
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from types import MappingProxyType
from typing import Any, ClassVar, Final, NoReturn, cast, final

import attrs
from babel.numbers import format_decimal

from dunning_core._i18n import N_, catalog_locale, gettext
from dunning_core._validators import instance_of, optional
from dunning_core.calendar import (
    add_months,
    half_year_end,
    half_year_label,
    half_year_start,
    parse_date,
    to_date,
)
from dunning_core.errors import (
    ArgumentTypeError,
    DunningError,
    InvalidAmount,
    InvalidArgument,
    InvalidDate,
    InvalidPayment,
    RateUnavailable,
)
from dunning_core.format import (
    DEFAULT_LOCALE,
    format_date,
    format_percent,
)
from dunning_core.law import (
    CCP_D2192_35,
    CCP_L2192_13,
    CCP_R2192_31,
    CIV_1231_6,
    CIV_1343_1,
    CMF_L313_2,
    CMF_L313_3,
    CPCE_L111_8,
    D441_5,
    L441_10,
    Article,
    Finding,
    Severity,
)
from dunning_core.money import CONTEXT, check_currency, in_context, minor_units, quantize, to_amount
from dunning_core.rates import (
    ECB_MRO,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    SEMESTER_RULE_FROM,
    STATUTORY,
    RateBook,
    RatePeriod,
    RateTable,
    default_rates,
)

__all__ = [
    "FLAT_INDEMNITY",
    "INDEMNITY_FROM",
    "Allocation",
    "BasisKind",
    "Creditor",
    "DayCount",
    "Payment",
    "PenaltyBasis",
    "PenaltyBreakdown",
    "PenaltyLine",
    "late_penalties",
]

FLAT_INDEMNITY: Final = Decimal("40")
"""The flat recovery indemnity in euros (C. com. D441-5; CCP D2192-35 for public buyers)."""

INDEMNITY_FROM: Final = date(2013, 1, 1)
"""The flat indemnity applies to debts falling due from this day (loi 2012-387, décret 2012-1115)."""

_FLAT_EUR: Final = Decimal("40.00")
_DAY: Final = timedelta(days=1)
_ONE: Final = Decimal(1)
_ZERO: Final = Decimal(0)
_D36500: Final = Decimal(36500)
_D36600: Final = Decimal(36600)
_THREE: Final = Decimal(3)


@final
class DayCount(enum.Enum):
    """
    How a line's days are turned into a fraction of a year.

    * ``ACT_365``: actual days / 365, even in leap years, as the administration's own examples do
      (service-public divides by 36 500).  The default.
    * ``ACT_ACT``: actual days / the length of their own year (366 in a leap year); lines then
      never cross 31 December.

    >>> DayCount.ACT_365.value
    'ACT/365'
    """

    ACT_365 = "ACT/365"
    ACT_ACT = "ACT/ACT"


@final
class Allocation(enum.Enum):
    """
    Which part of the debt a partial payment pays first (*imputation des paiements*).

    * ``INTEREST_FIRST``: the interest accrued at the payment date, then the principal
      (C. civ. 1343-1).  The default.
    * ``PRINCIPAL_FIRST``: the principal, then the accrued interest (by agreement of the parties).

    >>> Allocation.INTEREST_FIRST.value
    'interest_first'
    """

    INTEREST_FIRST = "interest_first"
    PRINCIPAL_FIRST = "principal_first"


@final
class Creditor(enum.Enum):
    """
    The creditor's category, which chooses the legal interest rate (CMF L313-2).

    * ``CONSUMER``: a natural person not acting for professional needs (*particulier*).
    * ``OTHER``: every other case (*autres cas*), companies included.

    >>> Creditor.OTHER.value
    'other'
    """

    CONSUMER = "consumer"
    OTHER = "other"


_IS_CREDITOR: Final = instance_of(Creditor, accepted="Creditor.CONSUMER or Creditor.OTHER")


@final
class BasisKind(enum.Enum):
    """
    The kinds of :class:`PenaltyBasis` (its JSON ``kind``); each is one row of the basis table.

    >>> [k.value for k in BasisKind][:2]
    ['statutory', 'legal_plus']
    """

    # Members are singletons: hashed by identity, in C (Enum's own hash is a Python call, and
    # the basis table is read on every late_penalties call).
    __hash__ = object.__hash__

    STATUTORY = "statutory"
    LEGAL_PLUS = "legal_plus"
    THREE_TIMES_LEGAL = "three_times_legal"
    CONTRACTUAL = "contractual"
    PUBLIC_PROCUREMENT = "public_procurement"
    LEGAL = "legal"

    @property
    def parameters(self) -> Mapping[str, bool]:
        """
        The parameters a basis of this kind takes, each with whether it is required.

        >>> dict(BasisKind.LEGAL.parameters), dict(BasisKind.STATUTORY.parameters)
        ({'creditor': True, 'enforceable_on': False}, {})
        """
        return _BASES[self].parameters


@final
class _Floor(enum.Enum):
    """What a basis says about the floor of 3 × the legal rate (C. com. L441-10 II)."""

    NONE = "none"  # not a rate of L441-10: nothing to check
    DEFAULT_RATE = "default_rate"  # WARNING when the floor exceeds ECB + 10, which is applied
    SAME_FACT = "same_fact"  # INFO: the floor exceeds ECB + 10 (the basis is the floor itself)
    AGREED = "agreed"  # VIOLATION when the agreed rate is below the floor


def _floor_params(
    label: str, base: Decimal | None, floor: Decimal, default: Decimal
) -> tuple[tuple[str, object], ...]:
    return (
        ("half", label.replace("-H", "-S")),
        ("legal", base),
        ("floor", floor),
        ("statutory", default),
    )


@final
@attrs.frozen
class _Basis:
    """
    One kind of penalty basis as the law sets it: one row of :data:`_BASES`.

    Adding a basis is a :class:`BasisKind` member, a row here (and, when it takes a parameter,
    a named constructor of :class:`PenaltyBasis`), and its tests.

    The rate of a day is ``table rate × factor + points`` (+ the basis's own ``points``
    parameter), read per period of the table, or once for the whole delay when
    *fixed_at_start*; a basis with no *series* is a fixed ``rate`` parameter.

    Attributes:
        kind: the kind this row describes.
        series: the rate table (:data:`~dunning_core.rates.SERIES`), ``None`` for a fixed
            ``rate``; a basis with a ``creditor`` reads the legal table of its category.
        factor: what the table's rate is multiplied by.
        points: the points added to it.
        fixed_at_start: one rate for the whole delay, the table's rate on the first day of the
            half-year in which interest started (from 2013); else the rate of each period.
        fixed_hint: what to do before 2013, for a basis *fixed_at_start*.
        article: the article that sets the rate.
        judgment_points: points added from two months after an enforceable judgment
            (CMF L313-3), for a basis that takes ``enforceable_on``; ``None`` otherwise.
        indemnity: the article of the flat 40 € recovery indemnity, ``None`` when there is none.
        costs_article: the article of justified recovery costs above the 40 €.
        no_indemnity: the INFO finding's message when the basis carries no indemnity.
        no_indemnity_text: the same finding's French sentence (its msgid in the catalogs).
        between_professionals: a rule between professionals (a WARNING with a consumer debtor).
        floor: what the basis says about the floor of 3 × the legal rate.
        floor_subject: the rate checked against the floor, in a finding (``{points}``).
        parameters: the parameters it takes, each with whether it is required.
        constructor: its evaluable repr (``{points!r}``, ``{rate!r}``, ``{creditor}``,
            ``{judgment}``); ``None`` for a constant (``PenaltyBasis.STATUTORY``).
        wording: its French ``str()``, a message of the catalogs (``%(points)s``, ``%(rate)s``,
            ``%(creditor)s``, ``%(judgment)s``), shown in a locale by the display layer.
        interest_name: what the interest is called: ``"penalties"`` (*pénalités de retard*),
            ``"moratorium"`` (*intérêts moratoires*) or ``"legal_interest"``.
        short: its words beside that name in a letter, in French (a message of the catalogs),
            ``""`` when the name says it all (``%(points)s``, ``%(rate)s``).
    """

    kind: BasisKind
    series: str | None
    article: Article
    wording: str
    short: str
    factor: Decimal = _ONE
    points: Decimal = _ZERO
    fixed_at_start: bool = False
    fixed_hint: str = ""
    judgment_points: Decimal | None = None
    indemnity: Article | None = D441_5
    costs_article: Article = L441_10
    no_indemnity: str = ""
    no_indemnity_text: str = ""
    between_professionals: bool = True
    floor: _Floor = _Floor.NONE
    floor_subject: str = ""
    parameters: Mapping[str, bool] = attrs.field(factory=dict)
    constructor: str | None = None
    interest_name: str = "penalties"

    @property
    def per_half_year(self) -> bool:
        """The rate is read per period of a table (lines never cross 1 January or 1 July)."""
        return self.series is not None and not self.fixed_at_start


_BASES: Final[Mapping[BasisKind, _Basis]] = MappingProxyType(
    {
        row.kind: row
        for row in (
            _Basis(
                kind=BasisKind.STATUTORY,
                series=STATUTORY,  # ECB + 10, derived per half-year by the rate book
                article=L441_10,
                wording=N_("taux BCE + 10 points"),
                short=N_("taux BCE + 10 points"),
                floor=_Floor.DEFAULT_RATE,
            ),
            _Basis(
                kind=BasisKind.LEGAL_PLUS,
                series=LEGAL_OTHER,
                article=L441_10,
                wording=N_("taux d'intérêt légal + %(points)s points"),
                short=N_("taux d'intérêt légal + %(points)s points"),
                floor=_Floor.AGREED,
                floor_subject="the legal rate + {points} points",
                parameters={"points": True},
                constructor="PenaltyBasis.legal_plus(points={points!r})",
            ),
            _Basis(
                kind=BasisKind.THREE_TIMES_LEGAL,
                series=LEGAL_OTHER,
                factor=_THREE,
                article=L441_10,
                wording=N_("3 fois le taux d'intérêt légal"),
                short=N_("3 fois le taux d'intérêt légal"),
                floor=_Floor.SAME_FACT,
            ),
            _Basis(
                kind=BasisKind.CONTRACTUAL,
                series=None,
                article=L441_10,
                wording=N_("taux contractuel de %(rate)s"),
                short=N_("taux contractuel de %(rate)s"),
                between_professionals=False,  # a rate agreed with a consumer is theirs to agree
                floor=_Floor.AGREED,
                floor_subject="the contractual rate",
                parameters={"rate": True},
                constructor="PenaltyBasis.contractual({rate!r})",
            ),
            _Basis(
                kind=BasisKind.PUBLIC_PROCUREMENT,
                series=ECB_MRO,
                points=Decimal(8),
                fixed_at_start=True,
                fixed_hint=(
                    "the public-procurement rule shipped (ECB + 8 points, CCP R2192-31) is "
                    "applied from 2013; for earlier interest pass "
                    'basis=PenaltyBasis.contractual(Decimal("<rate>"))'
                ),
                article=CCP_R2192_31,
                indemnity=CCP_D2192_35,
                costs_article=CCP_L2192_13,
                wording=N_("taux BCE + 8 points (commande publique)"),
                short=N_("taux BCE + 8 points"),
                interest_name="moratorium",
            ),
            _Basis(
                kind=BasisKind.LEGAL,
                series=LEGAL_OTHER,  # or LEGAL_CONSUMER, by its creditor
                article=CMF_L313_2,
                judgment_points=Decimal(5),
                indemnity=None,
                no_indemnity=(
                    "civil legal interest carries no recovery indemnity here; a professional "
                    "late in a commercial transaction owes 40 € de plein droit (D441-5): use the "
                    "STATUTORY basis, or pass the indemnity as recovery_costs with another basis"
                ),
                no_indemnity_text=N_(
                    "l'intérêt au taux légal ne donne pas droit ici à l'indemnité forfaitaire ; "
                    "un professionnel en retard dans une transaction commerciale doit 40 € de "
                    "plein droit (D441-5) : utilisez la base STATUTORY, ou passez l'indemnité en "
                    "recovery_costs avec une autre base"
                ),
                between_professionals=False,
                wording=N_("taux d'intérêt légal (%(creditor)s)%(judgment)s"),
                short="",  # "intérêts au taux légal" says it all
                parameters={"creditor": True, "enforceable_on": False},
                constructor="PenaltyBasis.legal(creditor=Creditor.{creditor}{judgment})",
                interest_name="legal_interest",
            ),
        )
    }
)
"""Every kind of penalty basis, one row each (C. com. L441-10, CCP R2192-31, CMF L313-2)."""

_FLAT_ARTICLES: Final = frozenset(row.indemnity for row in _BASES.values() if row.indemnity)
"""The articles of the flat 40 € indemnity (D441-5, CCP D2192-35)."""

_CREDITOR_SERIES: Final = MappingProxyType(
    {Creditor.CONSUMER: LEGAL_CONSUMER, Creditor.OTHER: LEGAL_OTHER}
)
_CREDITOR_WORDS: Final = MappingProxyType(
    {Creditor.CONSUMER: N_("créancier particulier"), Creditor.OTHER: N_("autres cas")}
)
_TAKES: Final = ("points", "rate", "creditor", "enforceable_on")  # every parameter, in order


def _optional_amount(value: object) -> Decimal | None:
    return None if value is None else to_amount(value)


@final
@attrs.frozen(repr=False)
class PenaltyBasis:
    """
    What the penalty rate is: a frozen, hashable, JSON-friendly value (a kind plus its parameters).

    Use the constants and named constructors rather than the class itself:

    * ``PenaltyBasis.STATUTORY``: ECB + 10 points (C. com. L441-10 II), the default when the
      contract says nothing; per half-year from 2013, following each ECB change in 2009–2012.
    * ``PenaltyBasis.legal_plus(points=10)``: the legal rate (*autres cas*) + *points*, per half-year
      (``PenaltyBasis.LEGAL_PLUS`` is ``legal_plus()``, with 10 points).
    * ``PenaltyBasis.THREE_TIMES_LEGAL``: 3 × the legal rate (*autres cas*), the contractual floor.
    * ``PenaltyBasis.contractual(rate)``: a fixed rate agreed in the contract (CGV).
    * ``PenaltyBasis.PUBLIC_PROCUREMENT``: ECB + 8 points, one rate fixed by the half-year in which
      interest started (CCP R2192-31).
    * ``PenaltyBasis.legal(creditor=..., enforceable_on=None)``: civil legal interest
      (C. civ. 1231-6) at the creditor's category rate, per half-year, + 5 points from two months
      after an enforceable judgment (CMF L313-3).  No flat indemnity.  ``PenaltyBasis.LEGAL`` is
      ``legal()``: a creditor other than a consumer, no judgment.

    A contractual rate has no constant: it needs its rate.  What each kind means (its table,
    points, indemnity, floor check, wording) is one row of a table in this module; see
    ``docs/contributing.md`` ("A new penalty basis").

    >>> PenaltyBasis.LEGAL_PLUS == PenaltyBasis.legal_plus(10), PenaltyBasis.LEGAL == PenaltyBasis.legal()
    (True, True)
    >>> str(PenaltyBasis.STATUTORY)
    'taux BCE + 10 points'
    >>> PenaltyBasis.legal_plus(points=10)
    PenaltyBasis.legal_plus(points=Decimal('10'))
    >>> PenaltyBasis.contractual("12.5").as_dict()
    {'kind': 'contractual', 'rate': '12.5'}
    >>> PenaltyBasis.from_dict({'kind': 'statutory'}) == PenaltyBasis.STATUTORY
    True
    """

    kind: BasisKind
    points: Decimal | None = attrs.field(default=None, converter=_optional_amount)
    rate: Decimal | None = attrs.field(default=None, converter=_optional_amount)
    creditor: Creditor | None = None
    enforceable_on: date | None = None

    STATUTORY: ClassVar[PenaltyBasis]
    THREE_TIMES_LEGAL: ClassVar[PenaltyBasis]
    PUBLIC_PROCUREMENT: ClassVar[PenaltyBasis]
    LEGAL_PLUS: ClassVar[PenaltyBasis]
    LEGAL: ClassVar[PenaltyBasis]

    def __attrs_post_init__(self) -> None:
        kind = self.kind
        instance_of(BasisKind, accepted="a BasisKind")("kind", kind)
        takes = _BASES[kind].parameters
        for name in _TAKES:
            value = getattr(self, name)
            if value is None:
                if takes.get(name):
                    raise InvalidArgument(name, None, f"a {kind.value} basis needs {name}")
            elif name not in takes:
                if name == "enforceable_on":
                    which = " or ".join(k.value for k in BasisKind if name in k.parameters)
                    raise InvalidArgument(name, value, f"only the {which} basis takes it")
                raise InvalidArgument(name, value, f"a {kind.value} basis takes no {name}")
        optional(_IS_CREDITOR)("creditor", self.creditor)
        if self.enforceable_on is not None:
            _increase_from(to_date(self.enforceable_on, name="enforceable_on"))

    @classmethod
    def legal_plus(cls, points: object = 10) -> PenaltyBasis:
        """
        The legal rate (*autres cas*) + *points* (10 by default), per half-year.

        The wording many contracts use ("taux d'intérêt légal majoré de 10 points"); still a
        contractual rate, checked against the 3 × floor of L441-10.

        >>> str(PenaltyBasis.legal_plus(points=5))
        "taux d'intérêt légal + 5 points"
        """
        return cls(BasisKind.LEGAL_PLUS, points=points)

    @classmethod
    def contractual(cls, rate: object) -> PenaltyBasis:
        """
        A fixed annual *rate* in percent, agreed in the contract (``Decimal``, ``int`` or ``str``).

        >>> str(PenaltyBasis.contractual("12.5"))
        'taux contractuel de 12,50\\xa0%'
        """
        return cls(BasisKind.CONTRACTUAL, rate=rate)

    @classmethod
    def legal(
        cls, *, creditor: Creditor | str = Creditor.OTHER, enforceable_on: date | None = None
    ) -> PenaltyBasis:
        """
        Civil legal interest at the rate of the *creditor*'s category, per half-year.

        Args:
            creditor: whose rate applies (the category of the *creditor*, not of the debtor):
                a :class:`Creditor` or its value, ``"consumer"`` or ``"other"``.
            enforceable_on: the day a judgment ordering payment became enforceable (in practice
                its service, *signification*); from the day after two months have run from it,
                the rate is increased by 5 points (CMF L313-3).  That day must exist: up to
                9999-10-30.

        Raises:
            InvalidArgument: an unknown *creditor*.
            DateTypeError: *enforceable_on* is not a ``datetime.date``.
            InvalidDate: *enforceable_on* is after 9999-10-30 (the increase would start after
                9999-12-31, the last date Python represents).

        >>> str(PenaltyBasis.legal(creditor=Creditor.CONSUMER))
        "taux d'intérêt légal (créancier particulier)"
        """
        if isinstance(creditor, str):
            try:
                creditor = Creditor(creditor)
            except ValueError:
                raise InvalidArgument(
                    "creditor",
                    creditor,
                    "Creditor.CONSUMER or Creditor.OTHER ('consumer', 'other')",
                ) from None
        return cls(BasisKind.LEGAL, creditor=creditor, enforceable_on=enforceable_on)

    @classmethod
    def from_dict(cls, data: object) -> PenaltyBasis:
        """
        Read back :meth:`as_dict`.

        >>> PenaltyBasis.from_dict({"kind": "legal", "creditor": "consumer"})
        PenaltyBasis.legal(creditor=Creditor.CONSUMER)
        """
        if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
            raise InvalidArgument("basis", data, "a dict with a 'kind' such as 'statutory'")
        try:
            kind = BasisKind(data["kind"])
        except ValueError:
            raise InvalidArgument(
                "kind", data["kind"], f"one of {', '.join(k.value for k in BasisKind)}"
            ) from None
        unknown = set(data) - {"kind", *_TAKES}
        if unknown:
            raise InvalidArgument("basis", data, f"unknown key(s) {sorted(unknown)}")
        creditor = data.get("creditor")
        enforceable = data.get("enforceable_on")
        try:  # the one strict reader of dates; the error names the basis, as the others do
            enforceable = None if enforceable is None else parse_date(enforceable)
        except InvalidDate as error:
            raise InvalidArgument("basis", data, str(error)) from None
        try:
            return cls(
                kind,
                points=data.get("points"),
                rate=data.get("rate"),
                creditor=None if creditor is None else Creditor(creditor),
                enforceable_on=enforceable,
            )
        except (ValueError, TypeError) as error:
            if isinstance(error, DunningError):
                raise
            raise InvalidArgument("basis", data, str(error)) from None

    def as_dict(self) -> dict[str, str]:
        """
        JSON-ready: the kind and its parameters as strings.

        >>> PenaltyBasis.legal(enforceable_on=date(2025, 3, 10)).as_dict()
        {'kind': 'legal', 'creditor': 'other', 'enforceable_on': '2025-03-10'}
        """
        out = {"kind": self.kind.value}
        if self.points is not None:
            out["points"] = str(self.points)
        if self.rate is not None:
            out["rate"] = str(self.rate)
        if self.creditor is not None:
            out["creditor"] = self.creditor.value
        if self.enforceable_on is not None:
            out["enforceable_on"] = self.enforceable_on.isoformat()
        return out

    @property
    def indemnity_applies(self) -> bool:
        """
        Whether the flat 40 € indemnity goes with this basis (all but civil legal interest).

        >>> PenaltyBasis.STATUTORY.indemnity_applies, PenaltyBasis.legal().indemnity_applies
        (True, False)
        """
        return _BASES[self.kind].indemnity is not None

    @property
    def per_half_year(self) -> bool:
        """
        Whether the rate is set per half-year (lines never cross 1 January or 1 July).

        >>> PenaltyBasis.STATUTORY.per_half_year, PenaltyBasis.PUBLIC_PROCUREMENT.per_half_year
        (True, False)
        """
        return _BASES[self.kind].per_half_year

    @property
    def article(self) -> Article:
        """
        The article that sets the rate.

        >>> PenaltyBasis.PUBLIC_PROCUREMENT.article
        Article('CCP', 'R2192-31')
        """
        return _BASES[self.kind].article

    def rates_in(self, book: RateBook) -> tuple[RateTable, Decimal, Decimal] | None:
        """
        Where a basis read per period takes its rates in *book*: the table, and the factor and
        points applied to it (a day's rate is ``table rate × factor + points``, before the
        + 5 points of a judgment); ``None`` for a rate fixed for the whole delay
        (:meth:`fixed_rate`).

        >>> from dunning_core.rates import default_rates
        >>> table, factor, points = PenaltyBasis.legal_plus(5).rates_in(default_rates())
        >>> table.series, factor, points
        ('LEGAL_OTHER', Decimal('1'), Decimal('5'))
        >>> PenaltyBasis.PUBLIC_PROCUREMENT.rates_in(default_rates()) is None
        True
        """
        if not self.per_half_year:
            return None
        table, factor, points, _ = _table_of(self, book)
        return table, factor, points

    def fixed_rate(self, book: RateBook, start: date) -> Decimal | None:
        """
        The one rate of a basis fixed for the whole delay when interest starts on *start*: the
        agreed rate, or the table's on the first day of that half-year + its points (CCP
        R2192-31: ECB + 8); ``None`` for a basis read per period (:meth:`rates_in`).

        Raises:
            RateUnavailable: the table does not cover that day, or the rule does not apply
                then (public procurement before 2013).

        >>> from dunning_core.rates import default_rates
        >>> PenaltyBasis.PUBLIC_PROCUREMENT.fixed_rate(default_rates(), date(2025, 3, 2))
        Decimal('11.15')
        """
        if self.per_half_year:
            return None
        start = to_date(start, name="start")
        return _schedule(self, book, start, start)[0][0].rate

    @property
    def interest_name(self) -> str:
        """
        What the interest is called: ``"penalties"`` (*pénalités de retard*, C. com. L441-10),
        ``"moratorium"`` (*intérêts moratoires* of a public buyer) or ``"legal_interest"``.

        >>> PenaltyBasis.PUBLIC_PROCUREMENT.interest_name, PenaltyBasis.LEGAL.interest_name
        ('moratorium', 'legal_interest')
        """
        return _BASES[self.kind].interest_name

    def short(self, language: str, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The basis in a few words beside :attr:`interest_name` (as a letter writes it), in
        *language* (``"fr"`` or ``"en"``) with numbers formatted for *locale*; empty when the
        name says it all (civil legal interest).

        >>> PenaltyBasis.legal_plus(5).short("en", locale="en_GB")
        'legal interest rate + 5 points'
        >>> PenaltyBasis.PUBLIC_PROCUREMENT.short("fr"), PenaltyBasis.LEGAL.short("fr")
        ('taux BCE + 8 points', '')

        Raises:
            InvalidArgument: a *language* other than ``"fr"`` and ``"en"``.
        """
        if language not in ("fr", "en"):
            raise InvalidArgument("language", language, "'fr' or 'en'")
        catalog = catalog_locale(language)  # fr_FR or en_GB
        words = _BASES[self.kind].short
        return gettext(words, locale=catalog) % self.words(locale, catalog) if words else ""

    def __repr__(self) -> str:
        row = _BASES[self.kind]
        if row.constructor is None:
            return f"PenaltyBasis.{self.kind.name}"
        judgment = self.enforceable_on
        return row.constructor.format(
            points=self.points,
            rate=self.rate,
            creditor="" if self.creditor is None else self.creditor.name,
            judgment="" if judgment is None else f", enforceable_on={judgment!r}",
        )

    def __str__(self) -> str:
        from dunning_core.display import _penalties  # the display layer, loaded when shown

        return _penalties.basis_text(self)

    @property
    def wording(self) -> str:
        """
        Its French wording with ``%(name)s`` placeholders for its parameters, the message the
        catalogs translate (shown by ``str()`` and the display layer, with :meth:`words`).

        >>> PenaltyBasis.contractual("12.5").wording
        'taux contractuel de %(rate)s'
        """
        return _BASES[self.kind].wording

    def words(self, locale: str = DEFAULT_LOCALE, catalog: str | None = None) -> dict[str, str]:
        """
        The parameters as its wordings place them: numbers, rates and dates formatted for
        *locale*, words read in *catalog* (the catalog of *locale* by default).

        >>> PenaltyBasis.legal_plus(5).words("en_GB")["points"]
        '5'
        """
        catalog = locale if catalog is None else catalog
        words = {"points": "", "rate": "", "creditor": "", "judgment": ""}
        if self.points is not None:
            words["points"] = _number(self.points, locale)
        if self.rate is not None:
            words["rate"] = format_percent(self.rate, locale=locale)
        if self.creditor is not None:
            words["creditor"] = gettext(_CREDITOR_WORDS[self.creditor], locale=catalog)
        if self.enforceable_on is not None:
            points = _BASES[self.kind].judgment_points
            assert points is not None  # a basis that takes enforceable_on adds points
            words["judgment"] = gettext(
                N_(
                    ", majoré de %(points)s points deux mois après la décision exécutoire du %(day)s"
                ),
                locale=catalog,
            ) % {
                "points": _number(points, locale),
                "day": format_date(self.enforceable_on, format="short", locale=locale),
            }
        return words


@in_context  # babel rounds in the current context: never the caller's
def _number(points: Decimal, locale: str) -> str:
    return str(format_decimal(points, locale=locale))


PenaltyBasis.STATUTORY = PenaltyBasis(BasisKind.STATUTORY)
PenaltyBasis.THREE_TIMES_LEGAL = PenaltyBasis(BasisKind.THREE_TIMES_LEGAL)
PenaltyBasis.PUBLIC_PROCUREMENT = PenaltyBasis(BasisKind.PUBLIC_PROCUREMENT)
PenaltyBasis.LEGAL_PLUS = PenaltyBasis.legal_plus()
PenaltyBasis.LEGAL = PenaltyBasis.legal()


def _payment_amount(value: object) -> Decimal:
    amount = to_amount(value)
    if not amount:
        raise InvalidAmount(
            amount,
            "a payment must be more than zero",
            code="not_more_than_zero",
            params=(("name", "payment"),),
        )
    return amount


def _payment_date(_instance: object, _attribute: object, value: date) -> None:
    to_date(value, name="on")


@final
@attrs.frozen
class Payment:
    """
    A partial payment received *on* a day (applied at the end of that day).

    >>> Payment(on=date(2025, 5, 2), amount=Decimal("1000"))
    Payment(on=datetime.date(2025, 5, 2), amount=Decimal('1000'))
    >>> Payment(on=date(2025, 5, 2), amount=0)
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidAmount: a payment must be more than zero (got Decimal('0'))
    """

    on: date = attrs.field(validator=_payment_date)
    amount: Decimal = attrs.field(converter=_payment_amount)


def _frozen(self: object, name: str) -> NoReturn:
    raise attrs.exceptions.FrozenInstanceError  # as an attrs frozen class does


@final
class PenaltyLine:
    """
    One line of a breakdown: a run of days at one balance and one rate.

    An immutable value, lighter than an attrs class (a breakdown builds its lines only when they
    are read, and a portfolio reads millions of them): equal when every field is, hashable,
    picklable.

    Attributes:
        start: the first day (inclusive).
        end: the last day (inclusive).
        days: ``end - start + 1``.
        balance: the principal bearing interest over these days.
        rate: the annual rate in percent.
        amount: ``balance × rate / 100 × days / denominator``, rounded half-up to the minor unit.
        article: the article the rate comes from.
        denominator: 365, or the length of the year under ``ACT_ACT``.
        provisional: the rate was not published but assumed unchanged
            (:meth:`~dunning_core.rates.RateBook.assuming_unchanged`): the amount is provisional.

    >>> b = late_penalties(Decimal("1000"), date(2025, 1, 31), date(2025, 3, 2))
    >>> b.lines[0]
    PenaltyLine(start=datetime.date(2025, 2, 1), end=datetime.date(2025, 3, 2), days=30, \
balance=Decimal('1000'), rate=Decimal('13.15'), amount=Decimal('10.81'), \
article=Article('C. com.', 'L441-10'), denominator=365, provisional=False)
    """

    __slots__ = ("_values",)
    _values: tuple[date, date, int, Decimal, Decimal, Decimal, Article, int, bool]

    def __init__(
        self,
        start: date,
        end: date,
        days: int,
        balance: Decimal,
        rate: Decimal,
        amount: Decimal,
        article: Article,
        denominator: int,
        provisional: bool = False,
    ) -> None:
        _set_line(
            self, (start, end, days, balance, rate, amount, article, denominator, provisional)
        )

    def __setattr__(self, name: str, value: object) -> None:
        _frozen(self, name)

    def __delattr__(self, name: str) -> None:
        _frozen(self, name)

    @property
    def start(self) -> date:
        return self._values[0]

    @property
    def end(self) -> date:
        return self._values[1]

    @property
    def days(self) -> int:
        return self._values[2]

    @property
    def balance(self) -> Decimal:
        return self._values[3]

    @property
    def rate(self) -> Decimal:
        return self._values[4]

    @property
    def amount(self) -> Decimal:
        return self._values[5]

    @property
    def article(self) -> Article:
        return self._values[6]

    @property
    def denominator(self) -> int:
        return self._values[7]

    @property
    def provisional(self) -> bool:
        return self._values[8]

    def __eq__(self, other: object) -> bool:
        if type(other) is not PenaltyLine:
            return NotImplemented
        return self._values == other._values

    def __hash__(self) -> int:
        return hash(self._values)

    def __reduce__(self) -> tuple[type[PenaltyLine], tuple[Any, ...]]:
        return PenaltyLine, self._values

    def __copy__(self) -> PenaltyLine:
        return self

    def __deepcopy__(self, memo: object) -> PenaltyLine:
        return self

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={value!r}" for name, value in zip(_LINE_FIELDS, self._values, strict=True)
        )
        return f"PenaltyLine({fields})"

    def as_dict(self) -> dict[str, Any]:
        """
        JSON-ready (ISO dates, amounts as strings); ``"provisional": true`` only on a provisional
        line (a published one has no such key).

        >>> late_penalties(Decimal("1000"), date(2025, 1, 31), date(2025, 3, 2)).lines[0].as_dict()
        {'start': '2025-02-01', 'end': '2025-03-02', 'days': 30, 'balance': '1000', \
'rate': '13.15', 'amount': '10.81', 'article': 'C. com. art. L441-10', 'denominator': 365}
        """
        data: dict[str, Any] = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "days": self.days,
            "balance": str(self.balance),
            "rate": str(self.rate),
            "amount": str(self.amount),
            "article": str(self.article),
            "denominator": self.denominator,
        }
        if self.provisional:
            data["provisional"] = True
        return data


_LINE_FIELDS: Final = (
    "start",
    "end",
    "days",
    "balance",
    "rate",
    "amount",
    "article",
    "denominator",
    "provisional",
)
_set_line: Final = PenaltyLine.__dict__["_values"].__set__  # past the frozen __setattr__
_new_object: Final = object.__new__


def _line(
    values: tuple[date, date, int, Decimal, Decimal, Decimal, Article, int, bool],
) -> PenaltyLine:
    """A line from its values, without the call to ``__init__`` (the hot path)."""
    line = _new_object(PenaltyLine)
    _set_line(line, values)
    return line


def _finding_dict(finding: Finding) -> dict[str, str]:
    return {
        "severity": finding.severity.value,
        "message": finding.message,
        "article": str(finding.article),
    }


_RawLine = tuple[int, int, Decimal | int, Decimal, int, bool]
"""A line as the fast path keeps it: ordinals of its first and last day, balance (a Decimal, or
an int of minor units), rate, amount in minor units, provisional."""

_Pending = list[_RawLine] | tuple[Any, ...]
"""The raw lines, or what prices a delay without payment again (the arguments of
:func:`_plain_lines`): its lines are built only when read."""

_BREAKDOWN_FIELDS: Final = (
    "principal",
    "currency",
    "due_on",
    "paid_on",
    "basis",
    "day_count",
    "allocation",
    "payments",
    "interest",
    "interest_paid",
    "principal_outstanding",
    "indemnity",
    "indemnity_article",
    "total",
)


@final
class PenaltyBreakdown:
    """
    What a late debtor owes on top of the principal, line by line, with the law it rests on.

    An immutable value (equal when its fields are, hashable, picklable).  Its lines, findings and
    articles are built when first read: a portfolio that wants the totals pays for nothing else.

    Attributes:
        principal: the invoice amount (TTC).
        currency: its ISO 4217 code.
        due_on: the due date.
        paid_on: the payment date, or the evaluation date for an unpaid invoice.
        basis: the :class:`PenaltyBasis`.
        day_count: the :class:`DayCount`.
        allocation: the :class:`Allocation` of partial payments.
        payments: the partial payments, sorted by date.
        lines: the :class:`PenaltyLine` values, consecutive, covering the late days while
            principal was outstanding.
        interest: the sum of the rounded lines.
        interest_paid: the part of the payments that went to interest.
        principal_outstanding: the principal still owed at the end of ``paid_on``.
        indemnity: the recovery indemnity (40 € flat, or justified costs above it, or zero).
        indemnity_article: the article of the indemnity, or ``None`` when none is owed.
        total: ``interest + indemnity``.
        findings: what the law says about the inputs (rate below the floor...), and a WARNING
            per half-year priced on an assumed rate.
        articles: every article the result rests on, in order of first use.
        provisional: whether any line is (a property): some rate was assumed, not published.

    >>> b = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15))
    >>> b
    PenaltyBreakdown(interest=Decimal('480.97'), indemnity=Decimal('40.00'), \
total=Decimal('520.97'), currency='EUR', lines=2)
    >>> [str(a) for a in b.articles]
    ['C. com. art. L441-10', 'C. com. art. D441-5']
    >>> import pickle
    >>> pickle.loads(pickle.dumps(b)) == b
    True
    """

    # A slot left unset is built when first read: lines from _lazy's raw lines, findings from
    # _lazy's head findings and rate book, articles from the rest.
    __slots__ = ("_articles", "_findings", "_lazy", "_lines", "_values")
    # principal, currency, due_on, paid_on, basis, day_count, allocation, payments, interest,
    # interest_paid, principal_outstanding, indemnity, indemnity_article, total
    _values: tuple[Any, ...]
    # raw lines (article, minor units, lines) or None, the findings known before the lines
    # (indemnity, consumer), the rate book for the others
    _lazy: tuple[tuple[Article, int, _Pending] | None, tuple[Finding, ...], RateBook]
    _lines: tuple[PenaltyLine, ...]
    _findings: tuple[Finding, ...]
    _articles: tuple[Article, ...]

    def __init__(
        self,
        principal: Decimal,
        currency: str,
        due_on: date,
        paid_on: date,
        basis: PenaltyBasis,
        day_count: DayCount,
        allocation: Allocation,
        payments: tuple[Payment, ...],
        lines: tuple[PenaltyLine, ...],
        interest: Decimal,
        interest_paid: Decimal,
        principal_outstanding: Decimal,
        indemnity: Decimal,
        indemnity_article: Article | None,
        total: Decimal,
        findings: tuple[Finding, ...],
        articles: tuple[Article, ...],
    ) -> None:
        values = (principal, currency, due_on, paid_on, basis, day_count, allocation, payments)
        amounts = (interest, interest_paid, principal_outstanding, indemnity, indemnity_article)
        _set_values(self, (*values, *amounts, total))
        _set_lines(self, tuple(lines))
        _set_findings(self, tuple(findings))
        _set_articles(self, tuple(articles))

    def __setattr__(self, name: str, value: object) -> None:
        _frozen(self, name)

    def __delattr__(self, name: str) -> None:
        _frozen(self, name)

    @property
    def principal(self) -> Decimal:
        return self._values[0]  # type: ignore[no-any-return]

    @property
    def currency(self) -> str:
        return self._values[1]  # type: ignore[no-any-return]

    @property
    def due_on(self) -> date:
        return self._values[2]  # type: ignore[no-any-return]

    @property
    def paid_on(self) -> date:
        return self._values[3]  # type: ignore[no-any-return]

    @property
    def basis(self) -> PenaltyBasis:
        return self._values[4]  # type: ignore[no-any-return]

    @property
    def day_count(self) -> DayCount:
        return self._values[5]  # type: ignore[no-any-return]

    @property
    def allocation(self) -> Allocation:
        return self._values[6]  # type: ignore[no-any-return]

    @property
    def payments(self) -> tuple[Payment, ...]:
        return self._values[7]  # type: ignore[no-any-return]

    @property
    def interest(self) -> Decimal:
        return self._values[8]  # type: ignore[no-any-return]

    @property
    def interest_paid(self) -> Decimal:
        return self._values[9]  # type: ignore[no-any-return]

    @property
    def principal_outstanding(self) -> Decimal:
        return self._values[10]  # type: ignore[no-any-return]

    @property
    def indemnity(self) -> Decimal:
        return self._values[11]  # type: ignore[no-any-return]

    @property
    def indemnity_article(self) -> Article | None:
        return self._values[12]  # type: ignore[no-any-return]

    @property
    def total(self) -> Decimal:
        total: Decimal | None = self._values[13]
        if total is None:  # interest + indemnity, added when read
            return CONTEXT.add(self._values[8], self._values[11])
        return total

    @property
    def lines(self) -> tuple[PenaltyLine, ...]:
        try:
            return self._lines
        except AttributeError:
            pass
        raw = self._lazy[0]
        assert raw is not None
        article, units, pending = raw
        if type(pending) is tuple:  # a delay without payment: only its sum was kept
            kept: list[_RawLine] = []
            rates_of, first_day, last_day, balance_of, units_of = pending
            _plain_lines(rates_of, first_day, last_day, balance_of, units_of, kept)
            pending = kept
        day, scaled, context = date.fromordinal, Decimal.scaleb, CONTEXT
        lines = tuple(
            [
                _line(
                    (
                        day(first),
                        day(last),
                        last - first + 1,
                        _decimal(balance, units),
                        rate,
                        scaled(Decimal(amount), -units, context),
                        article,
                        365,
                        provisional,
                    )
                )
                for first, last, balance, rate, amount, provisional in pending
            ]
        )
        _set_lines(self, lines)
        return lines

    @property
    def findings(self) -> tuple[Finding, ...]:
        try:
            return self._findings
        except AttributeError:
            pass
        _, head, book = self._lazy
        found = _findings_of(self.basis, book, head, self.lines)
        _set_findings(self, found)
        return found

    @property
    def articles(self) -> tuple[Article, ...]:
        try:
            return self._articles
        except AttributeError:
            pass
        found = _articles_of(self)
        _set_articles(self, found)
        return found

    def _key(self) -> tuple[object, ...]:
        return (self._values[:13], self.total, self.lines, self.findings)

    def __eq__(self, other: object) -> bool:
        if type(other) is not PenaltyBreakdown:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        return _restore_breakdown, (self._values, self.lines, self.findings)

    def __copy__(self) -> PenaltyBreakdown:
        return self

    def __deepcopy__(self, memo: object) -> PenaltyBreakdown:
        return self

    def __repr__(self) -> str:
        assumed = ", provisional" if self.provisional else ""
        return (
            f"PenaltyBreakdown(interest={self.interest!r}, indemnity={self.indemnity!r}, "
            f"total={self.total!r}, currency={self.currency!r}, lines={len(self.lines)}{assumed})"
        )

    @property
    def unconverted_indemnity(self) -> Decimal | None:
        """
        The flat indemnity owed in euros (``Decimal("40.00")``) on an invoice in another
        currency when its value in that currency was not given (``indemnity_in_currency``):
        it is then in neither :attr:`indemnity` nor :attr:`total`, and a WARNING finding says
        so; ``None`` otherwise.

        >>> b = late_penalties(Decimal("1000"), date(2025, 1, 31), date(2025, 3, 2), currency="USD")
        >>> b.indemnity, b.unconverted_indemnity, str(b.indemnity_article)
        (Decimal('0.00'), Decimal('40.00'), 'C. com. art. D441-5')
        >>> b = late_penalties(Decimal("1000"), date(2025, 1, 31), date(2025, 3, 2), currency="USD",
        ...                    indemnity_in_currency=Decimal("43.50"))
        >>> b.indemnity, b.unconverted_indemnity, b.findings
        (Decimal('43.50'), None, ())
        """
        if (
            self.currency != "EUR"
            and not self.indemnity
            and self.indemnity_article in _FLAT_ARTICLES
        ):
            return _FLAT_EUR
        return None

    @property
    def provisional(self) -> bool:
        """
        Whether any line was priced on an assumed rate (the amounts are then provisional).

        >>> from dunning_core.rates import default_rates
        >>> book = default_rates().assuming_unchanged(through=date(2026, 12, 4))
        >>> b = late_penalties(Decimal("1000"), date(2026, 9, 30), date(2026, 12, 4), rates=book)
        >>> b.provisional, b.interest
        (True, Decimal('21.64'))
        >>> f = b.findings[0]
        >>> f.severity.value, str(f.article), f.message.split(" (")[0].replace("\\xa0", " ")
        ('warning', 'C. com. art. L441-10', 'taux 2026-S2 non publié dans les tables : 12,15 % supposé')
        """
        return any(line.provisional for line in self.lines)

    def as_dict(self) -> dict[str, Any]:
        """
        JSON-ready: amounts as strings, ISO dates, enums and articles as strings.

        >>> d = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15)).as_dict()
        >>> d["interest"], d["total"], d["basis"], len(d["lines"])
        ('480.97', '520.97', {'kind': 'statutory'}, 2)
        """
        return (
            {
                "principal": str(self.principal),
                "currency": self.currency,
                "due_on": self.due_on.isoformat(),
                "paid_on": self.paid_on.isoformat(),
                "basis": self.basis.as_dict(),
                "day_count": self.day_count.value,
                "allocation": self.allocation.value,
                "payments": [
                    {"on": p.on.isoformat(), "amount": str(p.amount)} for p in self.payments
                ],
                "lines": [line.as_dict() for line in self.lines],
                "interest": str(self.interest),
                "interest_paid": str(self.interest_paid),
                "principal_outstanding": str(self.principal_outstanding),
                "indemnity": str(self.indemnity),
                "indemnity_article": (
                    None if self.indemnity_article is None else str(self.indemnity_article)
                ),
                "total": str(self.total),
                "findings": [_finding_dict(f) for f in self.findings],
                "articles": [str(a) for a in self.articles],
            }
            | ({"provisional": True} if self.provisional else {})
            | (
                {}
                if self.unconverted_indemnity is None
                else {"unconverted_indemnity": {"amount": str(_FLAT_EUR), "currency": "EUR"}}
            )
        )

    def _repr_html_(self) -> str:
        """The lines and the totals as an HTML table, for notebooks (in French)."""
        return self.to_html()

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The lines and the totals as an HTML table, in *locale* (``fr_FR`` by default), drawn by
        the display layer.

        >>> b = late_penalties(Decimal("1000"), date(2025, 3, 31), date(2025, 4, 30))
        >>> "<th>From</th>" in b.to_html(locale="en_GB"), "<th>Du</th>" in b.to_html()
        (True, True)
        """
        from dunning_core.display import _penalties  # the display layer, loaded when shown

        return _penalties.breakdown_html(self, locale=locale)

    def rows(self) -> list[dict[str, Any]]:
        """
        One dict per line with Python values (``date``, ``Decimal``), for ``pandas.DataFrame``.

        >>> b = late_penalties(Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15))
        >>> b.rows()[1]["amount"], sorted(b.rows()[0])
        (Decimal('153.12'), ['amount', 'article', 'balance', 'days', 'end', 'rate', 'start'])
        """
        return [
            {
                "start": line.start,
                "end": line.end,
                "days": line.days,
                "balance": line.balance,
                "rate": line.rate,
                "amount": line.amount,
                "article": str(line.article),
            }
            for line in self.lines
        ]

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The breakdown as a text table, in *locale* (``fr_FR`` by default, as ``str()``), written
        by the display layer.

        >>> b = late_penalties(Decimal("1000"), date(2025, 3, 31), date(2025, 4, 30))
        >>> print(b.to_text(locale="en_GB").splitlines()[0])
        Late-payment penalties: ECB rate + 10 points
        """
        from dunning_core.display import _penalties  # the display layer, loaded when shown

        return _penalties.breakdown_text(self, locale=locale)


_set_values: Final = PenaltyBreakdown.__dict__["_values"].__set__  # past the frozen __setattr__
_set_lazy: Final = PenaltyBreakdown.__dict__["_lazy"].__set__
_set_lines: Final = PenaltyBreakdown.__dict__["_lines"].__set__
_set_findings: Final = PenaltyBreakdown.__dict__["_findings"].__set__
_set_articles: Final = PenaltyBreakdown.__dict__["_articles"].__set__


def _breakdown(
    values: tuple[Any, ...],
    lines: tuple[PenaltyLine, ...] | None,
    raw: tuple[Article, int, _Pending] | None,
    head: tuple[Finding, ...],
    book: RateBook,
) -> PenaltyBreakdown:
    """A breakdown whose lines (when *lines* is None), findings and articles are built on read."""
    breakdown = _new_object(PenaltyBreakdown)
    _set_values(breakdown, values)
    _set_lazy(breakdown, (raw, head, book))
    if lines is not None:
        _set_lines(breakdown, lines)
    return breakdown


def _restore_breakdown(
    values: tuple[Any, ...], lines: tuple[PenaltyLine, ...], findings: tuple[Finding, ...]
) -> PenaltyBreakdown:
    """Unpickle a breakdown (its articles follow from the rest)."""
    breakdown = _new_object(PenaltyBreakdown)
    _set_values(breakdown, values)
    _set_lines(breakdown, lines)
    _set_findings(breakdown, findings)
    return breakdown


def _articles_of(breakdown: PenaltyBreakdown) -> tuple[Article, ...]:
    """Every article *breakdown* rests on, in order of first use."""
    lines, pays = breakdown.lines, breakdown.payments
    articles: list[Article] = [lines[0].article] if lines else []
    if lines and lines[-1].article is not articles[0]:  # CMF L313-3 after L313-2
        articles.append(lines[-1].article)
    indemnity_article = breakdown.indemnity_article
    if indemnity_article is not None and indemnity_article not in articles:
        articles.append(indemnity_article)
    if breakdown.interest_paid or (
        pays
        and lines
        and breakdown.allocation is Allocation.INTEREST_FIRST
        and pays[-1].on > breakdown.due_on
    ):
        articles.append(CIV_1343_1)
    return tuple(articles)


def _checked_amount(value: object, currency: str, name: str, words: str = "") -> Decimal:
    """*value* as an amount of *currency*; *name* is the parameter's (the data of the error),
    *words* what the developer's message calls it (*name* by default)."""
    amount = to_amount(value)
    # Rounding to the minor unit changes nothing unless there are too many decimals (and it is
    # cheaper than reading the exponent with as_tuple(): this is on the hot path).
    if amount.quantize(_units(currency)[0], rounding=ROUND_HALF_UP, context=CONTEXT) != amount:
        places = minor_units(currency)
        raise InvalidAmount(
            value,
            f"{words or name} has more decimals than {currency} allows ({places}); round it first",
            code="too_many_decimals",
            params=(("name", name), ("currency", currency), ("places", places)),
        )
    return amount


@final
class _Unit:
    """What the hot path needs about a currency's minor unit, computed once per currency."""

    __slots__ = ("limit", "one", "places", "scale", "step", "zero")

    def __init__(self, currency: str) -> None:
        places = minor_units(currency)
        self.one = quantize(_ONE, currency)  # 1.00: the quantize exponent
        self.zero = quantize(_ZERO, currency)  # 0.00: the empty sum
        self.step = Decimal(1).scaleb(-places)  # 0.01: one minor unit
        self.places = places
        self.scale = 10**places  # minor units per unit
        self.limit = 10 ** (18 + places)  # _FAST_LIMIT in minor units


@cache
def _unit_of(currency: str) -> _Unit:
    """*currency*'s minor unit (cached per currency)."""
    return _Unit(currency)


def _units(currency: str) -> tuple[Decimal, Decimal, int]:
    """One and zero at *currency*'s minor unit (the quantize exponent, the empty sum), its places."""
    unit = _EUR if currency == "EUR" else _unit_of(currency)
    return unit.one, unit.zero, unit.places


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_LAST_ENFORCEABLE: Final = date(9999, 10, 30)  # + 2 months + 1 day = 9999-12-31


def _increase_from(enforceable_on: date) -> date:
    """
    The first day of the + 5 points of CMF L313-3: the day after two months have run from
    *enforceable_on* (two months: the same day number, else the month's last day; CPC 641).

    Raises InvalidDate when that day would be after 9999-12-31.
    """
    if enforceable_on > _LAST_ENFORCEABLE:
        raise InvalidDate(
            enforceable_on,
            "enforceable_on: the 5-point increase of CMF L313-3 starts the day after two months "
            "have run from it, which must be on or before 9999-12-31 (the last date Python "
            f"represents); pass a date up to {_LAST_ENFORCEABLE.isoformat()}",
        )
    return add_months(enforceable_on, 2) + _DAY


def _fixed(
    start: date, rate: Decimal, source: str, provisional: bool = False
) -> tuple[RatePeriod, ...]:
    # every day, up to the last one
    return (RatePeriod(start, date.max, rate, source, provisional=provisional),)


def _table_of(basis: PenaltyBasis, book: RateBook) -> tuple[RateTable, Decimal, Decimal, Article]:
    """For a basis read from a table: its table, the (factor, points) applied, the article."""
    row = _BASES[basis.kind]
    series = row.series if basis.creditor is None else _CREDITOR_SERIES[basis.creditor]
    assert series is not None
    points = basis.points if basis.points is not None else row.points
    if basis.points is not None and row.points:
        points = CONTEXT.add(row.points, basis.points)
    return book.table(series), row.factor, points, row.article


def _schedule(
    basis: PenaltyBasis, book: RateBook, start: date, end: date
) -> tuple[tuple[RatePeriod, ...], RateTable | None, Decimal, Decimal, Article]:
    """The periods to walk, their table (for errors), the (factor, points) applied, the article."""
    row = _BASES[basis.kind]
    one, zero = _ONE, _ZERO
    if row.series is None:  # a fixed rate, agreed
        assert basis.rate is not None
        return _fixed(start, basis.rate, "contract"), None, one, zero, row.article
    table, factor, points, article = _table_of(basis, book)
    if not row.fixed_at_start:
        return table.covering(start, end), table, factor, points, article
    # One rate for the whole delay: the table's on the first day of the half-year in which
    # interest started (CCP R2192-31: ECB + 8 points), a rule applied from 2013.
    first = half_year_start(start)
    if first < SEMESTER_RULE_FROM:
        raise RateUnavailable(table.series, half_year_label(start), row.fixed_hint)
    period = table.period_on(first)
    rate = CONTEXT.add(CONTEXT.multiply(period.rate, factor), points)
    source = f"{table.series} {period.rate} % on {first} × {factor} + {points}"
    return _fixed(start, rate, source, period.provisional), None, one, zero, article


@final
@attrs.frozen
class _HalfYear:
    """What the findings need about one half-year, precomputed once per rate book."""

    label: str
    legal: Decimal | None  # the legal rate (autres cas), None when unknown
    floor: Decimal | None  # 3 × legal
    statutory_finding: Finding | None  # 3 × legal above ECB + 10, for STATUTORY
    three_times_finding: Finding | None  # the same fact, for THREE_TIMES_LEGAL


def _half_year_starts(first: date, last: date) -> Iterator[date]:
    """1 January / 1 July of every half-year from *first*'s to *last*'s, stopping at 9999-H2."""
    start = half_year_start(first)
    while start <= last:
        yield start
        if start.month == 1:
            start = date(start.year, 7, 1)
        elif start.year < date.max.year:
            start = date(start.year + 1, 1, 1)
        else:  # 9999-H2: there is no next half-year
            return


def _half_year(book: RateBook, start: date) -> _HalfYear:
    legal, statutory = book.legal_other, book.statutory
    label = half_year_label(start)
    base = legal.rate_on(start) if legal.first_day <= start <= legal.known_until else None
    default = (
        statutory.rate_on(start) if SEMESTER_RULE_FROM <= start <= statutory.known_until else None
    )
    floor = None if base is None else CONTEXT.multiply(_THREE, base)
    if floor is None or default is None or floor <= default:
        return _HalfYear(label, base, floor, None, None)
    # C. com. L441-10 II: the floor binds a contractual rate; whether it also lifts the default
    # rate is not settled (LAW.md § 1.2): flag it, never clamp.
    return _HalfYear(
        label,
        base,
        floor,
        Finding(
            Severity.WARNING,
            f"in {label} 3 × the legal rate (3 × {base} % = {floor} %) exceeds the "
            f"statutory rate ECB + 10 ({default} %) applied here; how the default rate "
            "meets the contractual floor is not settled: nothing was clamped",
            L441_10,
            code="floor_above_statutory_applied",
            params=_floor_params(label, base, floor, default),
            text=N_(
                "en %(half)s, 3 fois le taux légal (3 × %(legal)s = %(floor)s) dépasse le taux "
                "légal de retard BCE + 10 (%(statutory)s) appliqué ici ; la façon dont le taux "
                "par défaut respecte le plancher contractuel n'est pas tranchée : rien n'a été "
                "relevé"
            ),
        ),
        Finding(
            Severity.INFO,
            f"in {label} 3 × the legal rate ({floor} %) exceeds the statutory rate "
            f"ECB + 10 ({default} %)",
            L441_10,
            code="floor_above_statutory",
            params=_floor_params(label, base, floor, default),
            text=N_(
                "en %(half)s, 3 fois le taux légal (%(floor)s) dépasse le taux légal de retard "
                "BCE + 10 (%(statutory)s)"
            ),
        ),
    )


@final
@attrs.frozen
class _HalfYears:
    """Every half-year either table knows, with parallel tuples for bisection."""

    starts: tuple[date, ...]
    by_start: dict[date, _HalfYear]
    statutory_findings: tuple[Finding | None, ...]
    three_times_findings: tuple[Finding | None, ...]
    first_finding: date  # the first day of the first half-year with such a finding
    last_finding: date  # the last day of the last one


def _build_half_years(book: RateBook) -> _HalfYears:
    first = min(book.legal_other.first_day, SEMESTER_RULE_FROM)
    last = max(book.legal_other.known_until, book.statutory.known_until)
    starts = list(_half_year_starts(first, last))
    infos = tuple(_half_year(book, start) for start in starts)
    flagged = [start for start, info in zip(starts, infos, strict=True) if info.statutory_finding]
    return _HalfYears(
        tuple(starts),
        dict(zip(starts, infos, strict=True)),
        tuple(info.statutory_finding for info in infos),
        tuple(info.three_times_finding for info in infos),
        flagged[0] if flagged else date.max,
        half_year_end(flagged[-1]) if flagged else date.min,
    )


# The half-years of a rate book, built once per book (by identity, the book kept in the entry
# so that its id is not reused while the entry lives): a small cache of immutable values, cleared
# when it grows past a few books.
_HALF_YEARS: dict[int, tuple[RateBook, _HalfYears]] = {}
_HALF_YEARS_MAX: Final = 16


def _half_years(book: RateBook) -> _HalfYears:
    """What the findings need about every half-year *book* knows (cached per book)."""
    entry = _HALF_YEARS.get(id(book))
    if entry is not None and entry[0] is book:
        return entry[1]
    built = _build_half_years(book)
    if len(_HALF_YEARS) >= _HALF_YEARS_MAX:
        _HALF_YEARS.clear()
    _HALF_YEARS[id(book)] = (book, built)
    return built


def _rate_findings(basis: PenaltyBasis, book: RateBook, first: date, last: date) -> list[Finding]:
    """Findings on the rate, per half-year touched by the lines (nothing is ever clamped)."""
    row = _BASES[basis.kind]
    floor = row.floor
    if floor is _Floor.NONE:
        return []
    known = _half_years(book)
    if floor is not _Floor.AGREED:
        # Only half-years the tables know can carry this finding: slice the precomputed ones.
        if last < known.first_finding or first > known.last_finding:
            return []
        low = bisect_right(known.starts, first) - 1
        high = bisect_right(known.starts, last)
        found = (
            known.statutory_findings if floor is _Floor.DEFAULT_RATE else known.three_times_findings
        )
        return [f for f in found[max(low, 0) : high] if f is not None]
    # An agreed rate may not be below 3 × the legal rate: a fixed one, or the legal rate
    # (autres cas) × factor + points.
    what = row.floor_subject.format(points=basis.points)
    findings: list[Finding] = []
    for start in _half_year_starts(first, last):
        info = known.by_start.get(start) or _half_year(book, start)
        base, floor_rate = info.legal, info.floor
        if base is None or floor_rate is None:
            findings.append(
                Finding(
                    Severity.INFO,
                    f"the floor of 3 × the legal rate could not be checked for {info.label}: "
                    "no legal rate for it in the rate book",
                    L441_10,
                    code="floor_unchecked",
                    params=(("half", info.label.replace("-H", "-S")),),
                    text=N_(
                        "le plancher de 3 fois le taux légal n'a pu être vérifié pour %(half)s : "
                        "aucun taux légal pour ce semestre dans les tables"
                    ),
                )
            )
            continue
        if basis.rate is not None:
            rate = basis.rate
        else:
            _, factor, points, _ = _table_of(basis, book)
            rate = CONTEXT.add(CONTEXT.multiply(base, factor), points)
        if rate < floor_rate:
            findings.append(
                Finding(
                    Severity.VIOLATION,
                    f"{what} ({rate} %) is below 3 × the legal rate in {info.label} "
                    f"(3 × {base} % = {floor_rate} %): a contract may not set a lower rate",
                    L441_10,
                    code="rate_below_floor",
                    params=(
                        ("rate", rate),
                        ("half", info.label.replace("-H", "-S")),
                        ("legal", base),
                        ("floor", floor_rate),
                    ),
                    text=N_(
                        "le taux contractuel (%(rate)s) est inférieur à 3 fois le taux légal en "
                        "%(half)s (3 × %(legal)s = %(floor)s) : un contrat ne peut fixer un taux "
                        "plus bas"
                    )
                    if basis.rate is not None
                    else N_(
                        "le taux légal majoré (%(rate)s) est inférieur à 3 fois le taux légal en "
                        "%(half)s (3 × %(legal)s = %(floor)s) : un contrat ne peut fixer un taux "
                        "plus bas"
                    ),
                )
            )
    return findings


def _findings_of(
    basis: PenaltyBasis, book: RateBook, head: tuple[Finding, ...], lines: tuple[PenaltyLine, ...]
) -> tuple[Finding, ...]:
    """
    What the law says about a computation: *head* (the indemnity's and the debtor's findings,
    known before the lines), then the rate's per half-year its lines touch (the floor of
    3 × the legal rate), then one per half-year priced on an assumed rate.
    """
    if not lines:
        return head
    rated = _rate_findings(basis, book, lines[0].start, lines[-1].end)
    return (*head, *rated, *_provisional_findings(lines))


def _provisional_findings(lines: Iterable[PenaltyLine]) -> list[Finding]:
    """One WARNING per half-year (and rate) priced on an assumed rate, naming both."""
    findings: list[Finding] = []
    seen: set[tuple[str, Decimal]] = set()
    for line in lines:
        if not line.provisional:
            continue
        label = half_year_label(line.start)
        if (label, line.rate) in seen:
            continue
        seen.add((label, line.rate))
        semestre = label.replace("-H", "-S")  # semestre, in French
        findings.append(
            Finding(
                Severity.WARNING,
                f"taux {semestre} non publié dans les tables : {format_percent(line.rate)} supposé "
                f"({label} rate not published in the rate tables: {line.rate} % assumed "
                "unchanged)",
                line.article,
                code="rate_assumed",
                params=(("half", semestre), ("rate", line.rate)),
                text=N_("taux %(half)s non publié dans les tables : %(rate)s supposé"),
            )
        )
    return findings


_PAYMENTS: Final = "an iterable (list, tuple...) of Payment(on=date(...), amount=Decimal(...))"


def _check_payments(
    payments: object, currency: str, paid_on: date
) -> tuple[tuple[Payment, ...], bool, bool]:
    """
    *payments* as a tuple sorted by date, each checked (an empty iterable means none); whether
    every amount has no digit past the minor unit (not even a 0: the integer path needs that),
    and whether every amount has exactly the minor unit's decimals (``12.30``).
    """
    if type(payments) not in (tuple, list) and (  # the usual ones need no ABC check
        not isinstance(payments, Iterable)
        or isinstance(payments, str | bytes | Mapping | AbstractSet)
    ):
        if payments is None:
            why = "not None: pass () for no payment"
        elif isinstance(payments, Mapping):
            why = "not a mapping (a dict iterates over its keys)"
        elif isinstance(payments, AbstractSet):
            why = (
                "not a set (equal payments, on the same day for the same amount, would count once)"
            )
        else:
            why = f"not {type(payments).__name__}"
        raise ArgumentTypeError("payments", payments, f"{_PAYMENTS}, {why}")
    checked: list[Payment] = []
    unit = _EUR if currency == "EUR" else _unit_of(currency)
    places, one = -unit.places, unit.one
    payments = cast(Iterable[object], payments)
    whole = exact = in_order = True
    last = date.min
    for payment in payments:
        if not isinstance(payment, Payment):
            raise ArgumentTypeError(
                "payments",
                payment,
                f"each payment must be a Payment(on=date(...), amount=Decimal(...)), "
                f"not {type(payment).__name__}",
            )
        # A Payment's amount is a positive finite Decimal already: only its decimals are left,
        # and the usual amount is written with exactly the minor unit's (a cheap check).
        if not payment.amount.same_quantum(one):
            exact = False
            exponent = payment.amount.as_tuple().exponent
            if not isinstance(exponent, int) or exponent < places:
                _checked_amount(
                    payment.amount, currency, "payment", "a payment"
                )  # too many decimals?
                whole = False  # trailing zeros past the minor unit: the general path keeps them
        if payment.on > paid_on:
            raise InvalidPayment(
                payment,
                f"a payment dated after paid_on ({paid_on}) cannot be applied; "
                "evaluate at a later paid_on or drop it",
                code="payment_after_paid_on",
                params=(("on", payment.on), ("paid_on", paid_on)),
            )
        if payment.on < last:
            in_order = False
        last = payment.on
        checked.append(payment)
    if not in_order:
        checked.sort(key=lambda p: p.on)
    return tuple(checked), whole, exact


_IS_BASIS: Final = instance_of(
    PenaltyBasis, accepted="a PenaltyBasis such as PenaltyBasis.STATUTORY"
)
_IS_DAY_COUNT: Final = instance_of(DayCount, accepted="DayCount.ACT_365 or DayCount.ACT_ACT")
_IS_ALLOCATION: Final = instance_of(
    Allocation, accepted="Allocation.INTEREST_FIRST or Allocation.PRINCIPAL_FIRST"
)
_IS_BOOL: Final = instance_of(bool, accepted="True or False")


def late_penalties(
    principal: object,
    due_on: date,
    paid_on: date,
    *,
    basis: PenaltyBasis = PenaltyBasis.STATUTORY,
    payments: Iterable[Payment] = (),
    day_count: DayCount = DayCount.ACT_365,
    allocation: Allocation = Allocation.INTEREST_FIRST,
    recovery_costs: object = None,
    indemnity_in_currency: object = None,
    debtor_is_consumer: bool = False,
    currency: str = "EUR",
    rates: RateBook | None = None,
) -> PenaltyBreakdown:
    """
    Compute the late-payment penalties of one invoice, line by line.

    Interest runs for every day from ``due_on + 1`` to ``paid_on`` inclusive on the principal
    still outstanding; nothing is owed when ``paid_on`` is on or before ``due_on``.  Lines split at
    every rate change, every partial payment and, under ``ACT_ACT``, every 31 December.  Each line
    is rounded half-up to the minor unit; ``interest`` is the sum of the rounded lines.

    Partial payments: a payment on or before ``due_on`` simply reduces the principal before
    interest starts.  A later payment on day P is applied at the end of day P: first to the
    interest accrued up to P and not yet paid (the rounded lines ending on or before P), then to
    the principal (C. civ. 1343-1), or the other way round with
    ``allocation=Allocation.PRINCIPAL_FIRST``.  Only the outstanding principal bears interest
    (no capitalisation, C. civ. 1343-2); once it is fully paid no more lines are produced.
    Payments never reduce the indemnity.

    Every figure is computed in :data:`dunning_core.money.CONTEXT`, whatever the caller's decimal
    context; dates may run up to 9999-12-31.

    Args:
        principal: the invoice amount (TTC), ``Decimal``, ``int`` or ``str``; more than zero.
        due_on: the due date.
        paid_on: the payment date, or the evaluation date of an unpaid invoice.  For
            :meth:`PenaltyBasis.legal`, pass the date of the *mise en demeure* as ``due_on``.
        basis: the :class:`PenaltyBasis` (default: ECB + 10 points, L441-10).
        payments: partial :class:`Payment` values, each on or before ``paid_on``, in any order:
            a list, a tuple or another iterable (not ``None``, a dict or a set).
        day_count: :class:`DayCount` (default ``ACT_365``).
        allocation: :class:`Allocation` (default ``INTEREST_FIRST``).
        recovery_costs: justified recovery costs; above the flat 40 € they replace it.
        indemnity_in_currency: for an invoice in another currency than the euro, the flat
            40 € converted into that currency (at the rate the creditor retains): the flat
            indemnity is 40 € whatever the currency (D441-5), and this library converts
            nothing.  Without it the indemnity is not counted: ``indemnity`` is zero,
            ``indemnity_article`` still names D441-5, :attr:`PenaltyBreakdown.unconverted_indemnity`
            holds the 40 € and a WARNING finding asks for the amount.  Refused for ``EUR``.
        debtor_is_consumer: the debtor is a consumer: no indemnity (CPCE L111-8) and a finding
            if a B2B basis is used.
        currency: ISO 4217 code of the amounts.
        rates: a :class:`~dunning_core.rates.RateBook`; ``None`` means
            :func:`~dunning_core.rates.default_rates`.

    Returns:
        A :class:`PenaltyBreakdown`.

    Raises:
        AmountTypeError: a float (pass ``Decimal("12.5")``) or another type as an amount.
        InvalidAmount: NaN, infinity, a negative or zero principal, too many decimals.
        DateTypeError: a date that is not a ``datetime.date``.
        InvalidPayment: a payment after ``paid_on`` or larger than what is owed on its day
            (principal + unpaid accrued interest).
        InvalidArgument: an option of the wrong kind.
        ArgumentTypeError: *payments* is not an iterable of :class:`Payment` (``None``, a dict,
            a set, text...), or holds something else (an ``InvalidArgument`` and a ``TypeError``).
        RateUnavailable: a late day the rate tables do not cover (names the half-year and how to
            supply it).

    >>> b = late_penalties(
    ...     Decimal("10000"), date(2025, 3, 31), date(2025, 8, 15),
    ...     payments=[Payment(on=date(2025, 6, 30), amount=Decimal("5000"))])
    >>> [(str(line.balance), line.days, str(line.amount)) for line in b.lines]
    [('10000', 91, '327.85'), ('5327.85', 46, '81.58')]
    """
    # validate → accrue → allocate → indemnity → findings (built when read), each a function.
    amount, units, currency, due, paid, costs, flat, book, pays, whole, exact = _validate(
        principal,
        due_on,
        paid_on,
        basis,
        payments,
        day_count,
        allocation,
        recovery_costs,
        indemnity_in_currency,
        debtor_is_consumer,
        currency,
        rates,
    )
    zero = _EUR.zero if currency == "EUR" else _unit_of(currency).zero
    if pays:  # those on or before the due date reduce the principal before interest starts
        balance, index = _paid_before_due(amount, due, pays, currency)
    else:
        balance, index = amount, 0
    late = paid > due and (not index or balance > 0)  # no payment before due: balance > 0
    if late:
        built, raw, balance, accrued, interest_paid, index = _accrue(
            basis,
            book,
            due,
            paid,
            balance,
            units,
            pays,
            index,
            allocation,
            currency,
            day_count,
            whole,
            exact,
        )
    else:
        built, raw, accrued, interest_paid = (), None, zero, zero
    if index < len(pays):  # paid after the principal was cleared, or not late: interest left
        balance, accrued, interest_paid = _allocate(
            pays, index, balance, accrued, interest_paid, allocation, currency
        )
    indemnity, indemnity_article, head = _indemnity(
        late, basis, costs, flat, debtor_is_consumer, due, currency
    )
    # the sum of the rounded lines (nothing to add when no interest was paid: the hot path)
    interest = accrued if interest_paid is zero else CONTEXT.add(accrued, interest_paid)
    # The findings on the rate are built when first read (_findings_of): a portfolio that wants
    # the totals pays for nothing else.
    return _breakdown(
        (
            amount,
            currency,
            due,
            paid,
            basis,
            day_count,
            allocation,
            pays,
            interest,
            interest_paid,
            balance,
            indemnity,
            indemnity_article,
            None,  # the total, added when read
        ),
        built,
        raw,
        head,
        book,
    )


def _validate(
    principal: object,
    due_on: date,
    paid_on: date,
    basis: PenaltyBasis,
    payments: Iterable[Payment],
    day_count: DayCount,
    allocation: Allocation,
    recovery_costs: object,
    indemnity_in_currency: object,
    debtor_is_consumer: bool,
    currency: str,
    rates: RateBook | None,
) -> tuple[
    Decimal,
    int | None,
    str,
    date,
    date,
    Decimal | None,
    Decimal | None,
    RateBook,
    tuple[Payment, ...],
    bool,
    bool,
]:
    """
    Every argument of :func:`late_penalties` checked at the boundary: the principal (and its
    value in minor units when read on the way, else ``None``), the currency, the dates, the
    recovery costs, the rate book, the payments sorted (whether every amount has no digit past
    the minor unit, and whether each has exactly its decimals), and the flat indemnity
    converted into the invoice's currency, if given.
    """
    if currency == "EUR":  # the default needs no check (the hot path)
        unit = _EUR
    else:
        currency = check_currency(currency)
        unit = _unit_of(currency)
    # A plain positive Decimal at the minor unit, under 10**15 (MAX_AMOUNT, as to_amount checks
    # it), needs no other check (the hot path); its value in minor units is kept for the integer
    # path.
    amount: Decimal | None = None
    units: int | None = None
    if type(principal) is Decimal and principal.adjusted() < 15:
        try:
            numerator, denominator = principal.as_integer_ratio()  # one exact C call
        except (ValueError, OverflowError):  # NaN, infinity: the checked path says so
            numerator, denominator = 0, 1
        if numerator > 0 and not unit.scale % denominator:  # no digit past the minor unit
            amount, units = principal, numerator * (unit.scale // denominator)
    if amount is None:  # anything else, or an error saying what is wrong
        amount = _checked_amount(principal, currency, "principal")
        if not amount:
            raise InvalidAmount(
                amount,
                "principal must be more than zero",
                code="not_more_than_zero",
                params=(("name", "principal"),),
            )
    # A plain date needs no check (and no call: this is the hot path); to_date() does the rest.
    due = due_on if type(due_on) is date else to_date(due_on, name="due_on")
    paid = paid_on if type(paid_on) is date else to_date(paid_on, name="paid_on")
    # The validators are called off the usual values only: an identity test first (hot path).
    given: object = basis  # (typed, but any object may be passed)
    if type(given) is not PenaltyBasis:  # a final class
        _IS_BASIS("basis", basis)
    if day_count is not _ACT_365:
        _IS_DAY_COUNT("day_count", day_count)
    if allocation is not _INTEREST_FIRST:
        _IS_ALLOCATION("allocation", allocation)
    if debtor_is_consumer is not False:
        _IS_BOOL("debtor_is_consumer", debtor_is_consumer)
    costs = (
        None
        if recovery_costs is None
        else _checked_amount(recovery_costs, currency, "recovery_costs", "costs")
    )
    flat = None if indemnity_in_currency is None else _converted(indemnity_in_currency, currency)
    if rates is None:
        book = default_rates()
    elif isinstance(rates, RateBook):
        book = rates
    else:
        raise InvalidArgument("rates", rates, "a RateBook such as default_rates()")
    # The default () needs no check (and no call: this is the hot path).
    pays, whole, exact = (
        _NO_PAYMENT
        if type(payments) is tuple and not payments
        else _check_payments(payments, currency, paid)
    )
    return amount, units, currency, due, paid, costs, flat, book, pays, whole, exact


def _whole_units(amount: Decimal, unit: _Unit) -> int | None:
    """
    *amount* in minor units when it is finite, below :data:`_FAST_LIMIT` and has no nonzero
    digit past the minor unit (``12.30`` and ``12.300`` are 1230 cents), else ``None``.
    """
    if not amount.is_finite() or amount.adjusted() >= 18:  # also keeps the ints small
        return None
    numerator, denominator = amount.as_integer_ratio()  # one exact C call (the hot path)
    if unit.scale % denominator:
        return None
    return int(numerator * (unit.scale // denominator))


def _converted(value: object, currency: str) -> Decimal:
    """The flat 40 € indemnity converted into *currency*, as the caller passes it."""
    if currency == "EUR":
        raise InvalidArgument(
            "indemnity_in_currency",
            value,
            "nothing, for an invoice in EUR (its flat indemnity is 40 €); it is the 40 € "
            "converted into the currency of an invoice in another currency",
            code="indemnity_in_eur",
        )
    amount = _checked_amount(value, currency, "indemnity_in_currency")
    if not amount:
        raise InvalidAmount(
            amount,
            "indemnity_in_currency must be more than zero",
            code="not_more_than_zero",
            params=(("name", "indemnity_in_currency"),),
        )
    return amount


def _paid_before_due(
    amount: Decimal, due: date, pays: tuple[Payment, ...], currency: str
) -> tuple[Decimal, int]:
    """
    The principal when interest starts: the payments on or before the due date reduce it.
    Returns it and the index of the first payment left.
    """
    balance = amount
    count = len(pays)
    index = 0
    while index < count and pays[index].on <= due:
        payment = pays[index]
        if payment.amount > balance:
            raise InvalidPayment(
                payment,
                f"it exceeds the {balance} {currency} of principal owed on {payment.on}",
                code="payment_over_principal",
                params=(
                    ("amount", payment.amount),
                    ("principal", balance),
                    ("on", payment.on),
                    ("currency", currency),
                ),
            )
        balance = CONTEXT.subtract(balance, payment.amount)
        index += 1
    return balance, index


def _accrue(
    basis: PenaltyBasis,
    book: RateBook,
    due: date,
    paid: date,
    balance: Decimal,
    units: int | None,
    pays: tuple[Payment, ...],
    index: int,
    allocation: Allocation,
    currency: str,
    day_count: DayCount,
    whole: bool,
    exact: bool,
) -> tuple[
    tuple[PenaltyLine, ...] | None,
    tuple[Article, int, _Pending] | None,
    Decimal,
    Decimal,
    Decimal,
    int,
]:
    """
    The interest lines from the day after *due* to *paid*, each payment of those days allocated
    at the end of its day.  In integers when the rates and amounts allow it (the lines then
    kept raw, built when read), else in ``Decimal``.  Returns the lines or the raw lines, the
    principal balance, the unpaid interest, the interest paid, and the index of the first
    payment not applied.
    """
    entry = _COMPILED.get(id(book) ^ id(basis))  # _compiled's cache, read inline (hot path)
    if entry is not None and entry[0] is book and entry[1] is basis:
        rates_of = entry[2]
    else:
        rates_of = _compiled(basis, book, due)
    # _columnar(basis, day_count), read cheaply: micro is None for a judgment's + 5 points.
    if rates_of.micro is not None and day_count is _ACT_365 and whole:
        unit = _EUR if currency == "EUR" else _unit_of(currency)
        if index or units is None:  # paid before the due date, or not read above
            units = _whole_units(balance, unit)
        if units is not None and units < unit.limit:
            # The integer fast path: exactly the figures of the general one (see _fast_lines).
            first, last = due.toordinal() + 1, paid.toordinal()
            places = unit.places
            if index == len(pays):  # no payment while interest runs: the usual case
                plain = (rates_of, first, last, balance, units)  # its lines, when read
                unpaid = _SCALEB(_plain_lines(*plain), -places)  # exact: 50 digits
                return None, (rates_of.article, places, plain), balance, unpaid, unit.zero, index
            raw, balance, accrued_part, interest_paid, index = _fast_lines(
                rates_of,
                first,
                last,
                balance,
                units,
                unit,
                pays,
                index,
                allocation,
                currency,
                exact,
            )
            return (
                None,
                (rates_of.article, places, raw),
                balance,
                accrued_part,
                interest_paid,
                index,
            )
    built, balance, accrued_part, interest_paid, index = _general_lines(
        basis, book, due + _DAY, paid, balance, pays, index, allocation, currency, day_count
    )
    return built, None, balance, accrued_part, interest_paid, index


def _allocate(
    pays: tuple[Payment, ...],
    index: int,
    balance: Decimal,
    accrued: Decimal,
    interest_paid: Decimal,
    allocation: Allocation,
    currency: str,
) -> tuple[Decimal, Decimal, Decimal]:
    """
    The payments left once no interest runs (the principal cleared, or not late): they may
    still pay accrued interest.  Returns the principal balance, the unpaid interest and the
    interest paid.
    """
    count = len(pays)
    while index < count:
        balance, accrued, to_interest = _apply(pays[index], balance, accrued, allocation, currency)
        interest_paid = CONTEXT.add(interest_paid, to_interest)
        index += 1
    return balance, accrued, interest_paid


_NO_PAYMENT: Final[tuple[tuple[Payment, ...], bool, bool]] = ((), True, True)
# Enum members read once (reading DayCount.ACT_365 is a Python-level descriptor call in 3.11).
_ACT_365: Final = DayCount.ACT_365
_INTEREST_FIRST: Final = Allocation.INTEREST_FIRST
_EUR: Final = _unit_of("EUR")


_FAST_LIMIT: Final = Decimal(10) ** 18
_SCALEB: Final = CONTEXT.scaleb  # an int to a Decimal times 10**n in one C call (hot path)
"""Balances below this are priced in integers (exact: far inside the 50 digits of CONTEXT)."""

_MICRO: Final = 10**6  # rates in millionths of a percent
_DIVISOR: Final = 36500 * _MICRO  # balance in minor units × rate in millionths × days


@final
class _Rates:
    """
    A rate schedule compiled for the interest loop: parallel tuples over its periods.

    ``micro`` holds the rates in millionths of a percent when the integer fast path may price
    the basis (every rate a whole number of them and none negative, no judgment's + 5 points),
    else ``None``.
    """

    __slots__ = ("article", "ends", "micro", "provisional", "rates", "starts", "table")

    def __init__(
        self,
        periods: tuple[RatePeriod, ...],
        table: RateTable | None,
        factor: Decimal,
        points: Decimal,
        article: Article,
        integral: bool = True,
    ) -> None:
        multiply, add = CONTEXT.multiply, CONTEXT.add
        adjust = factor != 1 or points != 0
        rates = tuple(add(multiply(p.rate, factor), points) if adjust else p.rate for p in periods)
        self.table = table
        self.article = article
        self.starts = tuple(p.start.toordinal() for p in periods)
        self.ends = tuple(p.end.toordinal() for p in periods)
        self.rates = rates
        self.provisional = tuple(p.provisional for p in periods)
        self.micro: tuple[int, ...] | None = None
        micro: list[int] = []
        for rate in rates if integral else ():
            scaled = rate.scaleb(6, CONTEXT)
            if rate < 0 or scaled != scaled.to_integral_value(context=CONTEXT):
                break
            micro.append(int(scaled))
        else:
            if integral:
                self.micro = tuple(micro)


# Compiled schedules per (rate book, basis), both by identity (kept in the entry, so that their
# ids are not reused while the entry lives).  A small cache of immutable values, cleared when
# it grows past a few books.
_COMPILED: dict[int, tuple[RateBook, PenaltyBasis, _Rates]] = {}
_COMPILED_MAX: Final = 64


def _compiled(basis: PenaltyBasis, book: RateBook, due: date) -> _Rates:
    """The schedule *basis* prices on from the day after *due* under *book*, compiled (cached)."""
    entry = _COMPILED.get(id(book) ^ id(basis))
    if entry is not None and entry[0] is book and entry[1] is basis:
        return entry[2]
    if not basis.per_half_year:  # one fixed rate from start: nothing worth caching
        start = due + _DAY
        return _Rates(*_schedule(basis, book, start, start))
    table, factor, points, article = _table_of(basis, book)
    # A judgment's + 5 points (CMF L313-3) is priced on the general path.
    compiled = _Rates(table.periods, table, factor, points, article, _columnar(basis, _ACT_365))
    if len(_COMPILED) >= _COMPILED_MAX:
        _COMPILED.clear()
    _COMPILED[id(book) ^ id(basis)] = (book, basis, compiled)
    return compiled


def _columnar(basis: PenaltyBasis, day_count: DayCount) -> bool:
    """
    Whether *basis* under *day_count* is priced on the integer paths (``late_penalties``'s, and
    ``penalties_frame``'s columns): each line over 365 days (``ACT_ACT`` splits at every
    31 December and divides by 366 in a leap year) and no judgment's + 5 points (CMF L313-3,
    from a day of its own); the others go through the ``Decimal`` path.

    >>> _columnar(PenaltyBasis.STATUTORY, DayCount.ACT_365)
    True
    >>> _columnar(PenaltyBasis.legal(enforceable_on=date(2025, 1, 6)), DayCount.ACT_365)
    False
    """
    return day_count is _ACT_365 and basis.enforceable_on is None


def _first_period(rates_of: _Rates, first: int) -> int:
    """The index of the period holding day *first* (an ordinal), or RateUnavailable."""
    period = bisect_right(rates_of.starts, first) - 1
    if period < 0 or first > rates_of.ends[-1]:
        raise _unavailable(rates_of, first)
    return period


def _plain_lines(
    rates_of: _Rates,
    first: int,
    last: int,
    balance: Decimal,
    units: int,
    lines: list[_RawLine] | None = None,
) -> int:
    """
    The interest from day *first* to *last* (ordinals) on a *balance* of *units* minor units
    that no payment changes, in minor units: one line per period, each
    ``units × rate × days / 36 500`` rounded half-up exactly (:func:`_half_up`).  The raw lines
    are appended to *lines* when given (they are built when read).
    """
    ends, micros = rates_of.ends, rates_of.micro
    assert micros is not None
    period = bisect_right(rates_of.starts, first) - 1
    if period < 0 or first > ends[-1]:
        raise _unavailable(rates_of, first)
    accrued = 0
    cursor = first
    while True:
        end = ends[period]
        if end > last:
            end = last
        value: int = _half_up(units * micros[period] * (end - cursor + 1), _DIVISOR)
        if lines is not None:
            rate, assumed = rates_of.rates[period], rates_of.provisional[period]
            lines.append((cursor, end, balance, rate, value, assumed))
        accrued += value
        if end == last:
            return accrued
        cursor = end + 1
        period += 1
        if period == len(ends):
            raise _unavailable(rates_of, cursor)


def _fast_lines(
    rates_of: _Rates,
    first: int,
    last_day: int,
    principal: Decimal,
    principal_units: int,
    unit: _Unit,
    pays: tuple[Payment, ...],
    index: int,
    allocation: Allocation,
    currency: str,
    exact: bool,
) -> tuple[list[_RawLine], Decimal, Decimal, Decimal, int]:
    """
    The lines in integers, with payments: day ordinals, amounts in minor units, rates in
    millionths of a percent.

    *principal* is the balance when interest starts on day *first*, *principal_units* the same
    in minor units.

    ``balance × rate × days / 36 500`` rounded half-up to the minor unit is computed exactly
    (:func:`_half_up`); the general path computes it in 50-digit decimals, which round the same
    way for every balance below :data:`_FAST_LIMIT` (the quotient is never within 10⁻²⁰ of a half
    unit without being on it).  Payments are applied in integers too when the balance and every
    payment are written at the minor unit (*exact*: ``12.30``, not ``12.3``), else in ``Decimal``
    as on the general path, so that balances keep their exponents.  Returns the raw lines, the
    principal balance, the unpaid interest, the interest paid, and the index of the first payment
    not applied.
    """
    ends, rates, micros, provisional = (
        rates_of.ends,
        rates_of.rates,
        rates_of.micro,
        rates_of.provisional,
    )
    assert micros is not None
    places, scale, one = unit.places, unit.scale, unit.one
    cursor = first
    period = _first_period(rates_of, cursor)
    balance: Decimal | int = principal  # an int of minor units after a payment
    balance_units = principal_units
    accrued = interest_paid = 0  # in minor units
    count = len(pays)
    interest_first = allocation is _INTEREST_FIRST
    exact_balance = exact and principal.same_quantum(one)
    next_pay = pays[index].on.toordinal()
    lines: list[_RawLine] = []
    append = lines.append
    periods = len(ends)
    while True:
        segment_end = ends[period]
        if segment_end > last_day:
            segment_end = last_day
        rate, micro, assumed = rates[period], micros[period], provisional[period]
        while cursor <= segment_end:
            end = next_pay if next_pay < segment_end else segment_end
            product = balance_units * micro * (end - cursor + 1)
            value: int = _half_up(product, _DIVISOR)
            append((cursor, end, balance, rate, value, assumed))
            accrued += value
            while next_pay == end:  # apply the payments of this day, at its end
                payment = pays[index]
                if exact_balance:  # every amount at the minor unit: integers
                    numerator, denominator = payment.amount.as_integer_ratio()
                    paying = numerator * (scale // denominator)
                    if paying > balance_units + accrued:  # the general path's error
                        _apply(
                            payment,
                            _decimal(balance, places),
                            _at(accrued, places),
                            allocation,
                            currency,
                        )
                    if interest_first:
                        to_interest = paying if paying < accrued else accrued
                    else:
                        to_interest = paying - balance_units if paying > balance_units else 0
                    balance_units -= paying - to_interest
                    balance = balance_units  # as a Decimal when read
                else:  # in Decimal, which keeps the balance's own exponent
                    after, unpaid, _ = _apply(
                        payment,
                        _decimal(balance, places),
                        _at(accrued, places),
                        allocation,
                        currency,
                    )
                    numerator, denominator = unpaid.as_integer_ratio()
                    to_interest = accrued - numerator * (scale // denominator)
                    numerator, denominator = after.as_integer_ratio()
                    balance, balance_units = after, numerator * (scale // denominator)
                    exact_balance = exact and after.same_quantum(one)
                accrued -= to_interest
                interest_paid += to_interest
                index += 1
                next_pay = pays[index].on.toordinal() if index < count else _NEVER
            cursor = end + 1
            if not balance_units:
                break
        if cursor > last_day or not balance_units:
            break
        period += 1
        if period == periods:
            raise _unavailable(rates_of, cursor)
    paid_part = _at(interest_paid, places) if interest_paid else unit.zero
    if not isinstance(balance, Decimal):
        balance = _at(balance, places)
    return lines, balance, _at(accrued, places), paid_part, index


def _decimal(balance: Decimal | int, places: int) -> Decimal:
    """A balance kept as a Decimal, or as an int of minor units (then with *places* decimals)."""
    return balance if isinstance(balance, Decimal) else _at(balance, places)


def _at(units: int, places: int) -> Decimal:
    """*units* of the minor unit as a Decimal with *places* decimals (``1234`` → ``12.34``)."""
    return _SCALEB(units, -places)


_NEVER: Final = date.max.toordinal() + 1  # no payment left


def _unavailable(rates_of: _Rates, day: int) -> RateUnavailable:
    if rates_of.table is None:  # pragma: no cover - fixed rates cover every day
        raise AssertionError("a fixed rate covers every day")
    return rates_of.table.unavailable(date.fromordinal(day))


def _general_lines(
    basis: PenaltyBasis,
    book: RateBook,
    start: date,
    paid: date,
    balance: Decimal,
    pays: tuple[Payment, ...],
    index: int,
    allocation: Allocation,
    currency: str,
    day_count: DayCount,
) -> tuple[tuple[PenaltyLine, ...], Decimal, Decimal, Decimal, int]:
    """
    The lines in ``Decimal``, for every case (``ACT_ACT``, a judgment's + 5 points, any rate).

    Returns the lines, the principal balance, the unpaid interest, the interest paid, and the
    index of the first payment not applied.
    """
    add = CONTEXT.add
    unit, zero, _ = _units(currency)
    accrued = interest_paid = zero
    lines: list[PenaltyLine] = []
    count = len(pays)
    periods, table, factor, points, article = _schedule(basis, book, start, paid)
    majorated = basis.enforceable_on
    boost = None if majorated is None else _increase_from(majorated)
    increase = _BASES[basis.kind].judgment_points or _ZERO
    act_act = day_count is DayCount.ACT_ACT
    cursor = start
    finished = False  # the line ending on paid_on is done (paid_on may be date.max)
    no_more = date.max  # sentinel once no payment is left (index == count tells it apart)
    next_pay = pays[index].on if index < count else no_more
    adjust = factor != 1 or points != 0
    multiply, divide, append = CONTEXT.multiply, CONTEXT.divide, lines.append
    for period in periods:
        segment_end = period.end if period.end < paid else paid
        rate = period.rate
        if adjust:
            rate = add(multiply(rate, factor), points)
        line_rate, line_article = rate, article
        while cursor <= segment_end:
            end = next_pay if next_pay < segment_end else segment_end
            if act_act and end.year != cursor.year:
                end = date(cursor.year, 12, 31)
            if boost is not None:  # CMF L313-3: + 5 points from two months after judgment
                if cursor < boost <= end:
                    end = boost - _DAY
                if cursor >= boost:
                    line_rate, line_article = add(rate, increase), CMF_L313_3
            days = (end - cursor).days + 1
            if act_act and _is_leap(cursor.year):
                denominator, divisor = 366, _D36600
            else:
                denominator, divisor = 365, _D36500
            value = divide(multiply(multiply(balance, line_rate), days), divisor).quantize(
                unit, rounding=ROUND_HALF_UP, context=CONTEXT
            )
            append(
                _line(
                    (
                        cursor,
                        end,
                        days,
                        balance,
                        line_rate,
                        value,
                        line_article,
                        denominator,
                        period.provisional,
                    )
                )
            )
            accrued = add(accrued, value)
            while next_pay == end and index < count:
                balance, accrued, to_interest = _apply(
                    pays[index], balance, accrued, allocation, currency
                )
                interest_paid = add(interest_paid, to_interest)
                index += 1
                next_pay = pays[index].on if index < count else no_more
            if end == paid:  # the last late day: end + 1 day may not exist
                finished = True
                break
            cursor = end + _DAY
            if not balance:
                break
        if finished or not balance:
            break
    if balance and not finished:
        if table is None:  # pragma: no cover - fixed rates cover every day
            raise AssertionError("a fixed rate covers every day")
        raise table.unavailable(cursor)
    return tuple(lines), balance, accrued, interest_paid, index


def _indemnity(
    late: bool,
    basis: PenaltyBasis,
    costs: Decimal | None,
    converted: Decimal | None,
    debtor_is_consumer: bool,
    due: date,
    currency: str,
) -> tuple[Decimal, Article | None, tuple[Finding, ...]]:
    """
    The recovery indemnity, its article, and the findings about it (and about the basis): the
    flat one when :func:`_flat_owed` (its amount :func:`_flat_amount`), justified costs above it,
    else none, and why.
    """
    row = _BASES[basis.kind]
    flat = row.indemnity  # D441-5, CCP D2192-35, or None
    if not late:
        return (_EUR.zero if currency == "EUR" else _unit_of(currency).zero), None, ()
    if costs is None and _flat_owed(flat is not None, debtor_is_consumer, due):
        amount = _flat_amount(currency, converted)
        if amount is not None:  # the usual case: 40 € between professionals
            return amount, flat, ()
    # What is left explains itself: no indemnity (and why), costs, or 40 € not converted.
    findings: list[Finding] = []
    indemnity = _units(currency)[1]
    indemnity_article: Article | None = None
    if debtor_is_consumer:
        if row.between_professionals:
            findings.append(
                Finding(
                    Severity.WARNING,
                    f"{basis.wording % basis.words()} is a rule between professionals; a "
                    "consumer owes legal interest from the mise en demeure: use "
                    "PenaltyBasis.legal(...)",
                    CIV_1231_6,
                    code="consumer_basis",
                    params=(("basis", basis),),
                    text=N_(
                        "%(basis)s est une règle entre professionnels ; un particulier doit "
                        "l'intérêt au taux légal à compter de la mise en demeure : utilisez "
                        "PenaltyBasis.legal(...)"
                    ),
                )
            )
        if costs:
            findings.append(
                Finding(
                    Severity.WARNING,
                    "recovery costs without an enforceable title stay with the creditor when the "
                    "debtor is a consumer: none were added",
                    CPCE_L111_8,
                    code="consumer_costs",
                    text=N_(
                        "les frais de recouvrement sans titre exécutoire restent à la charge du "
                        "créancier quand le débiteur est un particulier : aucun n'a été ajouté"
                    ),
                )
            )
    elif flat is not None and due < INDEMNITY_FROM:
        findings.append(
            Finding(
                Severity.INFO,
                "no recovery indemnity: the 40 € of D441-5 applies to debts falling due from "
                f"{INDEMNITY_FROM.isoformat()} (loi 2012-387, décret 2012-1115); this one fell "
                f"due on {due.isoformat()}",
                D441_5,
                code="indemnity_before_2013",
                params=(("from", INDEMNITY_FROM), ("due", due)),
                text=N_(
                    "pas d'indemnité forfaitaire : les 40 € de D441-5 s'appliquent aux créances "
                    "échues à compter du %(from)s (loi 2012-387, décret 2012-1115) ; celle-ci est "
                    "échue le %(due)s"
                ),
            )
        )
    elif flat is not None:
        if currency != "EUR" and converted is None:
            # 40 € whatever the currency (D441-5): never 0 without a word.
            if costs:
                indemnity, indemnity_article = quantize(costs, currency), row.costs_article
            else:
                indemnity_article = flat  # owed, in euros: unconverted_indemnity
            findings.append(_unconverted_finding(flat, currency, counted=bool(costs)))
        elif currency != "EUR":
            assert converted is not None
            if costs is not None and costs > converted:
                indemnity, indemnity_article = quantize(costs, currency), row.costs_article
            else:
                return quantize(converted, currency), flat, ()
        elif costs is not None and costs > FLAT_INDEMNITY:
            # Supplementary indemnity on justification (L441-10 II; L2192-13 for public buyers).
            indemnity = quantize(costs, currency)
            indemnity_article = row.costs_article
        else:
            return _FLAT_EUR, flat, ()
    if flat is None and not debtor_is_consumer:
        findings.append(
            Finding(
                Severity.INFO,
                row.no_indemnity,
                D441_5,
                code="no_indemnity",
                text=row.no_indemnity_text,
            )
        )
    return indemnity, indemnity_article, tuple(findings)


def _flat_owed(carried: Any, debtor_is_consumer: Any, due: Any, first: Any = INDEMNITY_FROM) -> Any:
    """
    The rule of the flat recovery indemnity on a late invoice, written once for one invoice and
    for columns of them (``penalties_frame``): owed when its basis carries one (*carried*:
    C. com. D441-5, CCP D2192-35; civil legal interest does not), by a debtor who is not a
    consumer (CPCE L111-8), on a debt fallen due from *first*, 2013-01-01 (loi 2012-387).

    *debtor_is_consumer* is a bool or a numpy bool column; *due* a date, or a column of day
    numbers with *first* the day number of 2013-01-01 in the same count.

    >>> _flat_owed(True, False, date(2013, 1, 1)), _flat_owed(True, False, date(2012, 12, 31))
    (True, False)
    >>> import numpy as np
    >>> _flat_owed(True, np.array([False, True, False]), np.array([15_706, 15_706, 15_705]), 15_706)
    array([ True, False, False])
    """
    return carried and ((debtor_is_consumer ^ True) & (due >= first))


def _flat_amount(currency: str, converted: Decimal | None) -> Decimal | None:
    """
    The flat indemnity in *currency*: 40.00 € in euros, else the 40 € converted by the caller
    (*converted*, ``indemnity_in_currency``), else ``None``: owed in euros, not counted
    (D441-5 sets it in euros whatever the currency; this library converts nothing).
    """
    if currency == "EUR":
        return _FLAT_EUR
    return None if converted is None else quantize(converted, currency)


def _half_up(products: Any, divisor: Any) -> Any:
    """
    ``products / divisor`` rounded half-up, exactly, in integers, for ``products >= 0`` (the
    integer paths price no negative rate: the ``Decimal`` path does, rounding away from zero):
    the rounding of every line (``ROUND_HALF_UP``), written once for an int and for numpy
    columns (``int64`` or ``object``) alike.

    >>> _half_up(5, 10), _half_up(14, 10), _half_up(15, 10)
    (1, 1, 2)
    """
    return (products + products + divisor) // (divisor + divisor)


def _unconverted_finding(article: Article, currency: str, *, counted: bool) -> Finding:
    """The WARNING of a flat indemnity owed in euros on an invoice in *currency*."""
    if counted:
        english = (
            f"the flat 40 € indemnity is owed whatever the currency; not converted to {currency}, "
            "it could not be compared with the justified costs (counted): pass its value in "
            f"{currency} as indemnity_in_currency"
        )
        text = N_(
            "l'indemnité forfaitaire de 40 € est due quelle que soit la devise ; non convertie "
            "en %(currency)s, elle n'a pas pu être comparée aux frais justifiés (comptés) : "
            "indiquez sa contre-valeur en %(currency)s (indemnity_in_currency)"
        )
    else:
        english = (
            f"the flat 40 € indemnity is owed whatever the currency; not converted to {currency}, "
            f"it is not counted in the total: pass its value in {currency} as "
            "indemnity_in_currency"
        )
        text = N_(
            "l'indemnité forfaitaire de 40 € est due quelle que soit la devise ; non convertie "
            "en %(currency)s, elle n'est pas comptée dans le total : indiquez sa contre-valeur "
            "en %(currency)s (indemnity_in_currency)"
        )
    french = text % {"currency": currency}
    return Finding(
        Severity.WARNING,
        f"{french} ({english})",
        article,
        code="indemnity_unconverted_costs" if counted else "indemnity_unconverted",
        params=(("currency", currency),),
        text=text,
    )


def _apply(
    payment: Payment, balance: Decimal, accrued: Decimal, allocation: Allocation, currency: str
) -> tuple[Decimal, Decimal, Decimal]:
    """Apply *payment*; return the new principal balance, unpaid interest, and interest paid."""
    add, subtract = CONTEXT.add, CONTEXT.subtract  # never the caller's context
    paid = payment.amount
    owed = add(balance, accrued)
    if paid > owed:
        raise InvalidPayment(
            payment,
            f"it exceeds what is owed at the end of {payment.on}: {balance} {currency} of "
            f"principal + {accrued} {currency} of accrued interest = {owed} {currency}",
            code="payment_over_owed",
            params=(
                ("amount", paid),
                ("owed", owed),
                ("principal", balance),
                ("interest", accrued),
                ("on", payment.on),
                ("currency", currency),
            ),
        )
    if allocation is _INTEREST_FIRST:
        to_interest = min(paid, accrued)
    else:
        to_interest = max(subtract(paid, balance), _ZERO)
    return (
        subtract(balance, subtract(paid, to_interest)),
        subtract(accrued, to_interest),
        to_interest,
    )
