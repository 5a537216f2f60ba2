"""
The ``dunning`` command: the only place of the package that reads the clock, files or the environment.

Sub-commands::

    dunning due-date TERMS --issued DATE [--delivered DATE] [--received DATE] [--json]
    dunning penalty AMOUNT --due DATE --paid DATE [--basis BASIS] [--payment DATE:AMOUNT ...]
                    [--rates FILE] [--assume-unchanged] [--recovery-costs AMOUNT] [--day-count act365|actact]
                    [--allocation interest-first|principal-first] [--currency EUR]
                    [--indemnity-in-currency AMOUNT] [--json]
    dunning rates [--json]
    dunning plan PORTFOLIO --today DATE [--format csv|csv-fr|jsonl] [--encoding utf-8|cp1252]
                 [--rates FILE] [--strict-rates] [--json]
    dunning report PORTFOLIO --today DATE [--format csv|csv-fr|jsonl] [--encoding utf-8|cp1252]
                   [--period-days N] [--currency EUR] [--rates FILE] [--strict-rates]
                   [--html FILE] [--json]
    dunning demo [--rates FILE] [--strict-rates]

Every error the library raises is printed as one line on stderr, with exit status 2.

>>> main(["due-date", "30 jours", "--issued", "2026-01-15"])
2026-02-14
0
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import csv
import html
import io
import json
import math
import os
import re
import socket
import ssl
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, NoReturn, TextIO, cast

import attrs
import pendulum
from babel.numbers import format_decimal

from dunning_core._i18n import (
    DEFAULT_LOCALE,
    N_,
    catalog_locale,
    gettext,
    ngettext,
    pgettext,
)
from dunning_core._text import visible
from dunning_core.calendar import half_year_label, half_year_start, parse_date
from dunning_core.display._errors import error_text, series_text
from dunning_core.display._machine import article_text, reason_text
from dunning_core.display._rows import row_errors_html
from dunning_core.errors import (
    DunningError,
    InvalidArgument,
    PortfolioError,
    RateTableError,
    RateUnavailable,
)
from dunning_core.format import (
    format_date,
    format_duration,
    format_money,
    format_percent,
    label,
)
from dunning_core.interest import (
    Allocation,
    BasisKind,
    Creditor,
    DayCount,
    Payment,
    PenaltyBasis,
    late_penalties,
)
from dunning_core.machine import Action, Amounts
from dunning_core.money import to_amount
from dunning_core.policy import Channel, DebtorSegment, Stage, french_default
from dunning_core.portfolio import AgeingBucket, portfolio_report
from dunning_core.portfolio_io import (
    FORMATS,
    MAX_LINE_LENGTH,
    SAMPLE_CREDITOR,
    SAMPLE_DATE,
    Format,
    Portfolio,
    PortfolioPlan,
    RowError,
    plan_portfolio,
    read_portfolio,
    sample_portfolio_text,
)
from dunning_core.rates import (
    DATA_AS_OF,
    ECB_MRO,
    LEGAL_CONSUMER,
    LEGAL_OTHER,
    SERIES,
    STATUTORY,
    RateBook,
    _cell_data,
    default_rates,
)
from dunning_core.terms import PaymentTerms, check_terms, due_date

__all__ = ["ECB_MRO_SERIES_URL", "RATES_FILE_ENV", "main", "parse_basis", "user_rates_file"]

RATES_FILE_ENV: Final = "DUNNING_RATES_FILE"
"""
The environment variable naming the user rate file (empty: read none).  Unset, the file is
``rates.csv`` in the per-user data directory of ``platformdirs`` (see :func:`user_rates_file`).
"""

ECB_MRO_SERIES_URL: Final = (
    "https://data-api.ecb.europa.eu/service/data/FM/B.U2.EUR.4F.KR.MRR_FR.LEV"
)
"""
The ECB Data Portal's SDMX REST address of the MRO rate: dataflow ``FM``, key
``B.U2.EUR.4F.KR.MRR_FR.LEV`` (main refinancing operations, fixed rate, level, business-daily);
``dunning rates update`` asks it for ``?format=csvdata&startPeriod=<day after the table>``.
"""
_ECB_SERIES_KEY: Final = "FM.B.U2.EUR.4F.KR.MRR_FR.LEV"
_TIMEOUT: Final = 20.0
_LABELLED: Final[Mapping[str, type[AgeingBucket] | type[Stage]]] = MappingProxyType(
    {"bucket": AgeingBucket, "stage": Stage}
)
"""The enum of each labelled column of ``report --json``'s rows (``bucket``, ``stage``)."""
_MAX_TIMEOUT: Final = 600
"""The longest ``--timeout`` of ``dunning rates update``, in seconds (ten minutes)."""
_RATES_HEADER: Final = "series,date,rate,source,known_until\n"

# The CLI spells a basis by its kind, "_" written "-", and the value of its first parameter after
# a colon (``contractual:12.5``, ``legal:consumer``); the parameter may be left out when the
# class has a constant of that kind (``legal-plus`` is ``PenaltyBasis.LEGAL_PLUS``).  Everything
# is read from the basis rows (``BasisKind.parameters``): a new basis needs nothing here.
_BASIS_ALIASES: Final = MappingProxyType({"public": BasisKind.PUBLIC_PROCUREMENT})


_PLACEHOLDERS: Final[Mapping[str, str]] = MappingProxyType(
    {"points": N_("POINTS"), "rate": N_("TAUX"), "creditor": N_("CRÉANCIER")}
)
"""The placeholder of each parameter of ``--basis`` in its spellings (``contractual:TAUX``)."""


def _placeholder(parameter: str, locale: str | None) -> str:
    """*parameter* as a placeholder: in *locale*, or in the developer's English (``None``)."""
    if locale is None:
        return parameter.upper()
    return gettext(_PLACEHOLDERS.get(parameter, parameter.upper()), locale=locale)


def _basis_spelling(kind: BasisKind, locale: str | None = None) -> str:
    """How ``--basis`` spells *kind*: ``statutory``, ``legal-plus[:POINTS]``, ``contractual:RATE``
    (the placeholder in *locale*, ``contractual:TAUX`` in French)."""
    name = kind.value.replace("_", "-")
    parameter = next(iter(kind.parameters), None)
    if parameter is None:
        return name
    argument = f":{_placeholder(parameter, locale)}"
    return f"{name}[{argument}]" if hasattr(PenaltyBasis, kind.name) else name + argument


def _basis_spellings(locale: str | None = None) -> str:
    """Every spelling of ``--basis``, its aliases and creditors: with the placeholders in
    *locale*, or in the developer's English (``None``, the exception's message)."""
    aliases = ", ".join(
        f"{alias} = {kind.value.replace('_', '-')}" for alias, kind in _BASIS_ALIASES.items()
    )
    values = {
        "spelled": ", ".join(_basis_spelling(kind, locale) for kind in BasisKind),
        "aliases": aliases,
        "creditor": _placeholder("creditor", locale),
        "creditors": "|".join(c.value for c in Creditor),
    }
    if locale is None:
        return "{spelled} ({aliases}; {creditor}: {creditors})".format(**values)
    return gettext("%(spelled)s (%(aliases)s ; %(creditor)s : %(creditors)s)", locale=locale) % (
        values
    )


def parse_basis(text: str) -> PenaltyBasis:
    """
    Read a penalty basis as the CLI spells it, from the basis rows of :mod:`~dunning_core.interest`.

    >>> str(parse_basis("statutory")) == str(PenaltyBasis.STATUTORY)
    True
    >>> parse_basis("contractual:12.5") == PenaltyBasis.contractual(Decimal("12.5"))
    True
    >>> parse_basis("legal-plus"), parse_basis("legal:consumer"), parse_basis("public")
    (PenaltyBasis.legal_plus(points=Decimal('10')), PenaltyBasis.legal(creditor=Creditor.CONSUMER), \
PenaltyBasis.PUBLIC_PROCUREMENT)
    >>> parse_basis("weekly")
    Traceback (most recent call last):
    ...
    dunning_core.errors.InvalidArgument: --basis: one of statutory, legal-plus[:POINTS], \
three-times-legal, contractual:RATE, public-procurement, legal[:CREDITOR] (public = \
public-procurement; CREDITOR: consumer|other) (got 'weekly')
    """
    spelled, colon, argument = text.strip().partition(":")
    spelled = spelled.lower()
    kind = _BASIS_ALIASES.get(spelled)
    if kind is None:
        kind = next((k for k in BasisKind if k.value.replace("_", "-") == spelled), None)
    if kind is not None:
        parameter = next(iter(kind.parameters), None)
        if not colon and hasattr(PenaltyBasis, kind.name):
            constant: PenaltyBasis = getattr(PenaltyBasis, kind.name)
            return constant
        if parameter is not None and argument:
            if parameter == "creditor":  # a word (consumer, other); a number is echoed as typed
                argument = argument.lower()
            try:
                return PenaltyBasis.from_dict({"kind": kind.value, parameter: argument})
            except DunningError as error:
                if error.code:  # a rate that is not an amount...: said as it is
                    raise
                # else (a creditor that is none): the spellings below
    raise InvalidArgument(
        "--basis",
        text,
        f"one of {_basis_spellings()}",
        code="not_one_of",
        params=(("accepted", (_basis_spellings(),)),),
    )


def _parse_payment(text: str) -> Payment:
    day, sep, amount = text.partition(":")
    if not sep:
        raise InvalidArgument(
            "--payment", text, "DATE:AMOUNT such as 2026-03-01:500.00", code="payment_spelling"
        )
    return Payment(on=parse_date(day), amount=to_amount(amount))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (Decimal, date)):
        return str(value)
    return value


def _print_json(data: Any, out: TextIO) -> None:
    print(json.dumps(_jsonable(data), ensure_ascii=False, indent=2), file=out)


def _cmd_due_date(args: argparse.Namespace, out: TextIO) -> None:
    terms = PaymentTerms.parse(args.terms)
    issued = parse_date(args.issued)
    delivered = parse_date(args.delivered) if args.delivered else None
    received = parse_date(args.received) if args.received else None
    kwargs: dict[str, Any] = {"delivered_on": delivered}
    if received is not None:
        kwargs["received_on"] = received
    due = due_date(terms, issued, **kwargs)
    findings = check_terms(terms, issued_on=issued, **kwargs)
    if args.json:
        _print_json(
            {
                "terms": str(terms),
                "issued_on": issued,
                "due_on": due,
                "findings": [
                    {
                        "severity": f.severity.value,
                        "message": f.message,
                        "article": str(f.article),
                        "text": f.to_text(locale=args.reader_locale),
                    }
                    for f in findings
                ],
            },
            out,
        )
        return
    print(due.isoformat(), file=out)
    for finding in findings:
        print("  " + finding.to_text(locale=args.reader_locale), file=out)


MAX_RATE_FILE_BYTES = 4 * 1024 * 1024
"""The largest ``--rates`` file read (4 MiB; the ECB's whole daily series is about 300 KB)."""


def _text_of(path: Path, encoding: str) -> str:
    """The text of the file at *path*; a file that is not UTF-8 is bad input, not a crash."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_RATE_FILE_BYTES + 1)
        if len(data) > MAX_RATE_FILE_BYTES:
            raise InvalidArgument(
                "FILE",
                str(path),
                f"a rate file of at most {MAX_RATE_FILE_BYTES:,} bytes",
                code="file_too_large",
                params=(("max", MAX_RATE_FILE_BYTES),),
            )
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InvalidArgument(
            "FILE",
            str(path),
            f"UTF-8 text; this file is not UTF-8 ({error.reason} at byte {error.start})",
            code="not_utf8",
            params=(("byte", error.start + 1),),
        ) from None


def user_rates_file() -> Path | None:
    """
    Where the user rate file is: ``$DUNNING_RATES_FILE``, else ``rates.csv`` in the per-user data
    directory (``platformdirs.user_data_path("dunning-core")``); ``None`` when the variable is set
    but empty (no user file).  The file need not exist.
    """
    named = os.environ.get(RATES_FILE_ENV)
    if named is not None:
        return Path(named) if named.strip() else None
    from platformdirs import user_data_path  # only the CLI needs it

    return user_data_path("dunning-core", appauthor=False) / "rates.csv"


def _rates_file_read(path: str | None) -> Path | None:
    """The rate file a command reads: ``--rates FILE`` (it wins), else the user file if any."""
    if path is not None:
        return Path(path)
    user = user_rates_file()
    return user if user is not None and user.is_file() else None


def _extended(book: RateBook, text: str, path: Path) -> RateBook:
    """*book* extended by the rate file *text*; an error names the file and the line."""
    try:
        return book.extended_from_csv(text)
    except RateTableError as error:
        raise RateTableError(
            error.series,
            f"{error.reason} (in {path})",
            error.row,
            code=error.code,
            params=(*error.params, ("file", str(path))),
        ) from None


def _load_rates(path: str | None, *, assume_through: date | None = None) -> RateBook:
    """
    The shipped book, extended by the ``--rates`` file or else by the user rate file when there
    is one; with *assume_through*, the last published rates are assumed unchanged until that day
    (provisional amounts, stated as such).
    """
    book = default_rates()
    read = _rates_file_read(path)
    if read is not None:
        book = _extended(book, _text_of(read, "utf-8"), read)
    return book if assume_through is None else book.assuming_unchanged(through=assume_through)


def _portfolio_rates(args: argparse.Namespace, today: date) -> RateBook:
    """The book of the portfolio commands: today priced on provisional rates unless strict."""
    return _load_rates(args.rates, assume_through=None if args.strict_rates else today)


def _provisional_notice(book: RateBook, locale: str = DEFAULT_LOCALE) -> str | None:
    """
    The one sentence, at the top of a plan, report or demo, that says which rates were assumed.

    ``None`` when no rate a penalty uses was assumed (an ECB rate assumed after the last decision
    changes nothing until the next 1 January / 1 July, which fixes the statutory rate).
    """
    assumed: list[str] = []

    def rate(value: Decimal) -> str:
        return format_percent(value, locale=locale)

    def published(day: date | None) -> str:  # None: no published rate at all (not shipped)
        return "—" if day is None else format_date(day, locale=locale)

    statutory = [p for p in book.statutory.periods if p.provisional]
    if statutory:
        halves = ", ".join(
            f"{p.start.year}-S{1 if p.start.month == 1 else 2} {rate(p.rate)}" for p in statutory
        )
        assumed.append(
            gettext(
                "taux BCE %(rate)s supposé inchangé après le %(day)s (taux légal de retard "
                "BCE + 10 : %(halves)s)",
                locale=locale,
            )
            % {
                "rate": rate(book.ecb.periods[-1].rate),
                "day": published(book.ecb.published_until),
                "halves": halves,
            }
        )
    legal = book.legal_other
    if legal.periods[-1].provisional:
        assumed.append(
            gettext(
                "taux de l'intérêt légal %(rate)s (particuliers %(consumer)s) supposés inchangés "
                "après le %(day)s",
                locale=locale,
            )
            % {
                "rate": rate(legal.periods[-1].rate),
                "consumer": rate(book.legal_consumer.periods[-1].rate),
                "day": published(legal.published_until),
            }
        )
    if not assumed:
        return None
    return gettext(
        "Montants provisoires : taux non publiés dans les tables, %(assumed)s. Les montants qui "
        "en dépendent sont marqués « provisoire ». Mise à jour : dunning rates update (BCE), "
        "dunning rates add-legal (arrêté) ; --strict-rates refuse les taux supposés.",
        locale=locale,
    ) % {"assumed": pgettext("list separator", " ; ", locale=locale).join(assumed)}


def _print_notice(book: RateBook, out: TextIO, locale: str = DEFAULT_LOCALE) -> None:
    notice = _provisional_notice(book, locale)
    if notice is not None:
        print(notice, file=out)


def _penalty_start(args: argparse.Namespace) -> tuple[date, PenaltyBasis]:
    """
    Where interest starts, and on which basis: the due date and the basis given (ECB + 10
    points by default); for a consumer (``--consumer``), the day the formal notice was received
    (C. civ. 1231-6 and 1344-1, never before the due date) and civil legal interest
    (``DebtorSegment.CONSUMER.penalty_basis()``) unless ``--basis`` says otherwise.
    """
    due = parse_date(args.due)
    if not args.consumer:
        if args.notice is not None:
            raise InvalidArgument(
                "--notice", args.notice, "only with --consumer", code="notice_without_consumer"
            )
        return due, parse_basis(args.basis or "statutory")
    if args.notice is None:
        raise InvalidArgument(
            "--notice",
            None,
            "with --consumer, the day the formal notice was received (YYYY-MM-DD): a "
            "consumer owes legal interest from it (C. civ. 1231-6, 1344-1)",
            code="consumer_without_notice",
        )
    basis = parse_basis(args.basis) if args.basis else DebtorSegment.CONSUMER.penalty_basis()
    return max(due, parse_date(args.notice)), basis


def _cmd_penalty(args: argparse.Namespace, out: TextIO) -> None:
    paid = parse_date(args.paid)
    start, basis = _penalty_start(args)
    breakdown = late_penalties(
        to_amount(args.amount),
        start,
        paid,
        basis=basis,
        debtor_is_consumer=args.consumer,
        payments=tuple(_parse_payment(p) for p in args.payment),
        day_count=DayCount.ACT_ACT if args.day_count == "actact" else DayCount.ACT_365,
        allocation=(
            Allocation.PRINCIPAL_FIRST
            if args.allocation == "principal-first"
            else Allocation.INTEREST_FIRST
        ),
        recovery_costs=to_amount(args.recovery_costs) if args.recovery_costs else None,
        indemnity_in_currency=(
            to_amount(args.indemnity_in_currency) if args.indemnity_in_currency else None
        ),
        currency=args.currency,
        rates=_load_rates(args.rates, assume_through=paid if args.assume_unchanged else None),
    )
    if args.json:
        data = breakdown.as_dict()
        if args.consumer:
            data["consumer"] = {"notice_received_on": args.notice, "interest_from": start}
        _print_json(data, out)
        return
    if args.consumer:  # the breakdown's "due date" is then the day interest starts from
        loc = args.reader_locale
        print(
            gettext(
                "Débiteur consommateur : l'intérêt court de la mise en demeure reçue le %(day)s "
                "(C. civ. art. 1231-6, 1344-1), sans indemnité forfaitaire (CPCE art. L111-8)",
                locale=loc,
            )
            % {"day": format_date(start, locale=loc)},
            file=out,
        )
    print(breakdown.to_text(locale=args.reader_locale), file=out)


def _missing_today(book: RateBook, today: date | None) -> list[str]:
    """The tables that do not cover *today* (its half-year is missing from them)."""
    if today is None:
        return []
    return [
        series
        for series in (STATUTORY, LEGAL_CONSUMER, LEGAL_OTHER)
        if book.table(series).known_until < today
    ]


def _cmd_rates(args: argparse.Namespace, out: TextIO) -> None:
    book = _load_rates(args.rates)
    read = _rates_file_read(args.rates)
    today = parse_date(args.today) if args.today else None
    missing = _missing_today(book, today)
    tables = [book.table(series) for series in SERIES]
    if args.json:
        _print_json(
            {
                "data_as_of": DATA_AS_OF,
                "rates_file": str(read) if read is not None else None,
                "missing_today": missing,
                "tables": [
                    {
                        "series": t.series,
                        "from": t.first_day,
                        "known_until": t.known_until,
                        "periods": [
                            {"start": p.start, "end": p.end, "rate": p.rate, "source": p.source}
                            for p in t.periods
                        ],
                    }
                    for t in tables
                ],
            },
            out,
        )
        return
    loc: str = args.reader_locale
    print(
        gettext("Tables de taux livrées connues jusqu'au %(day)s (DATA_AS_OF)", locale=loc)
        % {"day": format_date(DATA_AS_OF, locale=loc)},
        file=out,
    )
    if read is not None:
        print(gettext("Fichier de taux lu : %(file)s", locale=loc) % {"file": read}, file=out)
    else:
        user = user_rates_file()
        if user is not None:
            text = gettext(
                "Aucun fichier de taux de l'utilisateur (dunning rates update écrit %(file)s)",
                locale=loc,
            ) % {"file": user}
        else:
            text = gettext("Aucun fichier de taux de l'utilisateur", locale=loc)
        print(text, file=out)
    for table in tables:
        last = table.periods[-1]
        count = len(table.periods)
        print(
            "  "
            + ngettext(
                "%(series)s %(n)s période  %(first)s → %(until)s  dernier taux %(rate)s "
                "(depuis le %(start)s)",
                "%(series)s %(n)s périodes  %(first)s → %(until)s  dernier taux %(rate)s "
                "(depuis le %(start)s)",
                count,
                locale=loc,
            )
            % {
                "series": table.series.ljust(15),
                "n": str(count).rjust(3),
                "first": _short_date(table.first_day, loc),
                "until": _short_date(table.known_until, loc),
                "rate": format_percent(last.rate, locale=loc),
                "start": _short_date(last.start, loc),
            },
            file=out,
        )
    if today is not None and missing:
        remedies = []
        if STATUTORY in missing:
            remedies.append(gettext("dunning rates update (taux BCE)", locale=loc))
        if LEGAL_OTHER in missing or LEGAL_CONSUMER in missing:
            remedies.append(
                gettext("dunning rates add-legal %(day)s (arrêté)", locale=loc)
                % {"day": half_year_start(today).isoformat()}
            )
        print(
            "! "
            + gettext(
                "Le semestre %(half)s (%(day)s) manque aux tables %(tables)s : %(remedies)s ; "
                "d'ici là, plan, report et demo supposent le dernier taux publié inchangé "
                "(montants provisoires)",
                locale=loc,
            )
            % {
                "half": _half_year(today),
                "day": format_date(today, locale=loc),
                "tables": ", ".join(missing),
                "remedies": pgettext("list separator", " ; ", locale=loc).join(remedies),
            },
            file=out,
        )


def _short_date(day: date, locale: str) -> str:
    return format_date(day, format="short", locale=locale)


def _half_year(day: date) -> str:
    """``2026-S2``: the half-year as every sentence of the package writes it (S for semestre)."""
    return half_year_label(day).replace("-H", "-S")


_NETWORK_REASONS: Final[tuple[tuple[type[BaseException], str], ...]] = (
    (socket.gaierror, N_("adresse introuvable")),
    (TimeoutError, N_("délai dépassé")),
    (ConnectionRefusedError, N_("connexion refusée")),
    (ConnectionResetError, N_("connexion interrompue")),
    (ssl.SSLCertVerificationError, N_("certificat refusé")),
)
"""Why the ECB data API cannot be reached, in words, for the system's errors a person meets most
(first match; any other keeps the system's own words)."""


class _Unreachable(ConnectionError):
    """The ECB data API could not be reached or refused the request: its address, the reason
    (a sentence of the catalogs when the error is a known one, else the system's words) and the
    timeout, for a line in the reader's language."""

    def __init__(
        self,
        message: str,
        *,
        url: str,
        reason: str,
        timeout: float | None = None,
        cause: BaseException | None = None,
    ):
        super().__init__(message)
        self.url, self.reason, self.timeout = url, reason, timeout
        self.words = next((w for kind, w in _NETWORK_REASONS if isinstance(cause, kind)), None)

    def text(self, locale: str) -> str:
        if self.timeout is None:  # the server answered, with an error
            words = gettext(
                "l'API de données de la BCE a répondu %(reason)s pour %(url)s ; le fichier de "
                "taux est inchangé",
                locale=locale,
            )
        else:
            words = gettext(
                "l'API de données de la BCE est injoignable à %(url)s (%(reason)s ; hors ligne ? "
                "délai %(timeout)s s) : le fichier de taux est inchangé ; sans réseau, "
                "enregistrez une décision à la main dans ce fichier (docs/rates.md) ou passez "
                "--rates FICHIER",
                locale=locale,
            )
        timeout = (
            ""
            if self.timeout is None
            else format_decimal(
                Decimal(repr(self.timeout)), locale=locale, decimal_quantization=False
            )
        )
        reason = self.reason if self.words is None else gettext(self.words, locale=locale)
        return words % {"url": self.url, "reason": reason, "timeout": timeout}


def _fetch_ecb(url: str, timeout: float) -> str | None:
    """
    The body of the ECB data API's answer at *url* (``None``: HTTP 404, no observation).

    The only place of the package that touches the network.
    """
    request = urllib.request.Request(url, headers={"Accept": "text/csv"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body: bytes = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 404:  # the ECB API's "No results found"
            return None
        raise _Unreachable(
            f"the ECB data API answered HTTP {error.code} ({error.reason}) for {url}; "
            "the rate file is unchanged",
            url=url,
            reason=f"HTTP {error.code}",  # the number alone: its phrase is the server's English
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise _Unreachable(
            f"cannot reach the ECB data API at {url} ({reason}; offline? timeout {timeout:g} s): "
            "the rate file is unchanged; without network, record a decision by hand in it "
            "(docs/rates.md) or pass --rates FILE",
            url=url,
            reason=getattr(reason, "strerror", None) or str(reason),  # without "[Errno 113]"
            timeout=timeout,
            cause=reason if isinstance(reason, BaseException) else error,
        ) from None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RateTableError(
            ECB_MRO, "the ECB data API's answer is not UTF-8 text", "response", code="ecb_not_utf8"
        ) from None


def _ecb_observations(text: str) -> list[tuple[date, Decimal]]:
    """
    The (day, rate) observations of an SDMX-CSV answer (``format=csvdata``), validated.

    Raises RateTableError naming the line: an empty answer, an HTML/XML page, a missing column,
    another series, an unreadable or truncated row, dates not increasing.
    """
    if not text.strip():
        raise RateTableError(
            ECB_MRO, "the ECB data API sent an empty answer", "response", code="ecb_empty"
        )
    if text.lstrip().startswith("<"):
        start = " ".join(text.split())[:60]
        raise RateTableError(
            ECB_MRO,
            f"the ECB data API sent an HTML/XML page, not CSV (an error page?): {start!r}",
            "response",
            code="ecb_not_csv",
            params=(("start", start),),
        )
    reader = csv.DictReader(io.StringIO(text, newline=""))
    observations: list[tuple[date, Decimal]] = []
    try:
        header = reader.fieldnames or []
        if "TIME_PERIOD" not in header or "OBS_VALUE" not in header:
            raise RateTableError(
                ECB_MRO,
                "expected SDMX-CSV with the columns TIME_PERIOD and OBS_VALUE "
                f"(format=csvdata), got {list(header)[:6]}",
                "response line 1",
                code="ecb_header",
                params=(("got", tuple(header)[:6]),),
            )
        for row in reader:
            where = f"response line {reader.line_num}"
            if None in row or None in row.values():
                raise RateTableError(
                    ECB_MRO,
                    "a truncated or malformed row (wrong number of fields)",
                    where,
                    code="ecb_row",
                )
            key = row.get("KEY", _ECB_SERIES_KEY)
            if key != _ECB_SERIES_KEY:
                raise RateTableError(
                    ECB_MRO,
                    f"series {key!r}, expected {_ECB_SERIES_KEY!r}",
                    where,
                    code="ecb_series",
                    params=(("value", key), ("expected", _ECB_SERIES_KEY)),
                )
            try:
                day = parse_date(row["TIME_PERIOD"])
                rate = to_amount(row["OBS_VALUE"], allow_negative=True)
            except DunningError as error:
                raise RateTableError(
                    ECB_MRO,
                    str(error),
                    where,
                    code=error.code,
                    params=(*_cell_data(error), *error.params),
                ) from None
            if observations and day <= observations[-1][0]:
                raise RateTableError(
                    ECB_MRO,
                    f"dates must increase: {day} after {observations[-1][0]}",
                    where,
                    code="ecb_dates_order",
                    params=(("value", day), ("last", observations[-1][0])),
                )
            observations.append((day, rate))
    except csv.Error as error:
        raise RateTableError(
            ECB_MRO,
            f"malformed CSV: {error}",
            f"response line {reader.reader.line_num}",
            code="malformed_csv",
        ) from None
    if not observations:
        raise RateTableError(
            ECB_MRO,
            "no observation in the answer (header only)",
            "response",
            code="ecb_no_observation",
        )
    return observations


def _ecb_rows(book: RateBook, observations: list[tuple[date, Decimal]]) -> list[list[str]]:
    """
    The rate-file rows for the observations after *book*'s ECB table: one per change of value
    (its first day, the effective date: a level series gives effective days, not announcements),
    then the last observation, which confirms the rate up to that day.
    """
    known = book.ecb.known_until
    rate = book.ecb.rate_on(known)
    rows: list[list[str]] = []
    later = [(day, value) for day, value in observations if day > known]
    for day, value in later:
        if value != rate:
            source = f"ECB Data Portal {_ECB_SERIES_KEY}: {value} % from {day} (first day)"
            rows.append([ECB_MRO, day.isoformat(), str(value), source, ""])
            rate = value
    if later and (not rows or later[-1][0].isoformat() > rows[-1][1]):
        day = later[-1][0]
        source = f"ECB Data Portal {_ECB_SERIES_KEY}: {rate} % still in force on {day}"
        rows.append([ECB_MRO, day.isoformat(), str(rate), source, ""])
    return rows


def _target_file(args: argparse.Namespace) -> Path:
    if args.rates_file:
        return Path(args.rates_file)
    user = user_rates_file()
    if user is None:
        raise InvalidArgument(
            RATES_FILE_ENV,
            "",
            "a path, or pass --rates-file PATH (the variable is empty)",
            code="empty_variable",
        )
    return user


def _current_text(path: Path) -> str:
    if not path.exists():
        return _RATES_HEADER
    text = _text_of(path, "utf-8")
    return text if text.endswith("\n") or not text else text + "\n"


def _with_rows(text: str, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return text + buffer.getvalue()


class _CannotWrite(Exception):
    """A file the command was writing (the user rate file, ``report --html``'s page) that the
    system refused: the reader is told it could not be written, not read."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _write_atomically(path: Path, text: str) -> None:
    """Write *text* to a temporary file beside *path*, then rename it: never half-written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as error:
        raise _CannotWrite(_with_file(error, path)) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise _CannotWrite(_with_file(error, path)) from None
        raise


def _with_file(error: OSError, path: Path) -> OSError:
    """*error*, naming *path* when it names no file (a temporary file's error names that)."""
    if error.filename is None or str(error.filename) != str(path):
        error = type(error)(error.errno, error.strerror, str(path))
    return error


def _save(path: Path, text: str) -> RateBook:
    """Check the whole new file against the shipped tables, then write it; return the book."""
    book = _extended(default_rates(), text, path)
    _write_atomically(path, text)
    return book


_WHOLE: Final = re.compile(r"-?[0-9]+")
_DECIMAL: Final = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NOT_FINITE: Final = frozenset({"nan", "inf", "-inf", "infinity", "-infinity"})


def _whole(text: str) -> int:
    """A whole number of the command line in ASCII digits (argparse's ``int`` reads ``٣٠``,
    ``３０``, ``3_0``, ``+30`` and `` 30 `` as 30); its range is checked where it is used."""
    if not _WHOLE.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _seconds(text: str) -> float:
    """Seconds as a plain decimal in ASCII digits (``float`` reads ``١٠``, ``1_0``, ``1e1``);
    ``nan`` and ``inf`` pass, to be refused with the range by :func:`_check_timeout`."""
    if not (_DECIMAL.fullmatch(text) or text.lower() in _NOT_FINITE):
        raise ValueError(text)
    return float(text)


def _check_timeout(timeout: float) -> None:
    """Refuse a ``--timeout`` that is not a number of seconds above zero (nan, inf, -1...)."""
    if not (math.isfinite(timeout) and 0 < timeout <= _MAX_TIMEOUT):
        raise InvalidArgument(
            "--timeout",
            timeout,
            f"a number of seconds more than 0, at most {_MAX_TIMEOUT}",
            code="not_a_timeout",
            params=(("max", _MAX_TIMEOUT),),
        )


def _cmd_rates_update(args: argparse.Namespace, out: TextIO) -> None:
    _check_timeout(args.timeout)
    path = _target_file(args)
    text = _current_text(path)
    before = _extended(default_rates(), text, path)
    since = before.ecb.known_until
    url = f"{ECB_MRO_SERIES_URL}?format=csvdata&startPeriod={since.isoformat()}"
    answer = _fetch_ecb(url, args.timeout)
    rows = [] if answer is None else _ecb_rows(before, _ecb_observations(answer))
    loc: str = args.reader_locale
    if not rows:
        print(
            gettext(
                "Aucune observation BCE après le %(day)s : %(file)s inchangé, rien à ajouter",
                locale=loc,
            )
            % {"day": format_date(since, locale=loc), "file": path},
            file=out,
        )
        return
    book = _save(path, _with_rows(text, rows))
    changes = [row for row in rows if "(first day)" in row[3]]
    print(
        ngettext(
            "%(n)s changement du taux BCE ajouté à %(file)s ; table BCE connue jusqu'au "
            "%(ecb)s, taux légal des pénalités connu jusqu'au %(statutory)s",
            "%(n)s changements du taux BCE ajoutés à %(file)s ; table BCE connue jusqu'au "
            "%(ecb)s, taux légal des pénalités connu jusqu'au %(statutory)s",
            len(changes),
            locale=loc,
        )
        % {
            "n": len(changes),
            "file": path,
            "ecb": format_date(book.ecb.known_until, locale=loc),
            "statutory": format_date(book.statutory.known_until, locale=loc),
        },
        file=out,
    )
    for _, day, rate, _, _ in rows:
        print(
            f"  {_short_date(parse_date(day), loc)}  {format_percent(Decimal(rate), locale=loc)}",
            file=out,
        )


def _cmd_rates_add_legal(args: argparse.Namespace, out: TextIO) -> None:
    path = _target_file(args)
    start = parse_date(args.half_year)
    consumer = to_amount(args.consumer, allow_negative=True)  # the bands say what is accepted
    other = to_amount(args.other, allow_negative=True)
    rows = [
        [LEGAL_CONSUMER, start.isoformat(), str(consumer), args.source, ""],
        [LEGAL_OTHER, start.isoformat(), str(other), args.source, ""],
    ]
    book = _save(path, _with_rows(_current_text(path), rows))
    loc: str = args.reader_locale
    print(
        gettext(
            "Taux légaux de %(half)s ajoutés à %(file)s : créancier particulier %(consumer)s, "
            "autres cas %(other)s ; tables connues jusqu'au %(day)s",
            locale=loc,
        )
        % {
            "half": _half_year(start),
            "file": path,
            "consumer": format_percent(consumer, locale=loc),
            "other": format_percent(other, locale=loc),
            "day": format_date(book.legal_other.known_until, locale=loc),
        },
        file=out,
    )


_TOP = 10
_PER_CHANNEL = 5
_SEGMENT_LABELS = {
    DebtorSegment.STANDARD: N_("entreprise"),
    DebtorSegment.HIGH_RISK: N_("à risque"),
    DebtorSegment.PUBLIC_BODY: N_("organisme public"),
    DebtorSegment.CONSUMER: N_("particulier"),
    DebtorSegment.NEW_UNRESPONSIVE: N_("nouveau client muet"),
}
_KIND_LABELS = {
    "hand_over": N_("transfert au contentieux"),
    "claim": N_("action en justice"),
}


def _group_label(key: str, locale: str) -> str:
    """The name of a group of actions: a channel, or a step kind without one."""
    with contextlib.suppress(ValueError):
        return label(Channel(key), locale=locale)
    text = _KIND_LABELS.get(key)
    return gettext(text, locale=locale) if text is not None else key


def _money(amount: Decimal, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    return format_money(amount, currency, locale=locale)


def _long_date(day: date, locale: str = DEFAULT_LOCALE) -> str:
    return format_date(day, locale=locale)


def _amounts(
    action: Action, rates: RateBook, locale: str = DEFAULT_LOCALE
) -> tuple[Amounts | None, str]:
    """The amounts of *action*, or ``None`` and which amounts are unknown and why."""
    try:
        return action.amounts(rates=rates), ""
    except RateUnavailable as error:  # strict rates: say what is unknown, plan the rest
        case = action.case
        return None, gettext(
            "principal %(principal)s ; intérêts, indemnité et total inconnus : aucun taux "
            "%(series)s pour %(period)s dans les tables (dunning rates update / add-legal "
            "ajoutent les taux publiés ; sans --strict-rates, le dernier taux publié est supposé "
            "inchangé jusqu'à --today)",
            locale=locale,
        ) % {
            "principal": _money(case.balance, case.currency, locale),
            "series": series_text(error.series, locale=locale),
            "period": error.period.replace("-H", "-S"),  # as every sentence writes it
        }
    except DunningError as error:  # any other bad input of this case: say so, plan the rest
        return None, gettext("montants non calculés : %(error)s", locale=locale) % {
            "error": _error_text(error, locale)
        }


def _owed(amounts: Amounts, locale: str = DEFAULT_LOCALE) -> str:
    currency = amounts.currency
    return gettext(
        "%(total)s = principal %(principal)s + intérêts %(interest)s + indemnité %(indemnity)s",
        locale=locale,
    ) % {
        "total": _money(amounts.total, currency, locale) + _provisional(amounts, locale),
        "principal": _money(amounts.principal, currency, locale),
        "interest": _money(amounts.interest, currency, locale),
        "indemnity": _money(amounts.indemnity, currency, locale),
    }


def _provisional(amounts: Amounts, locale: str) -> str:
    return " (" + gettext("provisoire", locale=locale) + ")" if amounts.provisional else ""


_ENCODINGS = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
_DIALECT_LABELS = {
    "csv": N_("CSV (séparateur « , », point décimal, dates AAAA-MM-JJ)"),
    "csv-fr": N_("CSV français (séparateur « ; », virgule décimale, dates JJ/MM/AAAA)"),
    "jsonl": N_("JSON lines (une facture par ligne)"),
}


@attrs.frozen
class _Source:
    """A portfolio file being read: its lines (streamed), its format and its encoding."""

    path: Path
    format: Format
    encoding: str
    bom: bool

    def lines(self) -> Iterator[str]:
        """The decoded lines, read one by one (never the whole file); a line is decoded on its
        own, so an encoding error names its line, and one longer than the reader's limit stops
        the reading before it is read whole."""
        limit = 4 * MAX_LINE_LENGTH  # a character is at most 4 bytes
        with self.path.open("rb") as file:
            number = 0
            while True:
                raw = file.readline(limit + 1)
                if not raw:
                    return
                number += 1
                if len(raw) > limit and not raw.endswith(b"\n"):
                    raise PortfolioError(
                        number,
                        f"the line is longer than {MAX_LINE_LENGTH:,} characters "
                        "(MAX_LINE_LENGTH): not a portfolio file, or a line break is missing",
                        code="line_too_long",
                        params=(("max", MAX_LINE_LENGTH),),
                    )
                if number == 1 and self.bom:
                    raw = raw[3:]
                try:
                    yield raw.decode(self.encoding)
                except UnicodeDecodeError as error:
                    hint = (
                        "; a Windows-1252 export? pass --encoding cp1252"
                        if self.encoding == "utf-8"
                        else ""
                    )
                    raise PortfolioError(
                        number,
                        f"not {_ENCODINGS[self.encoding]} text ({error.reason} at byte "
                        f"{error.start + 1} of the line){hint}",
                        code="not_in_encoding",
                        params=(
                            ("encoding", _ENCODINGS[self.encoding]),
                            ("byte", error.start + 1),
                        ),
                    ) from None

    def label(self, locale: str = DEFAULT_LOCALE) -> str:
        """The dialect, in *locale*, for the top of a report."""
        encoding = _ENCODINGS[self.encoding]
        if self.bom:
            encoding = gettext("%(encoding)s avec BOM", locale=locale) % {"encoding": encoding}
        return gettext("Fichier lu en %(dialect)s, encodage %(encoding)s", locale=locale) % {
            "dialect": gettext(_DIALECT_LABELS[self.format], locale=locale),
            "encoding": encoding,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"format": self.format, "encoding": self.encoding, "bom": self.bom}


def _read(path: str, fmt: str | None, encoding: str | None) -> _Source:
    """The file at *path*, its format (given, else ``jsonl`` from the extension, else ``csv``:
    never guessed from the content) and its encoding (given; else UTF-8 with or without BOM)."""
    file = Path(path)
    chosen = fmt or ("jsonl" if file.suffix.lower() in (".jsonl", ".ndjson") else "csv")
    if chosen not in FORMATS:
        raise InvalidArgument(
            "--format",
            chosen,
            f"one of {', '.join(FORMATS)}",
            code="not_one_of",
            params=(("accepted", tuple(FORMATS)),),
        )
    codec = encoding or "utf-8"
    if codec not in _ENCODINGS:
        raise InvalidArgument(
            "--encoding",
            codec,
            f"one of {', '.join(_ENCODINGS)}",
            code="not_one_of",
            params=(("accepted", tuple(_ENCODINGS)),),
        )
    with file.open("rb") as raw:
        bom = raw.read(3) == b"\xef\xbb\xbf" and codec == "utf-8"
    return _Source(file, cast(Format, chosen), codec, bom)


def _print_row_errors(
    portfolio: Portfolio, out: TextIO, *, locale: str = DEFAULT_LOCALE, report: bool = False
) -> None:
    """The malformed rows, once per invoice set aside with every bad line under it; the rows
    tied to no invoice first (then nothing was read)."""
    untied = [error for error in portfolio.errors if not error.invoice]
    by_invoice: dict[str, list[RowError]] = {}
    for error in portfolio.errors:
        if error.invoice:
            by_invoice.setdefault(error.invoice, []).append(error)
    if untied:
        print(
            "\n"
            + (
                gettext(
                    "Lignes rattachées à aucune facture : elles pourraient appartenir à n'importe "
                    "laquelle, aucune facture du fichier n'est comptée dans le rapport "
                    "(corrigez-les)",
                    locale=locale,
                )
                if report
                else gettext(
                    "Lignes rattachées à aucune facture : elles pourraient appartenir à n'importe "
                    "laquelle, aucune facture du fichier n'est planifiée (corrigez-les)",
                    locale=locale,
                )
            ),
            file=out,
        )
        for error in untied:
            print("  " + error.text(locale), file=out)
    if by_invoice:
        print(
            "\n"
            + (
                gettext(
                    "Factures écartées (une ligne en erreur écarte toute la facture, les autres "
                    "sont comptées dans le rapport)",
                    locale=locale,
                )
                if report
                else gettext(
                    "Factures écartées (une ligne en erreur écarte toute la facture, les autres "
                    "sont planifiées)",
                    locale=locale,
                )
            ),
            file=out,
        )
        for invoice, errors in by_invoice.items():
            lines = ", ".join(str(error.line) for error in errors)
            print(
                f"  {invoice} — "
                + ngettext("ligne %(lines)s", "lignes %(lines)s", len(errors), locale=locale)
                % {"lines": lines},
                file=out,
            )
            for error in errors:
                print("    " + error.text(locale), file=out)


def _row_error_json(error: RowError, line: int, locale: str) -> dict[str, Any]:
    """A row error in JSON: its data, the developer's message and the reader's sentence."""
    return {
        "line": line,
        "invoice": error.invoice,
        "error": error.error,
        "code": error.code,
        "field": error.field,
        "value": error.value,
        "message": error.message,
        "text": attrs.evolve(error, line=line).text(locale),
    }


def _print_errors(
    portfolio: Portfolio, plan: PortfolioPlan, out: TextIO, locale: str = DEFAULT_LOCALE
) -> None:
    _print_row_errors(portfolio, out, locale=locale)
    if plan.errors:
        print("\n" + gettext("Dossiers non planifiables ce jour", locale=locale), file=out)
        for error in plan.errors:
            line = portfolio.lines.get(error.invoice, 0)
            print(f"  {error.invoice} — " + attrs.evolve(error, line=line).text(locale), file=out)


def _header(
    title: str, portfolio: Portfolio, plan: PortfolioPlan, out: TextIO, locale: str = DEFAULT_LOCALE
) -> None:
    print(title, file=out)
    read = len(portfolio.cases) + len(portfolio.set_aside)
    wrong = len(portfolio.errors) + len(plan.errors)
    print(
        ", ".join(
            (
                ngettext(
                    "%(n)s facture dans le fichier",
                    "%(n)s factures dans le fichier",
                    read,
                    locale=locale,
                )
                % {"n": read},
                ngettext("%(n)s planifiée", "%(n)s planifiées", len(plan.items), locale=locale)
                % {"n": len(plan.items)},
                ngettext("%(n)s ligne en erreur", "%(n)s lignes en erreur", wrong, locale=locale)
                % {"n": wrong},
                ngettext("%(n)s action due", "%(n)s actions dues", len(plan.actions), locale=locale)
                % {"n": len(plan.actions)},
            )
        )
        + " — "
        + gettext("politique %(policy)s", locale=locale) % {"policy": plan.policy.name},
        file=out,
    )


def _action_lines(
    action: Action,
    portfolio: Portfolio,
    rates: RateBook,
    *,
    indent: str = "  ",
    locale: str = DEFAULT_LOCALE,
) -> list[str]:
    debtor = portfolio.debtors.get(action.reference, "")
    how = _group_label(
        action.channel.value if action.channel is not None else action.kind.value, locale
    )
    lines = [
        f"{indent}{action.reference}  {debtor}  —  {action.step.name} ({how}), "
        + gettext("due depuis le %(day)s", locale=locale)
        % {"day": _long_date(action.due_on, locale)}
    ]
    amounts, problem = _amounts(action, rates, locale)
    owed = gettext("dû : %(owed)s", locale=locale)
    lines.append(f"{indent}    " + owed % {"owed": _owed(amounts, locale) if amounts else problem})
    lines.extend(
        f"{indent}    "
        + gettext("motif : %(reason)s", locale=locale)
        % {"reason": reason_text(reason, locale=locale)}
        for reason in action.reasons
    )
    lines.extend(
        f"{indent}    " + gettext("manque : %(item)s", locale=locale) % {"item": item.text(locale)}
        for item in action.missing
    )
    return lines


def _plan_json(
    portfolio: Portfolio, plan: PortfolioPlan, rates: RateBook, locale: str = DEFAULT_LOCALE
) -> dict[str, Any]:
    actions = []
    for item in plan.items:
        for action in item.actions:
            amounts, problem = _amounts(action, rates, locale)
            entry: dict[str, Any] = {
                "invoice": action.reference,
                "debtor": portfolio.debtors.get(action.reference, ""),
                "segment": item.case.segment.value,
                "step": action.step.name,
                "kind": action.kind.value,
                "stage": action.stage.value,
                "channel": action.channel.value if action.channel is not None else None,
                "due_on": action.due_on,
                "days_late": item.days_late,
                "currency": item.case.currency,
                "principal": amounts.principal if amounts else action.case.balance,
                "interest": amounts.interest if amounts else None,
                "indemnity": amounts.indemnity if amounts else None,
                "total": amounts.total if amounts else None,
                "provisional": amounts.provisional if amounts else False,
                "amounts_error": problem or None,
                "amounts_unknown": [] if amounts else ["interest", "indemnity", "total"],
                "reasons": [
                    {
                        "code": r.code,
                        "text": r.text(locale),
                        "article": str(r.article),
                        "url": r.article.url,
                    }
                    for r in action.reasons
                ],
                "missing": [item.text(locale) for item in action.missing],
                "missing_codes": [item.code for item in action.missing],
            }
            actions.append(entry)
    errors = [_row_error_json(e, e.line, locale) for e in portfolio.errors] + [
        _row_error_json(e, portfolio.lines.get(e.invoice, 0), locale) for e in plan.errors
    ]
    return {
        "today": plan.today,
        "rates_notice": _provisional_notice(rates),
        "policy": plan.policy.name,
        "invoices": len(portfolio.cases) + len(portfolio.set_aside),
        "planned": len(plan.items),
        "set_aside": list(portfolio.set_aside),
        "errors": errors,
        "stages": {stage.value: n for stage, n in plan.stage_counts().items()},
        "actions": actions,
    }


def _plan_of(
    source: str | Iterable[str], fmt: Format, today: date
) -> tuple[Portfolio, PortfolioPlan]:
    policy = french_default()
    portfolio = read_portfolio(source, format=fmt, policy=policy)
    return portfolio, plan_portfolio(portfolio.cases, policy, today)


def _cmd_plan(args: argparse.Namespace, out: TextIO) -> None:
    source = _read(args.portfolio, args.format, args.encoding)
    today: date = args.day
    loc: str = args.reader_locale
    rates = _portfolio_rates(args, today)
    portfolio, plan = _plan_of(source.lines(), source.format, today)
    if args.json:
        _print_json({"dialect": source.as_dict(), **_plan_json(portfolio, plan, rates, loc)}, out)
        return
    _print_day(args, out)
    print(source.label(loc), file=out)
    _print_notice(rates, out, loc)
    title = gettext("Plan du %(day)s — %(file)s", locale=loc)
    _header(
        title % {"day": _long_date(today, loc), "file": args.portfolio}, portfolio, plan, out, loc
    )
    _print_errors(portfolio, plan, out, loc)
    print(
        "\n" + gettext("Actions du jour (%(n)s)", locale=loc) % {"n": len(plan.actions)}, file=out
    )
    for action in plan.actions:
        for line in _action_lines(action, portfolio, rates, locale=loc):
            print(line, file=out)
    if not plan.actions:
        print("  " + gettext("aucune", locale=loc), file=out)


def _cmd_report(args: argparse.Namespace, out: TextIO) -> None:
    source = _read(args.portfolio, args.format, args.encoding)
    today: date = args.day
    loc: str = args.reader_locale
    rates = _portfolio_rates(args, today)
    policy = french_default()
    portfolio = read_portfolio(source.lines(), format=source.format, policy=policy)
    report = portfolio_report(
        portfolio.cases,
        today,
        period_days=args.period_days,
        currency=args.currency,
        policy=policy,
        rates=rates,
    )
    if args.html:
        page = report.to_html(locale=loc)
        aside = row_errors_html(portfolio.errors, locale=loc)
        if aside:  # the invoices set aside, before the end of the page's body
            head, end, tail = page.rpartition("</body>")
            page = f"{head}{aside}{end}{tail}" if end else page + aside
        # the dialect and encoding read, at the top of the page as of the text report
        top = f'<p class="dialect">{html.escape(source.label(loc))}</p>'
        head, start, tail = page.partition("<body>")
        page = f"{head}{start}{top}{tail}" if start else top + page
        try:
            Path(args.html).write_text(page, encoding="utf-8")
        except OSError as error:
            raise _CannotWrite(error) from None
    if args.json:
        data = report.as_dict()
        for key, kind in (("ageing", "bucket"), ("stages", "stage")):  # labels for the reader
            for row in data[key]["rows"]:
                row["label"] = label(_LABELLED[kind](row[kind]), locale=loc)
        data["rates_notice"] = _provisional_notice(rates, loc)
        data["errors"] = [_row_error_json(e, e.line, loc) for e in portfolio.errors]
        data["dialect"] = source.as_dict()
        _print_json(data, out)
        return
    _print_day(args, out)
    print(source.label(loc), file=out)
    _print_notice(rates, out, loc)
    print(report.to_text(locale=loc), file=out)
    _print_row_errors(portfolio, out, locale=loc, report=True)
    if args.html:
        print(
            "\n" + gettext("Page HTML écrite dans %(file)s", locale=loc) % {"file": args.html},
            file=out,
        )


def _stage_balances(plan: PortfolioPlan, rates: RateBook) -> dict[Stage, Decimal]:
    """
    What the open cases of each stage still claim: the principal left; for a case kept open
    once its principal is paid, the penalties it is open for (a principal of 0 would hide it).
    """
    balances: dict[Stage, Decimal] = dict.fromkeys(Stage, Decimal(0))
    for item in plan.items:
        if item.stage.terminal:
            continue
        owed = item.case.balance
        if owed <= 0:
            try:
                owed = item.amounts(rates=rates).total
            except RateUnavailable:  # strict rates: nothing known to add
                owed = Decimal(0)
        balances[item.stage] += owed
    return balances


def _cmd_demo(args: argparse.Namespace, out: TextIO) -> None:
    today = SAMPLE_DATE
    loc: str = args.reader_locale
    rates = _portfolio_rates(args, today)
    portfolio, plan = _plan_of(sample_portfolio_text(), "csv", today)
    _print_notice(rates, out, loc)
    title = gettext(
        "dunning demo — %(creditor)s (société fictive), portefeuille planifié au %(day)s",
        locale=loc,
    )
    _header(
        title % {"creditor": SAMPLE_CREDITOR, "day": _long_date(today, loc)},
        portfolio,
        plan,
        out,
        loc,
    )
    _print_errors(portfolio, plan, out, loc)

    print(
        "\n"
        + gettext(
            "Dossiers par étape (restant dû : le principal, ou les pénalités d'un dossier "
            "ouvert dont le principal est payé)",
            locale=loc,
        ),
        file=out,
    )
    balances = _stage_balances(plan, rates)
    for stage, count in plan.stage_counts().items():
        if count:
            owed = _money(balances[stage], "EUR", loc) if not stage.terminal else ""
            print(f"  {label(stage, locale=loc):<32} {count:>4}  {owed:>16}", file=out)

    overdue = plan.overdue()
    late_total = interest = indemnity = Decimal(0)
    unknown = 0
    priced: dict[str, tuple[Amounts | None, str]] = {}
    for item in overdue:
        late_total += item.case.balance
        try:
            amounts = item.amounts(rates=rates)
        except RateUnavailable as error:  # strict rates: count it, print the rest
            unknown += 1
            priced[item.case.reference] = (
                None,
                gettext("intérêts inconnus (%(period)s)", locale=loc) % {"period": error.period},
            )
            continue
        priced[item.case.reference] = (amounts, "")
        interest += amounts.interest
        indemnity += amounts.indemnity
    summary = gettext(
        "Encours échu : %(late)s sur %(n)s factures ; intérêts de retard courus %(interest)s, "
        "indemnités forfaitaires %(indemnity)s",
        locale=loc,
    ) % {
        "late": _money(late_total, "EUR", loc),
        "n": len(overdue),
        "interest": _money(interest, "EUR", loc),
        "indemnity": _money(indemnity, "EUR", loc),
    }
    if unknown:
        summary += (
            " ("
            + ngettext(
                "%(n)s facture sans taux publié non comptée",
                "%(n)s factures sans taux publié non comptées",
                unknown,
                locale=loc,
            )
            % {"n": unknown}
            + ")"
        )
    print("\n" + summary, file=out)

    print(
        "\n" + gettext("Actions du jour par canal (%(n)s)", locale=loc) % {"n": len(plan.actions)},
        file=out,
    )
    for key, actions in plan.by_channel().items():
        print(f"  {_group_label(key, loc)} ({len(actions)})", file=out)
        for action in actions[:_PER_CHANNEL]:
            claim, problem = _amounts(action, rates, loc)
            total = (
                _money(claim.total, claim.currency, loc) + _provisional(claim, loc)
                if claim
                else problem
            )
            debtor = portfolio.debtors.get(action.reference, "")
            print(f"    {action.reference}  {action.step.name:<18} {total:>14}  {debtor}", file=out)
        if len(actions) > _PER_CHANNEL:
            more = len(actions) - _PER_CHANNEL
            print(
                "    "
                + ngettext("… et %(n)s autre", "… et %(n)s autres", more, locale=loc) % {"n": more},
                file=out,
            )

    print(
        "\n" + gettext("Les %(n)s plus gros encours en retard", locale=loc) % {"n": _TOP}, file=out
    )
    for rank, item in enumerate(overdue[:_TOP], start=1):
        case = item.case
        known, problem = priced[case.reference]
        late = gettext("%(duration)s de retard", locale=loc) % {
            "duration": format_duration(item.days_late, locale=loc)
        }
        print(
            f"  {rank:>2}. {case.reference}  {portfolio.debtors.get(case.reference, '')} "
            f"({gettext(_SEGMENT_LABELS[case.segment], locale=loc)}) — {late}, "
            f"{label(item.stage, locale=loc)}",
            file=out,
        )
        owed = _owed(known, loc) if known else problem
        print("      " + gettext("dû : %(owed)s", locale=loc) % {"owed": owed}, file=out)
        print(
            "      "
            + gettext("situation : %(status)s", locale=loc)
            % {"status": reason_text(item.status(), locale=loc)},
            file=out,
        )
        if known:
            cited = ", ".join(
                dict.fromkeys(article_text(r.article, locale=loc) for r in known.reasons)
            )
            print(
                "      "
                + gettext("fondement des montants : %(articles)s", locale=loc)
                % {"articles": cited},
                file=out,
            )
    print(
        "\n"
        + gettext(
            "Pour planifier votre propre portefeuille : dunning plan FICHIER.csv --today "
            "AAAA-MM-JJ (colonnes : docs/portfolio.md)",
            locale=loc,
        ),
        file=out,
    )


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own words (usage, section titles, help, errors) are in *locale*."""

    def __init__(self, *args: Any, locale: str = DEFAULT_LOCALE, **kwargs: Any) -> None:
        self.locale = locale
        kwargs.setdefault("formatter_class", _formatter(locale))
        kwargs["add_help"] = False  # its own -h, in the reader's language
        super().__init__(*args, **kwargs)
        self._positionals.title = gettext("arguments positionnels", locale=locale)
        self._optionals.title = gettext("options", locale=locale)
        self.add_argument(
            "-h",
            "--help",
            action="help",
            default=argparse.SUPPRESS,
            help=gettext("afficher cette aide et quitter", locale=locale),
        )

    def _print_message(self, message: str, file: Any = None) -> None:
        """argparse's usage, help and errors, with an argument's control characters written
        as escapes (:func:`visible`): an argument may come from a file."""
        super()._print_message(visible(message, lines=True), file)

    def error(self, message: str) -> NoReturn:
        """Usage, then the error in the reader's language (argparse's English when unknown)."""
        self.print_usage(sys.stderr)
        self.exit(
            2,
            gettext("%(prog)s : erreur : %(message)s", locale=self.locale)
            % {"prog": self.prog, "message": _argparse_error(message, self.locale)}
            + "\n",
        )


# argparse's own error messages (Python 3.11 to 3.13), read back as data and said in the reader's
# language; a message not in this table is shown as argparse wrote it.
_ARGPARSE_ERRORS: Final = (
    (
        re.compile(r"the following arguments are required: (?P<names>.+)"),
        N_("arguments obligatoires manquants : %(names)s"),
    ),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), N_("arguments inconnus : %(names)s")),
    (
        re.compile(
            r"argument (?P<name>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"
        ),
        N_("argument %(name)s : choix invalide %(value)s (au choix : %(choices)s)"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): expected one argument"),
        N_("argument %(name)s : une valeur est attendue"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): invalid \w+ value: (?P<value>.+)"),
        N_("argument %(name)s : valeur invalide %(value)s"),
    ),
    (
        re.compile(r"ambiguous option: (?P<name>\S+) could match (?P<names>.+)"),
        N_("option ambiguë : %(name)s peut être %(names)s"),
    ),
    (
        re.compile(r"argument (?P<name>\S+): ignored explicit argument (?P<value>.+)"),
        N_("argument %(name)s : cette option ne prend pas de valeur (%(value)s)"),
    ),
)


def _argparse_error(message: str, locale: str) -> str:
    """An argparse error *message* in *locale*, its names and values kept as they are."""
    for pattern, sentence in _ARGPARSE_ERRORS:
        found = pattern.fullmatch(message)
        if found is not None:
            return gettext(sentence, locale=locale) % found.groupdict()
    return message


def _formatter(locale: str) -> type[argparse.HelpFormatter]:
    class _Formatter(argparse.HelpFormatter):
        def add_usage(
            self,
            usage: str | None,
            actions: Iterable[argparse.Action],
            groups: Iterable[argparse._MutuallyExclusiveGroup],
            prefix: str | None = None,
        ) -> None:
            if prefix is None:
                prefix = gettext("utilisation : ", locale=locale)
            super().add_usage(usage, actions, groups, prefix)

        def start_section(self, heading: str | None) -> None:
            super().start_section(heading if heading is None else _section_title(heading, locale))

    return _Formatter


def _section_title(title: str, locale: str) -> str:
    """*title* as argparse shows it before its own colon: a space before it in French."""
    # TRANSLATORS: a section title of the help, such as "options :" (French typography puts a
    # space before the colon; English none). It must end with the colon.
    titled = gettext("%(title)s :", locale=locale) % {"title": title}
    return titled.removesuffix(":")


def _file_options(p: argparse.ArgumentParser, t: Callable[[str], str]) -> None:
    p.add_argument(
        "--format",
        choices=FORMATS,
        help=t(
            N_(
                "csv (« , », 2026-03-31, 1250.00), csv-fr (« ; », 31/03/2026, 1 250,00) ou "
                "jsonl (par défaut : jsonl pour .jsonl/.ndjson, sinon csv ; jamais deviné "
                "d'après le contenu)"
            )
        ),
    )
    p.add_argument(
        "--encoding",
        choices=tuple(_ENCODINGS),
        help=t(
            N_(
                "l'encodage du fichier (par défaut : UTF-8, avec ou sans BOM ; cp1252 pour un "
                "export Windows-1252, seulement sur demande)"
            )
        ),
    )


def _strict_rates_option(parser: argparse.ArgumentParser, t: Callable[[str], str]) -> None:
    parser.add_argument(
        "--strict-rates",
        action="store_true",
        help=t(
            N_(
                "refuser les taux non encore publiés (par défaut : le dernier taux publié est "
                "supposé inchangé jusqu'à --today, et les montants sont marqués provisoires)"
            )
        ),
    )


def _build_parser(locale: str = DEFAULT_LOCALE) -> argparse.ArgumentParser:
    """The ``dunning`` command's parser, its help texts in *locale*."""

    def t(message: str) -> str:
        return gettext(message, locale=locale)

    def today_help(what: str) -> str:
        return t(N_("%(what)s, AAAA-MM-JJ (par défaut : aujourd'hui à Paris)")) % {"what": what}

    json_help = t(N_("écrire du JSON"))
    day, file, amount, rate = t(N_("AAAA-MM-JJ")), t(N_("FICHIER")), t(N_("MONTANT")), t(N_("TAUX"))
    newer_rates = t(N_("CSV de taux publiés plus récents (format : docs/rates.md)"))
    portfolio_help = t(N_("fichier CSV ou JSONL de factures et d'événements (docs/portfolio.md)"))
    parser = _Parser(
        prog="dunning",
        description=t(N_("Relances de factures et droit français des retards de paiement.")),
        locale=locale,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def command(
        group: Any, name: str, help_text: str, handler: Callable[[argparse.Namespace, TextIO], None]
    ) -> argparse.ArgumentParser:
        made: argparse.ArgumentParser = group.add_parser(
            name, help=help_text, description=help_text, locale=locale
        )
        made.set_defaults(handler=handler)
        return made

    p = command(
        sub,
        "due-date",
        t(N_("la date d'échéance d'une facture d'après ses conditions de paiement")),
        _cmd_due_date,
    )
    p.add_argument(
        "terms",
        metavar=t(N_("CONDITIONS")),
        help=t(N_("conditions de paiement en français, par ex. « 45 jours fin de mois »")),
    )
    p.add_argument(
        "--issued", required=True, metavar=day, help=t(N_("date de la facture, AAAA-MM-JJ"))
    )
    p.add_argument(
        "--delivered",
        metavar=day,
        help=t(N_("date de livraison ou d'exécution de la prestation, AAAA-MM-JJ")),
    )
    p.add_argument(
        "--received",
        metavar=day,
        help=t(N_("acheteurs publics : réception de la demande de paiement, AAAA-MM-JJ")),
    )
    p.add_argument("--json", action="store_true", help=json_help)

    p = command(
        sub,
        "penalty",
        t(N_("les pénalités de retard d'une facture, ligne par ligne")),
        _cmd_penalty,
    )
    p.add_argument(
        "amount", metavar=amount, help=t(N_("principal encore dû à l'échéance, par ex. 1250.00"))
    )
    p.add_argument("--due", required=True, metavar=day, help=t(N_("date d'échéance, AAAA-MM-JJ")))
    p.add_argument(
        "--paid",
        required=True,
        metavar=day,
        help=t(N_("date du paiement ou de l'évaluation, AAAA-MM-JJ")),
    )
    p.add_argument(
        "--basis",
        metavar=t(N_("BASE")),
        help=t(
            N_(
                "la base des pénalités, l'une de %(bases)s (par défaut : statutory ; legal pour "
                "un consommateur)"
            )
        )
        % {"bases": _basis_spellings(locale)},
    )
    p.add_argument(
        "--consumer",
        action="store_true",
        help=t(
            N_(
                "le débiteur est un consommateur (un particulier) : l'intérêt au taux légal "
                "(C. civ. 1231-6) court à compter de la mise en demeure (--notice), sans "
                "l'indemnité forfaitaire de 40 € (CPCE L111-8)"
            )
        ),
    )
    p.add_argument(
        "--notice",
        metavar=day,
        help=t(
            N_(
                "avec --consumer : la date de réception de la mise en demeure, AAAA-MM-JJ, point "
                "de départ des intérêts (C. civ. 1344-1)"
            )
        ),
    )
    p.add_argument(
        "--payment",
        action="append",
        default=[],
        metavar=t(N_("DATE:MONTANT")),
        help=t(N_("un paiement partiel (répétable)")),
    )
    p.add_argument("--rates", metavar=file, help=newer_rates)
    p.add_argument(
        "--assume-unchanged",
        action="store_true",
        help=t(
            N_(
                "compter les jours après les taux publiés au dernier taux publié (provisoire, "
                "dit comme tel) ; sans elle, un tel jour est une erreur"
            )
        ),
    )
    p.add_argument(
        "--recovery-costs",
        metavar=amount,
        help=t(N_("frais de recouvrement justifiés, s'ils dépassent 40 €")),
    )
    p.add_argument(
        "--day-count",
        choices=("act365", "actact"),
        default="act365",
        help=t(N_("décompte des jours (par défaut : act365)")),
    )
    p.add_argument(
        "--allocation",
        choices=("interest-first", "principal-first"),
        default="interest-first",
        help=t(N_("imputation des paiements (par défaut : interest-first, C. civ. 1343-1)")),
    )
    p.add_argument(
        "--currency",
        default="EUR",
        metavar=t(N_("DEVISE")),
        help=t(N_("la devise de la facture (par défaut : EUR)")),
    )
    p.add_argument(
        "--indemnity-in-currency",
        metavar=amount,
        help=t(N_("avec une autre --currency que EUR : les 40 € forfaitaires convertis (D441-5)")),
    )
    p.add_argument("--json", action="store_true", help=json_help)

    p = command(
        sub,
        "rates",
        t(
            N_(
                "lister les tables de taux (livrées + fichier de taux de l'utilisateur) ; "
                "update, add-legal"
            )
        ),
        _cmd_rates,
    )
    p.add_argument(
        "--rates", metavar=file, help=t(N_("CSV de taux publiés plus récents, ajoutés d'abord"))
    )
    p.add_argument(
        "--today",
        metavar=day,
        help=t(N_("avertir quand le semestre de ce jour manque aux tables, AAAA-MM-JJ")),
    )
    p.add_argument("--json", action="store_true", help=json_help)
    actions = p.add_subparsers(dest="rates_command")
    target = t(
        N_(
            "le fichier de taux à écrire (par défaut : le fichier de taux de l'utilisateur, "
            "$DUNNING_RATES_FILE)"
        )
    )
    q = command(
        actions,
        "update",
        t(
            N_(
                "ajouter au fichier de taux de l'utilisateur les décisions BCE plus récentes, "
                "lues dans l'API de données de la BCE"
            )
        ),
        _cmd_rates_update,
    )
    q.add_argument("--rates-file", metavar=file, help=target)
    q.add_argument(
        "--timeout",
        type=_seconds,
        metavar=t(N_("SECONDES")),
        default=_TIMEOUT,
        help=t(N_("secondes (par défaut : 20)")),
    )
    q = command(
        actions,
        "add-legal",
        t(N_("ajouter les deux taux légaux du semestre suivant")),
        _cmd_rates_add_legal,
    )
    q.add_argument(
        "half_year", metavar=day, help=t(N_("le 1er janvier ou le 1er juillet, AAAA-MM-JJ"))
    )
    q.add_argument(
        "--consumer",
        required=True,
        metavar=rate,
        help=t(N_("taux quand le créancier est un particulier")),
    )
    q.add_argument(
        "--other", required=True, metavar=rate, help=t(N_("taux dans tous les autres cas"))
    )
    q.add_argument(
        "--source",
        required=True,
        metavar=t(N_("TEXTE")),
        help=t(N_("l'arrêté, par ex. « Arrêté du 22 juin 2026 »")),
    )
    q.add_argument("--rates-file", metavar=file, help=target)

    p = command(
        sub,
        "plan",
        t(N_("que faire aujourd'hui pour chaque facture d'un fichier de portefeuille")),
        _cmd_plan,
    )
    p.add_argument("portfolio", metavar=t(N_("PORTEFEUILLE")), help=portfolio_help)
    p.add_argument("--today", metavar=day, help=today_help(t(N_("le jour du plan"))))
    _file_options(p, t)
    p.add_argument("--rates", metavar=file, help=newer_rates)
    _strict_rates_option(p, t)
    p.add_argument("--json", action="store_true", help=json_help)

    p = command(
        sub,
        "report",
        t(
            N_(
                "balance âgée, DSO, CEI, encours par étape et pénalités d'un fichier de "
                "portefeuille"
            )
        ),
        _cmd_report,
    )
    p.add_argument("portfolio", metavar=t(N_("PORTEFEUILLE")), help=portfolio_help)
    p.add_argument("--today", metavar=day, help=today_help(t(N_("le jour du rapport"))))
    _file_options(p, t)
    p.add_argument(
        "--period-days",
        metavar="N",
        type=_whole,
        default=90,
        help=t(N_("période du DSO et du CEI, en jours (par défaut : 90)")),
    )
    p.add_argument(
        "--currency",
        metavar=t(N_("DEVISE")),
        help=t(N_("la devise à analyser (par défaut : la seule devise du fichier)")),
    )
    p.add_argument("--rates", metavar=file, help=newer_rates)
    _strict_rates_option(p, t)
    p.add_argument(
        "--html",
        metavar=file,
        help=t(N_("écrire aussi une page HTML autonome")),
    )
    p.add_argument("--json", action="store_true", help=json_help)

    p = command(
        sub,
        "demo",
        t(N_("planifier le portefeuille d'exemple livré et le résumer")),
        _cmd_demo,
    )
    p.add_argument("--rates", metavar=file, help=newer_rates)
    _strict_rates_option(p, t)
    locale_help = t(
        N_(
            "la langue de la sortie : fr_FR (par défaut) ou en_GB (à défaut : LC_ALL, "
            "LC_MESSAGES ou LANG s'il est français ou anglais, sinon le français)"
        )
    )
    for each in (*sub.choices.values(), *actions.choices.values()):
        each.add_argument("--locale", metavar="LOCALE", help=locale_help)
    for group in (sub, actions):  # argparse's errors name a sub-command by this, not its dest
        group.metavar = "{" + ",".join(group.choices) + "}"
    # also before the sub-command (dunning --locale en_GB demo); the sub-command's wins
    parser.add_argument("--locale", dest="top_locale", metavar="LOCALE", help=locale_help)
    return parser


_ZONE: Final = "Europe/Paris"
_ENVIRONMENT: Final = ("LC_ALL", "LC_MESSAGES", "LANG")


def reader_locale(given: str | None, environ: Mapping[str, str]) -> str:
    """
    The locale the command speaks: *given* (``--locale``), else the first of ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG`` that is set, when its language has a catalog, else ``fr_FR``.

    >>> reader_locale(None, {"LANG": "en_GB.UTF-8"}), reader_locale(None, {"LANG": "C.UTF-8"})
    ('en_GB', 'fr_FR')
    >>> reader_locale("en_US", {"LC_ALL": "fr_FR.UTF-8"}), reader_locale(None, {})
    ('en_US', 'fr_FR')
    """
    if given is not None:
        catalog_locale(given)  # an unknown locale is an error
        return given
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            code = value.partition(".")[0].partition("@")[0]
            if code in ("C", "POSIX"):
                return DEFAULT_LOCALE
            try:
                catalog = catalog_locale(code)
            except DunningError:
                return DEFAULT_LOCALE
            known = code.partition("_")[0].lower() == catalog.partition("_")[0]
            return code if known else DEFAULT_LOCALE
    return DEFAULT_LOCALE


def paris_today(now: datetime) -> date:
    """
    The calendar day in Europe/Paris at the instant *now* (an aware ``datetime``): a server
    running in UTC at 23:30 on 31 December plans 1 January.

    >>> paris_today(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc))
    datetime.date(2027, 1, 1)
    """
    moment = pendulum.instance(now).in_timezone(_ZONE)
    return date(moment.year, moment.month, moment.day)


def _print_day(args: argparse.Namespace, out: TextIO) -> None:
    """Say which day is planned when it was not given."""
    if getattr(args, "today", None) is None:
        print(
            gettext(
                "Jour : %(day)s (aujourd'hui à Paris ; --today AAAA-MM-JJ pour un autre jour)",
                locale=args.reader_locale,
            )
            % {"day": format_date(args.day, locale=args.reader_locale, format="full")},
            file=out,
        )


def _error_text(error: BaseException, locale: str) -> str:
    """An error for the reader, drawn from its data in *locale* (``display/_errors.py``)."""
    if isinstance(error, _Unreachable):
        return error.text(locale)
    if isinstance(error, _CannotWrite):
        return error_text(error.error, locale=locale, writing=True)
    if (
        isinstance(error, InvalidArgument)
        and error.name == "--basis"
        and error.code == "not_one_of"
    ):
        error = copy.copy(error)  # the spellings with their placeholders in the reader's words
        error.params = (("accepted", (_basis_spellings(locale),)),)
    return error_text(error, locale=locale)


_FILE_ARGUMENTS: Final = (
    ("portfolio", "PORTFOLIO"),
    ("rates", "--rates"),
    ("rates_file", "--rates-file"),
    ("html", "--html"),
)
"""The arguments that name a file (attribute, name in errors)."""


def _check_file_names(args: argparse.Namespace) -> None:
    """Refuse a NUL in a file name: no shell can pass one, but ``main(argv)`` can, and the
    operating system cannot open it (Python raises a bare ``ValueError``)."""
    for attribute, name in _FILE_ARGUMENTS:
        value = getattr(args, attribute, None)
        if isinstance(value, str) and "\x00" in value:
            position = value.index("\x00")
            error = InvalidArgument(
                name,
                value,
                f"a file name cannot contain a NUL character (U+0000 at position {position})",
            )
            error._data("bad_character", (("char", "U+0000"), ("position", position)))
            raise error


class _Visible:
    """
    The command's output, with the control and bidirectional characters and lone surrogates
    that a file or its name may hold written as ``\\uXXXX`` escapes (:func:`visible`): an
    escape sequence must not recolour or clear the reader's terminal, a lone surrogate must not
    stop the report with a ``UnicodeEncodeError``.  JSON stays valid and equal: the escapes are
    JSON's, and the ``json`` module already escapes the C0 controls.
    """

    def __init__(self, raw: TextIO) -> None:
        self._raw = raw

    def write(self, text: str) -> int:
        self._raw.write(visible(text, lines=True))
        return len(text)

    def flush(self) -> None:
        self._raw.flush()


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
    now: Callable[[], datetime] | None = None,
) -> int:
    """
    Run the ``dunning`` command; return its exit status (0 ok, 2 bad input).

    Args:
        argv: the arguments (default: ``sys.argv[1:]``).
        out: where to print (default: standard output).
        environ: the environment whose ``LC_ALL``/``LC_MESSAGES``/``LANG`` choose the language
            when ``--locale`` is not given (default: ``os.environ``).
        now: the clock, an aware ``datetime`` (default: the system's); read only when a
            command's ``--today`` is omitted, as today in Europe/Paris.
    """
    stream = out if out is not None else sys.stdout
    arguments = list(sys.argv[1:] if argv is None else argv)
    env = os.environ if environ is None else environ
    try:  # the help and argparse's errors speak the reader's language too
        words = reader_locale(_given_locale(arguments), env)
    except DunningError:
        words = DEFAULT_LOCALE  # the bad --locale is reported below, once parsed
    args = _build_parser(words).parse_args(arguments)
    handler: Callable[[argparse.Namespace, TextIO], None] = args.handler
    try:
        given = args.locale if args.locale is not None else args.top_locale
        args.reader_locale = reader_locale(given, env)
    except DunningError as error:
        print(
            f"dunning {args.command}: {visible(_error_text(error, DEFAULT_LOCALE))}",
            file=sys.stderr,
        )
        return 2
    loc = args.reader_locale
    try:
        _check_file_names(args)
        if hasattr(args, "today") and args.command in ("plan", "report"):
            # The CLI is the one place that may read the clock.
            clock = now if now is not None else _system_now
            args.day = parse_date(args.today) if args.today else paris_today(clock())
        handler(args, cast(TextIO, _Visible(stream)))
        stream.flush()  # a closed pipe is met here, not at the interpreter's exit
    except BrokenPipeError:  # the reader stopped reading (`dunning rates --json | head`)
        _silence(stream)
        return 1
    except (DunningError, OSError, _CannotWrite) as error:
        print(f"dunning {args.command}: {visible(_error_text(error, loc))}", file=sys.stderr)
        return 2
    return 0


def _silence(stream: TextIO) -> None:
    """After a broken pipe, point standard output at the null device: Python flushes it at exit,
    which would fail again and print an English message (the Python documentation's recipe)."""
    if stream is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError):  # no file descriptor (a captured stream)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _given_locale(argv: Sequence[str]) -> str | None:
    """The value of ``--locale`` in *argv*, before the parser is built (its help is in it)."""
    given = None
    for index, item in enumerate(argv):
        if item == "--":
            break
        if item == "--locale" and index + 1 < len(argv):
            given = argv[index + 1]
        elif item.startswith("--locale="):
            given = item.partition("=")[2]
    return given


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
