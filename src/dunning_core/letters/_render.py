"""
Rendering: a case, a kind of letter and the parties in; a :class:`Letter` (subject, text, HTML) out.

Amounts come from :func:`~dunning_core.machine.claim_amounts` on the letter date (a declaration of
claim's from :func:`~dunning_core.machine.declared_amounts`), deadlines from
the calendar (CPC 642 extension), wording from the templates; every value placed into the HTML
is escaped, and so is the template's own text, so the only tags in :attr:`Letter.html` are the
``<div>``, ``<p>`` and ``<br>`` this module writes.
"""

from __future__ import annotations

import functools
import html
import re
import string
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final, final

import attrs
from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from dunning_core._text import check_text
from dunning_core._validators import instance_of, int_between, mapping_of, optional
from dunning_core.calendar import add_business_days, extend_deadline, half_year_label, to_date
from dunning_core.errors import (
    ArgumentTypeError,
    InvalidArgument,
    InvalidDate,
    MissingExchangeRate,
    ProvisionalAmounts,
)
from dunning_core.format import (
    DEFAULT_LOCALE,
    format_date,
    format_duration,
    format_money,
    format_percent,
    french_de,
)
from dunning_core.interest import FLAT_INDEMNITY, PenaltyBasis, PenaltyBreakdown
from dunning_core.law import (
    CCP_D2192_35,
    CCP_L2192_13,
    CIV_1231_6,
    CIV_1344,
    CIV_1344_1,
    CJA_R541_1,
    CPC_642,
    CPC_1405,
    CPCE_L111_8,
    D441_5,
    L441_10,
    L622_21,
    Article,
)
from dunning_core.letters._parties import Agency, Creditor, Debtor, format_iban, format_siren
from dunning_core.letters._templates import (
    LANGUAGES,
    LetterKind,
    LetterTemplate,
    Mention,
    _kind,
    _language,
    default_template,
)
from dunning_core.letters._wording import l111_8, words
from dunning_core.machine import (
    Action,
    Amounts,
    Case,
    CollectiveProcedureOpened,
    Delivery,
    Procedure,
    check,
    claim_amounts,
    claim_procedure,
    declared_amounts,
    formal_notice_deadline,
    next_actions,
)
from dunning_core.machine._case import require_policy
from dunning_core.money import CONTEXT, in_context, quantize, to_amount
from dunning_core.policy import Channel, DebtorSegment, Policy, Stage, StepKind, french_default
from dunning_core.rates import RateBook

__all__ = [
    "DELIVERY_DAYS",
    "REMINDER_DEADLINE_DAYS",
    "Letter",
    "letter_kind",
    "render",
]

REMINDER_DEADLINE_DAYS: Final = 8
"""Days a reminder or an agency letter gives to pay, from the letter date (*sous huitaine*)."""

DELIVERY_DAYS: Final = 2
"""Business days a registered letter is assumed to take, when the formal notice states its date."""

_WRITTEN: Final = frozenset(
    {
        Channel.EMAIL,
        Channel.LETTER,
        Channel.REGISTERED_LETTER,
        Channel.ELECTRONIC_REGISTERED_LETTER,
    }
)
_RUNS_OF_BLANK_LINES: Final = re.compile(r"\n{3,}")

_IS_ACTION: Final = instance_of(Action, accepted="an Action from next_actions()")
_IS_CASE: Final = instance_of(Case, accepted="a machine.Case")


@functools.cache
def _default_policy() -> Policy:
    return french_default()


# --- The letter ----------------------------------------------------------------------------------


@final
@attrs.frozen(repr=False)
class Letter:
    """
    A rendered dunning letter: what the debtor reads, and what it rests on.

    Attributes:
        kind: the :class:`~dunning_core.letters.LetterKind`.
        locale: the locale it is formatted for (``"fr_FR"``).
        on: the letter date (``today``).
        reference: the letter's reference, ``invoice/kind/date`` (CPCE R124-4 asks an agency to
            recall it in every later step).
        subject: the subject, one line.
        text: the body as plain text.
        html: the body as an HTML fragment, every interpolated value escaped.
        mentions: the :class:`~dunning_core.letters.Mention` values the letter carries, its
            kind's required mentions included.
        deadline: the payment deadline it states, or ``None``.
        amounts: the :class:`~dunning_core.machine.Amounts` it claims, as of :attr:`on`.
        articles: every article it rests on, in order of first use.

    >>> from datetime import date
    >>> from dunning_core.machine import Case
    >>> case = Case.open("F-1", "1200", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> letter = render("reminder_1", case, today=date(2025, 4, 10),
    ...                 creditor=Creditor("ACME SAS", "Paris", iban="FR7630006000011234567890189"))
    >>> letter
    Letter(kind='reminder_1', locale='fr_FR', on=datetime.date(2025, 4, 10), subject='Relance : facture n° F-1 échue le 31 mars 2025')
    >>> str(letter.deadline), [str(a) for a in letter.articles][:3]
    ('2025-04-18', ['pratique', 'C. com. art. L441-10', 'C. com. art. D441-5'])
    """

    kind: LetterKind
    locale: str
    on: date
    reference: str
    subject: str
    text: str
    html: str
    mentions: tuple[Mention, ...]
    deadline: date | None
    amounts: Amounts = attrs.field(eq=False)
    articles: tuple[Article, ...]

    def __repr__(self) -> str:
        return (
            f"Letter(kind={self.kind.value!r}, locale={self.locale!r}, on={self.on!r}, "
            f"subject={self.subject!r})"
        )

    def __str__(self) -> str:
        return self.text


# --- Choosing the kind ---------------------------------------------------------------------------


def letter_kind(action: Action, case: Case) -> LetterKind:
    """
    The kind of letter an :class:`~dunning_core.machine.Action` calls for.

    * A step whose ``template`` is a kind's value (``"pre_reminder"``, ``"formal_notice"``...)
      gets that kind.
    * A formal-notice step gets ``FORMAL_NOTICE``; a hand-over step gets ``HAND_OVER``; a
      penalty-claim step (once the principal is paid late) gets ``PENALTY_CLAIM``; the
      declaration of the claim (collective procedure) gets ``CLAIM_DECLARATION``.
    * A written reminder (e-mail, letter) gets ``PRE_REMINDER`` before the due date,
      ``REMINDER_1`` when no written reminder was recorded at the amicable stage yet, else
      ``REMINDER_2``.

    Args:
        action: a planned action (from :func:`~dunning_core.machine.next_actions`).
        case: its case.

    Returns:
        The :class:`LetterKind`.

    Raises:
        InvalidArgument: the action is a phone call, an SMS, a visit or a court claim (no letter),
            a formal notice served by a commissaire de justice (his act, not a letter), or a
            reminder after the formal notice.

    >>> from datetime import date
    >>> from dunning_core.machine import Case, next_actions
    >>> from dunning_core.policy import french_default
    >>> case = Case.open("F-1", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> (action,) = next_actions(case, french_default(), date(2025, 4, 7))
    >>> letter_kind(action, case)
    <LetterKind.REMINDER_1: 'reminder_1'>
    """
    _IS_ACTION("action", action)
    _IS_CASE("case", case)
    step = action.step
    if step.kind is StepKind.FORMAL_NOTICE and action.channel is not None and action.channel.served:
        raise InvalidArgument(
            "action",
            action,
            "a formal notice sent by post or e-mail; one served by a commissaire de justice is "
            "his act (a sommation de payer, C. civ. 1344), drafted and served by him, not a "
            "letter of this library; pass a LetterKind to write the demand anyway",
        )
    for kind in LetterKind:
        if step.template == kind.value:
            return kind
    if step.kind is StepKind.FORMAL_NOTICE:
        return LetterKind.FORMAL_NOTICE
    if step.kind is StepKind.HAND_OVER:
        return LetterKind.HAND_OVER
    if step.kind is StepKind.PENALTY_CLAIM:
        return LetterKind.PENALTY_CLAIM
    if step.kind is StepKind.CLAIM:
        raise InvalidArgument(
            "action", action, "a step that sends a letter; a court claim is filed, not written"
        )
    if step.kind is StepKind.CLAIM_DECLARATION:
        return LetterKind.CLAIM_DECLARATION
    if step.kind is StepKind.FORECLOSURE_RELIEF:
        raise InvalidArgument(
            "action",
            action,
            "a step that sends a letter; relief from foreclosure is asked by a request "
            "(requête) to the juge-commissaire (C. com. L622-26), not by a letter of this library",
        )
    if action.channel not in _WRITTEN:
        how = action.channel.value if action.channel is not None else "none"
        raise InvalidArgument(
            "action",
            action,
            f"a written step (e-mail or letter), not {how}; pass a LetterKind to write anyway",
        )
    if action.stage is Stage.PREVENTIVE:
        return LetterKind.PRE_REMINDER
    if action.stage is not Stage.AMICABLE:
        raise InvalidArgument(
            "action",
            action,
            "an amicable reminder; after the formal notice, pass a LetterKind to write anyway",
        )
    written = sum(case.contacts_at(Stage.AMICABLE, channel) for channel in _WRITTEN)
    return LetterKind.REMINDER_1 if written == 0 else LetterKind.REMINDER_2


# --- Formatting ----------------------------------------------------------------------------------


@attrs.frozen
class _Fmt:
    locale: str
    language: str
    currency: str

    def words(self, key: str, **values: Any) -> str:
        return words(key, self.locale, **values)

    def money(self, amount: Decimal, currency: str | None = None) -> str:
        return format_money(amount, currency or self.currency, locale=self.locale)

    def day(self, day: date) -> str:
        return format_date(day, locale=self.locale)

    def rate(self, percent: Decimal) -> str:
        return format_percent(percent, locale=self.locale)

    def count(self, number: int) -> str:
        return str(format_decimal(number, locale=self.locale))

    def days(self, number: int) -> str:
        return format_duration(number, locale=self.locale)

    def basis(self, basis: PenaltyBasis) -> str:
        """The basis in words; empty for civil legal interest, which its label already names."""
        return basis.short(self.language, locale=self.locale)


def _normalise_locale(locale: object) -> tuple[str, str]:
    language = _language(locale)
    assert isinstance(locale, str)
    name = locale.replace("-", "_")
    if name.lower() == language:
        name = LANGUAGES[language]  # a bare "en" is written and formatted as en_GB, "fr" as fr_FR
    try:
        parsed = Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        raise InvalidArgument(
            "locale", locale, "a locale babel knows, such as 'fr_FR', 'en_GB' or 'en'"
        ) from None
    return str(parsed), language


# --- Blocks --------------------------------------------------------------------------------------


def _interest_label(basis: PenaltyBasis, fmt: _Fmt) -> str:
    return fmt.words(basis.interest_name)  # penalties, moratorium or legal_interest


def _amounts_block(
    case: Case,
    amounts: Amounts,
    fmt: _Fmt,
    *,
    r124: bool,
    opened: CollectiveProcedureOpened | None = None,
    rate: Decimal | None = None,
) -> str:
    """
    Principal, penalties (basis, rate, periods), indemnity and total, one per line.

    With *opened* (a declaration of claim), the total is the claim on the day of the opening
    judgment, where the machine stopped the interest (C. com. L622-28), followed by the sums not
    yet due then (L622-25).
    """
    lines = [fmt.words("invoice_amount", v=fmt.money(case.amount))]
    breakdown = amounts.breakdown
    paid_until = amounts.as_of if opened is None else min(amounts.as_of, opened.on)
    settled = sum((p.amount for p in case.payments if p.on <= paid_until), Decimal(0))
    settled += sum((c.amount for c in case.credit_notes if c.on <= amounts.as_of), Decimal(0))
    if settled:
        lines.append(fmt.words("already_paid", v=fmt.money(settled)))
        if breakdown is not None and breakdown.interest_paid:
            lines.append(fmt.words("interest_paid", v=fmt.money(breakdown.interest_paid)))
    lines.append(
        fmt.words("principal_r124" if r124 else "principal", v=fmt.money(amounts.principal))
    )
    if breakdown is not None:
        basis = breakdown.basis
        label = _interest_label(basis, fmt)
        lines.append(
            fmt.words(
                "interest_r124" if r124 else "interest_line",
                label=label.lower() if r124 else label,
                detail=", ".join(part for part in (fmt.basis(basis), str(basis.article)) if part),
                v=fmt.money(breakdown.interest),
            )
        )
        lines.extend(
            fmt.words(
                "period",
                start=fmt.day(line.start),
                end=fmt.day(line.end),
                days=fmt.days(line.days),
                balance=fmt.money(line.balance),
                rate=fmt.rate(line.rate),
                v=fmt.money(line.amount),
            )
            + (" *" if line.provisional else "")
            for line in breakdown.lines
        )
    elif r124:
        lines.append(fmt.words("no_interest_r124"))
    if amounts.indemnity and breakdown is not None and breakdown.indemnity_article is not None:
        lines.append(
            fmt.words(
                "indemnity_r124" if r124 else "indemnity",
                article=breakdown.indemnity_article,
                v=fmt.money(amounts.indemnity),
            )
        )
    elif breakdown is not None and breakdown.unconverted_indemnity is not None:
        # 40 € whatever the invoice's currency (D441-5): claimed in euros, never dropped.
        lines.append(
            fmt.words(
                "indemnity_eur_r124" if r124 else "indemnity_eur",
                article=breakdown.indemnity_article,
                v=fmt.money(breakdown.unconverted_indemnity, "EUR"),
            )
        )
    elif r124:
        lines.append(fmt.words("no_indemnity_r124"))
    if opened is None:
        lines.append(fmt.words("total", date=fmt.day(amounts.as_of), v=fmt.money(amounts.total)))
    else:
        if breakdown is not None:
            lines.append(fmt.words("interest_stopped", date=fmt.day(opened.on)))
        lines.append(fmt.words("total_judgment", v=fmt.money(amounts.total)))
        since = sum((p.amount for p in case.payments if p.on > opened.on), Decimal(0))
        if since:  # a guarantor's or a co-debtor's, subrogated: not deducted (L622-33)
            lines.append(fmt.words("paid_since", v=fmt.money(since)))
        if rate is not None:  # a foreign currency, declared in euros (L622-25)
            lines.append(_converted(case, amounts, opened, rate, fmt))
        if case.due_on > opened.on and amounts.principal:
            lines.append(
                fmt.words("falling_due", v=fmt.money(amounts.principal), date=fmt.day(case.due_on))
            )
        else:
            lines.append(fmt.words("nothing_falling_due"))
    if breakdown is not None and breakdown.provisional:
        periods = ", ".join(  # 2026-H2: "2e semestre 2026"
            fmt.words("first_half" if p.endswith("1") else "second_half", year=p[:4])
            for p in _provisional_periods(breakdown).split(", ")
        )
        lines.append(fmt.words("provisional", periods=periods))
    return "\n".join(lines)


def _declaration_options(
    kind: LetterKind, case: Case, exchange_rate: object, security: object
) -> Decimal | None:
    """Check *exchange_rate* and *security*, the declaration's options; the rate, or ``None``."""
    declaring = kind is LetterKind.CLAIM_DECLARATION
    if security is not None:
        if not declaring:
            raise InvalidArgument(
                "security", security, "None: only a declaration of claim names one"
            )
        check_text("security", security, limit=_MAX_SECURITY)
        if not str(security).strip():
            raise InvalidArgument(
                "security", security, "the privilege or security and its basis, or None"
            )
    if exchange_rate is None:
        if declaring and case.currency != "EUR":
            assert case.insolvency is not None  # checked before: a declaration is planned
            raise MissingExchangeRate(case.currency, case.insolvency.on)
        return None
    if not declaring or case.currency == "EUR":
        raise InvalidArgument(
            "exchange_rate",
            exchange_rate,
            "None: only the declaration of a claim in a foreign currency is converted into "
            "euros (C. com. L622-25)",
        )
    if type(exchange_rate) is not Decimal:
        raise ArgumentTypeError(
            "exchange_rate", exchange_rate, "a Decimal: the euros for one unit of the currency"
        )
    rate = to_amount(exchange_rate)
    if not rate:
        raise InvalidArgument("exchange_rate", exchange_rate, "an exchange rate above zero")
    return rate


_MAX_SECURITY: Final = 300
"""The longest description of a security accepted, in characters."""


def _converted(
    case: Case, amounts: Amounts, opened: CollectiveProcedureOpened, rate: Decimal, fmt: _Fmt
) -> str:
    """The claim converted into euros at the opening judgment's rate (C. com. L622-25)."""
    total = quantize(CONTEXT.multiply(amounts.total, rate), "EUR")
    breakdown = amounts.breakdown
    flat = None if breakdown is None else breakdown.unconverted_indemnity
    values = {
        "date": fmt.day(opened.on),
        "currency": case.currency,
        "rate": str(format_decimal(rate, locale=fmt.locale, decimal_quantization=False)),
    }
    if flat:  # the 40 € are euros already (D441-5): added, not converted
        return fmt.words(
            "converted_with_indemnity",
            v=fmt.money(CONTEXT.add(total, flat), "EUR"),
            flat=fmt.money(flat, "EUR"),
            **values,
        )
    return fmt.words("converted", v=fmt.money(total, "EUR"), **values)


def _claim_nature(security: str | None, fmt: _Fmt) -> str:
    """Unsecured, or the privilege or security the host names (C. com. L622-25)."""
    if security is None:
        return fmt.words("claim_nature")
    return fmt.words("claim_nature_secured", security=security)


def _provisional_periods(breakdown: PenaltyBreakdown) -> str:
    """The half-years of *breakdown* priced on an assumed rate: ``2026-S2`` / ``2026-H2``..."""
    return ", ".join(
        dict.fromkeys(half_year_label(line.start) for line in breakdown.lines if line.provisional)
    )


def _payment_block(payee: Creditor | Agency, reference: str, fmt: _Fmt) -> str:
    lines = []
    if payee.iban is not None:
        bic = fmt.words("bic", bic=payee.bic) if payee.bic else ""
        lines.append(
            fmt.words("transfer", iban=format_iban(payee.iban), bic=bic, reference=reference)
        )
    lines.extend(payee.payment_means)
    return "\n".join(lines)


def _creditor_block(creditor: Creditor, fmt: _Fmt) -> str:
    lines = [creditor.name, creditor.address]
    if creditor.siren is not None:
        lines.append(fmt.words("siren", siren=format_siren(creditor.siren)))
    if creditor.contact is not None:
        lines.append(creditor.contact)
    return "\n".join(lines)


def _debtor_block(debtor: Debtor | None, fmt: _Fmt) -> str:
    if debtor is None:
        return ""
    lines = [debtor.name]
    if debtor.attention is not None:
        lines.append(fmt.words("attention", who=debtor.attention))
    if debtor.address is not None:
        lines.append(debtor.address)
    return "\n".join(lines)


def _agency_block(agency: Agency | None) -> str:
    if agency is None:
        return ""
    lines = [agency.name, agency.address]
    if agency.contact is not None:
        lines.append(agency.contact)
    return "\n".join(lines)


def _procedure_text(case: Case, opened: CollectiveProcedureOpened | None, fmt: _Fmt) -> str:
    if opened is None:
        return ""
    texts = [
        fmt.words(
            "procedure_text",
            judgment=fmt.day(opened.on),
            published=fmt.day(opened.published_on),
            procedure=fmt.words(opened.procedure.value),
        )
    ]
    texts.extend(  # conversions (C. com. L622-10, L631-15): the same procedure goes on
        fmt.words(
            "conversion_text",
            judgment=fmt.day(judgment.on),
            published=fmt.day(judgment.published_on),
            procedure=fmt.words(judgment.procedure.value),
        )
        for judgment in case.judgments[1:]
    )
    return " ".join(texts)


def _attachments(case: Case, fmt: _Fmt) -> str:
    """The bordereau of a declaration of claim (C. com. R622-23): what the case holds."""
    lines = [
        fmt.words(
            "attach_invoice",
            n=1,
            reference=case.reference,
            issued=fmt.day(case.issued_on),
            amount=fmt.money(case.amount),
        )
    ]
    notice = case.formal_notice
    if notice is not None and notice.channel.served:  # the act of service is its proof
        lines.append(fmt.words("attach_served", n=len(lines) + 1, date=fmt.day(notice.on)))
    elif notice is not None:
        lines.append(fmt.words("attach_notice", n=len(lines) + 1, date=fmt.day(notice.on)))
        delivery = case.delivery
        if delivery is not None and delivery.outcome is not Delivery.REFUSED:
            lines.append(fmt.words("attach_receipt", n=len(lines) + 1, date=fmt.day(delivery.on)))
    lines.append(fmt.words("attach_statement", n=len(lines) + 1))
    return "\n".join(lines)


def _planned_declaration(case: Case, policy: Policy, today: date) -> Action:
    """The declaration of the claim the machine plans for *case* on *today*, or a clear refusal."""
    if case.insolvency is None:
        raise InvalidArgument(
            "case",
            case,
            "a case whose debtor is in a collective procedure (CollectiveProcedureOpened) for a "
            f"claim_declaration letter; none is recorded on {case.reference}",
        )
    if case.declared is not None:
        raise InvalidArgument(
            "case",
            case,
            f"a claim not declared yet; the claim of {case.reference} was already declared on "
            f"{case.declared.on}",
        )
    for action in next_actions(case, policy, today):
        if action.kind is StepKind.CLAIM_DECLARATION:
            return action
    raise InvalidArgument(
        "case",
        case,
        f"a case whose declaration of claim the machine plans on {today}; next_actions() plans "
        "none (a time-barred claim, or the deadline to declare has passed: relief from "
        "foreclosure is asked instead, C. com. L622-26)",
    )


def _legal_notice(
    kind: LetterKind, segment: DebtorSegment, fmt: _Fmt
) -> tuple[str, tuple[Article, ...]]:
    """What the law says, for the letter's kind and the debtor's segment, and its articles."""
    if kind in (LetterKind.PRE_REMINDER, LetterKind.CLAIM_DECLARATION):
        return "", ()
    flat = fmt.money(FLAT_INDEMNITY, "EUR")
    notice = kind is LetterKind.FORMAL_NOTICE
    if segment is DebtorSegment.CONSUMER:
        # A consumer owes neither the L441-10 penalties nor the 40 € indemnity (CPCE L111-8);
        # legal interest runs from the mise en demeure only (C. civ. 1231-6, 1344-1).
        if notice:
            return fmt.words("notice_consumer"), (CIV_1344, CIV_1231_6, CIV_1344_1)
        return "", ()
    if segment is DebtorSegment.PUBLIC_BODY:
        text, articles = fmt.words("l2192_13", flat=flat), (CCP_L2192_13, CCP_D2192_35)
    else:
        text, articles = fmt.words("l441_10", flat=flat), (L441_10, D441_5)
    if notice:
        return f"{fmt.words('notice')} {text}", (CIV_1344, *articles)
    return text, articles


def _consequences(
    kind: LetterKind, case: Case, policy: Policy, fmt: _Fmt
) -> tuple[str, tuple[Article, ...]]:
    """What follows non-payment: the policy's next steps after the formal notice."""
    if kind is LetterKind.HAND_OVER:
        return fmt.words("agency_failing"), ()
    if kind is not LetterKind.FORMAL_NOTICE:
        return "", ()
    after = False
    actions: list[str] = []
    articles: list[Article] = []
    # The court the claim goes to: the administrative judge for a public buyer (CJA R541-1).
    court = (
        (fmt.words("claim_public"), CJA_R541_1)
        if claim_procedure(case.segment) is Procedure.REFERE_PROVISION
        else (fmt.words("claim"), CPC_1405)
    )
    for step in policy.schedule(case.segment, case.amount):
        if step.kind is StepKind.FORMAL_NOTICE:
            after = True
        elif after and step.kind is StepKind.HAND_OVER and fmt.words("hand_over") not in actions:
            actions.append(fmt.words("hand_over"))
        elif after and step.kind is StepKind.CLAIM and court[0] not in actions:
            actions.append(court[0])
            articles.append(court[1])
    if not actions:
        actions.append(fmt.words("any_action"))
    text = fmt.words("failing", actions=fmt.words("then").join(actions))
    if case.segment is DebtorSegment.PUBLIC_BODY:
        text += " " + fmt.words("moratorium_runs")
    elif case.segment is not DebtorSegment.CONSUMER:
        text += " " + fmt.words("penalties_run")
    return text, tuple(articles)


# --- Deadlines -----------------------------------------------------------------------------------


def _deadline(
    kind: LetterKind,
    case: Case,
    policy: Policy,
    today: date,
    days: int | None,
    delivery_days: int,
    fmt: _Fmt,
) -> tuple[date, int, str, bool]:
    """The deadline, its number of days, the phrase stating it, and whether CPC 642 moved it."""
    if kind is LetterKind.PRE_REMINDER:
        return case.due_on, 0, fmt.words("by_due_date", date=fmt.day(case.due_on)), False
    alsace = policy.alsace_moselle
    if kind is LetterKind.FORMAL_NOTICE:
        n = policy.formal_notice_deadline_days if days is None else days
        delivery = case.delivery
        received: date | None = None
        if (
            delivery is not None
            and delivery.outcome is not Delivery.REFUSED
            and case.formal_notice is not None
        ):
            received = delivery.on
        expected = received or add_business_days(today, delivery_days, alsace_moselle=alsace)
        base = expected + timedelta(days=n)
        if days is None:  # the machine's deadline: the same date for the letter and the planner
            deadline = formal_notice_deadline(expected, policy)
        else:
            deadline = extend_deadline(base, alsace_moselle=alsace)
        key = "within_receipt" if received is None else "within_received"
        text = fmt.words(key, n=fmt.count(n), date=fmt.day(deadline), received=fmt.day(expected))
        return deadline, n, text, deadline != base
    n = REMINDER_DEADLINE_DAYS if days is None else days
    base = today + timedelta(days=n)
    deadline = extend_deadline(base, alsace_moselle=alsace)
    text = fmt.words("within", n=fmt.count(n), date=fmt.day(deadline))
    return deadline, n, text, deadline != base


# --- Rendering -----------------------------------------------------------------------------------


def _ask_the_machine(action: Action, case: Case, policy: Policy, today: date) -> None:
    """Refuse a letter for a step already recorded, or one the machine would refuse today."""
    step = action.step
    done = case.steps_done.get(step.name)
    if done is not None:
        raise InvalidArgument(
            "action",
            action,
            f"an action still to do; step {step.name!r} is already recorded on {case.reference} "
            f"({done}): plan again with next_actions() on the current case",
        )
    verdict = check(case, action.to_event(today), policy)
    if not verdict.allowed:
        raise InvalidArgument(
            "action", action, f"an action the machine accepts on {today}: {verdict.reason}"
        )


_AMOUNTS_ARTICLES: Final = {
    DebtorSegment.CONSUMER: CIV_1231_6,
    DebtorSegment.PUBLIC_BODY: CCP_L2192_13,
}

_CODES: Final = {
    LetterKind.PRE_REMINDER: "PR",
    LetterKind.REMINDER_1: "R1",
    LetterKind.REMINDER_2: "R2",
    LetterKind.FORMAL_NOTICE: "MED",
    LetterKind.HAND_OVER: "REC",
    LetterKind.PENALTY_CLAIM: "PEN",
    LetterKind.CLAIM_DECLARATION: "DC",
}


def _reminded(case: Case) -> bool:
    """Whether a reminder (a contact by any channel) was recorded at the amicable stage."""
    return any(
        count > 0 and stage is Stage.AMICABLE for (stage, _channel), count in case.contacts.items()
    )


def _principal_paid_on(case: Case) -> date | None:
    """The day the last payment or credit note cleared the principal, or ``None`` if it is owed."""
    if case.balance > 0:
        return None
    days = [payment.on for payment in case.payments]
    days.extend(note.on for note in case.credit_notes)
    return max(days, default=None)


def _int_option(name: str, value: object, low: int, high: int) -> int:
    return int_between(low, high)(name, value)


def _check_templates(templates: object) -> Mapping[LetterKind, LetterTemplate]:
    if templates is None:
        return {}
    accepted = "a mapping {LetterKind: LetterTemplate}"
    mapping_of(
        "templates",
        templates,
        instance_of(LetterKind, accepted=accepted),
        instance_of(LetterTemplate, accepted=accepted),
        accepted=accepted,
    )
    assert isinstance(templates, Mapping)  # checked just above
    for key, value in templates.items():
        if value.kind is not key:
            raise InvalidArgument(
                "templates",
                value,
                f"the template for {key.value} writes a {key.value} letter (got {value.kind.value})",
            )
    return templates


def _clean(text: str) -> str:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return _RUNS_OF_BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


def _to_html(escaped: str, lang: str) -> str:
    paragraphs = [p for p in escaped.strip("\n").split("\n\n") if p.strip()]
    body = "\n".join("<p>" + "<br>\n".join(p.split("\n")) + "</p>" for p in paragraphs)
    return f'<div class="dunning-letter" lang="{lang}">\n{body}\n</div>\n'


def _mentions(
    template: LetterTemplate,
    kind: LetterKind,
    segment: DebtorSegment,
    values: Mapping[str, str],
    legal_articles: tuple[Article, ...],
    amounts: Amounts,
) -> tuple[Mention, ...]:
    """The template's mentions that hold something, citing the article that fits the debtor."""
    out = []
    for mention in template.mentions:
        key = mention.key
        if not values[key] or (key == "indemnity" and not amounts.indemnity):
            continue
        article = mention.article
        if key == "amounts" and kind not in (LetterKind.HAND_OVER, LetterKind.CLAIM_DECLARATION):
            article = _AMOUNTS_ARTICLES.get(segment, L441_10)
        elif key == "legal_notice" and kind is not LetterKind.FORMAL_NOTICE:
            article = legal_articles[0]
        elif key == "indemnity" and amounts.breakdown is not None:
            article = amounts.breakdown.indemnity_article or article
        out.append(
            mention if article is mention.article else attrs.evolve(mention, article=article)
        )
    return tuple(out)


def _unique(articles: list[Article]) -> tuple[Article, ...]:
    seen: list[Article] = []
    for article in articles:
        if article not in seen:
            seen.append(article)
    return tuple(seen)


_DE_PLACEHOLDER: Final = re.compile(r"(?<![\w'’])([Dd])e \$(?:\{(\w+)\}|(\w+)\b)")


def _elided(template: str, values: dict[str, str]) -> str:
    """
    *template* with each "de ${name}" read as :func:`~dunning_core.format.french_de` writes it.

    Each such pair becomes one placeholder whose value (added to *values*) is the contracted
    form; an unknown placeholder is left for ``substitute`` to refuse.
    """

    def replace(match: re.Match[str]) -> str:
        key = match[2] or match[3]
        if key not in values:
            return match[0]
        capital = match[1] == "D"
        name = f"_{'De' if capital else 'de'}_{key}"
        values[name] = french_de(values[key], capital=capital)
        return f"${{{name}}}"

    return _DE_PLACEHOLDER.sub(replace, template)


@in_context
def render(
    action_or_kind: Action | LetterKind | str,
    case: Case,
    *,
    creditor: Creditor,
    today: date | None = None,
    locale: str = DEFAULT_LOCALE,
    debtor: Debtor | None = None,
    agency: Agency | None = None,
    mandataire: Debtor | None = None,
    policy: Policy | None = None,
    templates: Mapping[LetterKind, LetterTemplate] | None = None,
    rates: RateBook | None = None,
    deadline_days: int | None = None,
    delivery_days: int = DELIVERY_DAYS,
    allow_provisional: bool = False,
    exchange_rate: Decimal | None = None,
    security: str | None = None,
) -> Letter:
    """
    Write the letter an action (or a kind of letter) calls for, for *case*, dated *today*.

    The amounts are those owed on *today* (:func:`~dunning_core.machine.claim_amounts`): the
    principal still due; for a business, the penalties of the policy's basis line by line (basis,
    rate, period) and the 40 € indemnity (C. com. L441-10, D441-5); for a public body, moratorium
    interest and the indemnity (CCP L2192-13, D2192-35); for a consumer, no penalties and no
    indemnity (CPCE L111-8), legal interest only once the *mise en demeure* was received
    (C. civ. 1231-6, 1344-1).

    Deadlines, each extended to the next business day when it ends on a Saturday, Sunday or public
    holiday (CPC 642):

    * pre-reminder: the due date;
    * reminders, the penalty claim and the agency's letter: :data:`REMINDER_DEADLINE_DAYS` (8)
      days from *today*;
    * declaration of claim: the machine's :attr:`~dunning_core.machine.Action.deadline`, two
      months from the BODACC publication (C. com. R622-24), amounts as of the opening judgment
      (interest stopped, L622-28);
    * formal notice: the policy's ``formal_notice_deadline_days`` from its delivery, stated as
      "N days from receipt" and as the date it gives if the letter arrives *delivery_days*
      business days after *today* (or on the recorded delivery date, once there is one).

    Args:
        action_or_kind: an :class:`~dunning_core.machine.Action` (its kind comes from
            :func:`letter_kind`) or a :class:`LetterKind` (or its value).
        case: the case.
        creditor: the :class:`Creditor`.
        today: the letter date; with an action, defaults to its ``as_of``.
        locale: ``"fr_FR"`` (default), ``"en_GB"``, ``"en"``... (French or English).
        debtor: the addressee (:class:`Debtor`), for the address block.
        agency: the collection :class:`Agency`; required for ``HAND_OVER``.
        mandataire: the addressee of a declaration of claim, the mandataire judiciaire (or
            liquidateur) named in the opening judgment, as a :class:`Debtor` value (name,
            address, attention line); required, with *debtor*, for ``CLAIM_DECLARATION``.
        policy: the policy (default: the action's, else :func:`~dunning_core.policy.french_default`).
        templates: custom :class:`LetterTemplate` values by kind, replacing the shipped ones.
        rates: a :class:`~dunning_core.rates.RateBook` (default: the shipped tables).
        deadline_days: days the letter gives to pay, instead of the defaults above (not for a
            pre-reminder).
        delivery_days: business days a formal notice is assumed to take to arrive.
        allow_provisional: accept amounts priced on a rate assumed, not published
            (:meth:`~dunning_core.rates.RateBook.assuming_unchanged`); the letter then says they
            are provisional and marks their periods.  By default such amounts are refused: a
            letter claims exact sums.
        exchange_rate: for the declaration of a claim in a foreign currency, the euros for one
            unit of the case's currency on the date of the opening judgment (a ``Decimal``, more
            than zero): the claim is declared converted into euros at that rate (C. com.
            L622-25).  Required then, refused otherwise; the library reads no rate by itself.
        security: for a declaration of claim, the privilege or security the claim carries and
            its basis, in one line ("nantissement du fonds de commerce inscrit le 15 mars
            2024"; C. com. L622-25, R622-23); without it the claim is declared unsecured
            (*chirographaire*).

    Returns:
        The :class:`Letter`.

    Raises:
        InvalidArgument: a wrong type; a closed case or an open dispute; a kind that does not fit
            the date (a pre-reminder after the due date, a reminder before it or after the formal
            notice); a penalty claim while principal is still owed; a hand-over letter without an
            agency; a declaration of claim without a collective procedure recorded, once the
            claim is declared, or without *mandataire* and *debtor*; an action of another case; a
            locale that is neither French nor English.
        InvalidDate: *today* is before the case's last event.
        RateUnavailable: the rate tables do not cover the days to compute.
        ProvisionalAmounts: an amount rests on an assumed rate and *allow_provisional* is not set.
        MissingExchangeRate: a declaration of a claim in a foreign currency without
            *exchange_rate*.

    >>> from datetime import date
    >>> from dunning_core.machine import Case
    >>> case = Case.open("F-2025-042", "10000", date(2025, 3, 1), due_on=date(2025, 3, 31))
    >>> acme = Creditor("ACME SAS", "1 rue de la Paix\\n75002 Paris",
    ...                 iban="FR76 3000 6000 0112 3456 7890 189")
    >>> letter = render(LetterKind.FORMAL_NOTICE, case, creditor=acme, today=date(2025, 5, 15))
    >>> letter.subject
    'Mise en demeure de payer : facture n° F-2025-042'
    >>> block = letter.text.split("Sommes dues :\\n")[1].split("\\n\\n")[0]
    >>> for line in block.splitlines():
    ...     print(line.replace("\\u202f", " ").replace("\\xa0", " "))
    Montant de la facture : 10 000,00 €
    Principal restant dû : 10 000,00 €
    Pénalités de retard (taux BCE + 10 points, C. com. art. L441-10) : 162,12 €
      du 1er avril 2025 au 15 mai 2025 (45 jours) sur 10 000,00 € au taux annuel de 13,15 % : 162,12 €
    Indemnité forfaitaire pour frais de recouvrement (C. com. art. D441-5) : 40,00 €
    Total dû au 15 mai 2025 : 10 202,12 €
    >>> letter.deadline  # received Monday 19 May (2 business days) + 15 days
    datetime.date(2025, 6, 3)
    """
    # Validate everything before building anything.
    action: Action | None = None
    if isinstance(action_or_kind, Action):
        action = action_or_kind
    _IS_CASE("case", case)
    if action is not None:
        if action.reference != case.reference:
            raise InvalidArgument(
                "action", action, f"an action of case {case.reference!r} (got {action.reference!r})"
            )
        kind = letter_kind(action, case)
    else:
        kind = _kind(action_or_kind)
    instance_of(Creditor, accepted="a letters.Creditor")("creditor", creditor)
    optional(instance_of(Debtor, accepted="a letters.Debtor or None"))("debtor", debtor)
    optional(instance_of(Agency, accepted="a letters.Agency or None"))("agency", agency)
    optional(
        instance_of(Debtor, accepted="a letters.Debtor naming the mandataire judiciaire, or None")
    )("mandataire", mandataire)
    if policy is None:
        planned = action.policy if action is not None else None
        policy = planned if isinstance(planned, Policy) else _default_policy()
    else:
        require_policy(policy)
    optional(instance_of(RateBook, accepted="a rates.RateBook or None"))("rates", rates)
    custom = _check_templates(templates)
    if deadline_days is not None:
        if kind is LetterKind.PRE_REMINDER:
            raise InvalidArgument(
                "deadline_days", deadline_days, "None: a pre-reminder's deadline is the due date"
            )
        if kind is LetterKind.CLAIM_DECLARATION:
            raise InvalidArgument(
                "deadline_days",
                deadline_days,
                "None: a declaration's deadline is the law's (2 months from the BODACC, R622-24)",
            )
        deadline_days = _int_option("deadline_days", deadline_days, 1, 365)
    delivery_days = _int_option("delivery_days", delivery_days, 0, 30)
    if today is None:
        if action is None:
            raise InvalidArgument("today", today, "the letter date, a datetime.date")
        today = action.as_of
    today = to_date(today, name="today")
    if today < case.last_on:
        raise InvalidDate(
            today, f"a letter is dated on or after the case's last event ({case.last_on})"
        )
    locale_name, language = _normalise_locale(locale)
    if action is not None:
        _ask_the_machine(action, case, policy, today)
    if case.stage.terminal:
        raise InvalidArgument(
            "case", case, f"an open case; {case.reference} is closed ({case.stage.value})"
        )
    if case.dispute is not None:
        raise InvalidArgument(
            "case",
            case,
            f"a case without an open dispute; {case.reference} is disputed since "
            f"{case.dispute.on}: resolve it first",
        )
    if case.insolvency is not None and kind is not LetterKind.CLAIM_DECLARATION:
        raise InvalidArgument(
            "kind",
            kind,
            f"a claim_declaration letter; the debtor's {case.insolvency.procedure.value} was "
            f"opened on {case.insolvency.on}: no letter asks the debtor to pay ({L622_21})",
        )
    if kind is LetterKind.PRE_REMINDER:
        if today > case.due_on:
            raise InvalidArgument(
                "today", today, f"a day on or before the due date {case.due_on} for a pre-reminder"
            )
    elif kind is not LetterKind.CLAIM_DECLARATION and today <= case.due_on:
        raise InvalidArgument(
            "today", today, f"a day after the due date {case.due_on} for a {kind.value} letter"
        )
    if kind in (LetterKind.REMINDER_1, LetterKind.REMINDER_2) and (
        case.stage.rank >= Stage.FORMAL_NOTICE.rank
    ):
        raise InvalidArgument(
            "kind",
            kind,
            "a letter of the case's stage: after the formal notice, no amicable reminder "
            "(the stage never goes back)",
        )
    paid_on = _principal_paid_on(case)
    if kind is LetterKind.PENALTY_CLAIM and paid_on is None:
        raise InvalidArgument(
            "case",
            case,
            f"a case whose principal is paid for a penalty_claim letter; {case.balance} "
            f"{case.currency} of principal is still owed on {case.reference}",
        )
    if kind is LetterKind.HAND_OVER and agency is None:
        raise InvalidArgument(
            "agency",
            agency,
            "the collection Agency that writes a hand-over letter (CPCE R124-4 1°)",
        )
    declaration: Action | None = None
    if kind is LetterKind.CLAIM_DECLARATION:
        declaration = action if action is not None else _planned_declaration(case, policy, today)
        for name, party in (("mandataire", mandataire), ("debtor", debtor)):
            if party is None:
                raise InvalidArgument(
                    name,
                    party,
                    f"the {name} a declaration of claim names (C. com. L622-24), a letters.Debtor",
                )
    rate = _declaration_options(kind, case, exchange_rate, security)
    template = custom.get(kind) or default_template(kind, locale_name)

    # Compute.
    fmt = _Fmt(locale_name, language, case.currency)
    if kind is LetterKind.CLAIM_DECLARATION:  # the claim on the day of the judgment (L622-25)
        amounts = declared_amounts(case, policy, today, rates=rates)
    else:
        amounts = claim_amounts(case, policy, today, rates=rates)
    if amounts.provisional and allow_provisional is not True:
        assert amounts.breakdown is not None
        raise ProvisionalAmounts(_provisional_periods(amounts.breakdown))
    opened = case.insolvency if declaration is not None else None
    if declaration is not None and declaration.deadline is not None and opened is not None:
        deadline, n_days, extended = declaration.deadline, 0, False  # the machine's (R622-24)
        deadline_text = fmt.words(
            "declaration_deadline_abroad"
            if policy.creditor_outside_metropolitan_france
            else "declaration_deadline",
            published=fmt.day(opened.published_on),
            date=fmt.day(deadline),
        )
    else:
        deadline, n_days, deadline_text, extended = _deadline(
            kind, case, policy, today, deadline_days, delivery_days, fmt
        )
    legal_notice, legal_articles = _legal_notice(kind, case.segment, fmt)
    consequences, consequence_articles = _consequences(kind, case, policy, fmt)
    payee: Creditor | Agency = agency if kind is LetterKind.HAND_OVER and agency else creditor
    reference = f"{case.reference}/{_CODES[kind]}/{today.isoformat()}"
    r124 = kind is LetterKind.HAND_OVER
    values = {
        "creditor_name": creditor.name,
        "creditor_address": creditor.address,
        "creditor_block": _creditor_block(creditor, fmt),
        "creditor_contact": creditor.contact or "",
        "creditor_siren": format_siren(creditor.siren) if creditor.siren else "",
        "debtor_name": debtor.name if debtor is not None else "",
        "debtor_block": _debtor_block(debtor, fmt),
        "salutation": fmt.words("salutation"),
        "letter_date": fmt.day(today),
        "letter_reference": reference,
        "invoice_reference": case.reference,
        "invoice_date": fmt.day(case.issued_on),
        "invoice_amount": fmt.money(case.amount),
        "due_date": fmt.day(case.due_on),
        "days_late": fmt.count(max(0, (today - case.due_on).days)),
        "lateness": fmt.days(max(0, (today - case.due_on).days)),
        "unpaid_opening": fmt.words("unpaid_reminded" if _reminded(case) else "unpaid"),
        "principal": fmt.money(amounts.principal),
        "interest": fmt.money(amounts.interest),
        "indemnity": fmt.money(amounts.indemnity),
        "total": fmt.money(amounts.total),
        "amounts": _amounts_block(case, amounts, fmt, r124=r124, opened=opened, rate=rate),
        "deadline": fmt.day(deadline),
        "deadline_days": fmt.count(n_days),
        "deadline_text": deadline_text,
        "payment_means": _payment_block(payee, case.reference, fmt),
        "legal_notice": legal_notice,
        "consequences": consequences,
        "agency_name": agency.name if agency is not None else "",
        "agency_block": _agency_block(agency),
        "agency_statement": (
            fmt.words("agency_statement", agency=agency.name, creditor=creditor.name)
            if agency is not None
            else ""
        ),
        "claim_basis": fmt.words(
            "claim_basis",
            reference=case.reference,
            issued=fmt.day(case.issued_on),
            amount=fmt.money(case.amount),
            due=fmt.day(case.due_on),
            creditor=creditor.name,
        ),
        "l111_8": l111_8(locale_name),
        "paid_on": fmt.day(paid_on) if paid_on is not None else "",
        "mandataire_block": _debtor_block(mandataire, fmt) if opened is not None else "",
        "procedure_text": _procedure_text(case, opened, fmt),
        "judgment_date": fmt.day(opened.on) if opened is not None else "",
        "publication_date": fmt.day(opened.published_on) if opened is not None else "",
        "claim_nature": _claim_nature(security, fmt) if opened is not None else "",
        "certification": fmt.words("certification") if opened is not None else "",
        "attachments": _attachments(case, fmt) if opened is not None else "",
    }
    subject_text, body_text = template.subject, template.body
    if language == "fr":  # "créance d'Atelier", "du Bon Marché", not "de Atelier", "de Le"
        subject_text, body_text = _elided(subject_text, values), _elided(body_text, values)
    subject = " ".join(string.Template(subject_text).substitute(values).split())
    text = _clean(string.Template(body_text).substitute(values))
    escaped = {key: html.escape(value, quote=True) for key, value in values.items()}
    html_body = _clean(string.Template(html.escape(body_text, quote=True)).substitute(escaped))
    lang = locale_name.replace("_", "-")
    articles: list[Article] = [kind.article]
    if kind is LetterKind.PENALTY_CLAIM:  # what the debtor owes after the principal: by segment
        articles[0] = _AMOUNTS_ARTICLES.get(case.segment, kind.article)
    articles.extend(reason.article for reason in amounts.reasons)
    articles.extend(legal_articles)
    articles.extend(consequence_articles)
    mentions = _mentions(template, kind, case.segment, values, legal_articles, amounts)
    articles.extend(m.article for m in mentions)
    if kind is LetterKind.HAND_OVER:
        articles.append(CPCE_L111_8)
    if extended:
        articles.append(CPC_642)
    return Letter(
        kind=kind,
        locale=locale_name,
        on=today,
        reference=reference,
        subject=subject,
        text=text,
        html=_to_html(html_body, lang),
        mentions=mentions,
        deadline=deadline,
        amounts=amounts,
        articles=_unique(articles),
    )
