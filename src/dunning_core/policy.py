"""
Dunning policies: channels, stages, steps, contact caps, debtor segments, and the French default.

A :class:`Policy` is a frozen value that says *how* a creditor chases an unpaid invoice: which
:class:`Step` comes when (in days from the due date), by which :class:`Channel`, for which
:class:`DebtorSegment`, how many contacts each :class:`Stage` allows per channel (:class:`Cap`),
how long the amicable phase may last and how long the *mise en demeure* gives the debtor to pay.
Building a policy validates it (:func:`validate_policy`): a policy that cannot work raises
:class:`~dunning_core.errors.PolicyError` and nothing is half-built.

:func:`french_default` is the process the seed articles describe (pre-reminder, amicable reminders
within 3 calls / 3 e-mails / 2 letters, a formal notice by registered letter 36–50 days late with a
15-day deadline, then litigation and a court claim).  Every number comes with its source in
``docs/policy.md``.  These numbers are business practice (``law.PRACTICE``), not law: no statute caps
the number of reminders (LAW.md § 5).

>>> policy = french_default()
>>> [step.name for step in policy.schedule(DebtorSegment.STANDARD)][:3]
['pre_reminder', 'reminder_email_1', 'reminder_call_1']
>>> policy.cap(Stage.AMICABLE, Channel.PHONE), policy.formal_notice_deadline_days
(3, 15)
>>> Stage.FORMAL_NOTICE.rank > Stage.AMICABLE.rank
True
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Final, NamedTuple, final

import attrs

from dunning_core._i18n import DEFAULT_LOCALE, N_
from dunning_core._validators import attrs_field, instance_of, int_between, items_of, optional
from dunning_core.errors import PolicyError
from dunning_core.format import describe
from dunning_core.interest import Allocation, PenaltyBasis
from dunning_core.law import CIV_1344, CPC_1405, CPCE_R124_4, L441_10, PRACTICE, Article
from dunning_core.money import to_amount

__all__ = [
    "HARD_MAX_AMICABLE_DAYS",
    "MAX_OFFSET_DAYS",
    "Backlog",
    "Cap",
    "Channel",
    "DebtorSegment",
    "PlanRow",
    "Policy",
    "Stage",
    "Step",
    "StepKind",
    "french_default",
    "validate_policy",
]

HARD_MAX_AMICABLE_DAYS: Final = 90
"""No policy may let the amicable phase run longer than this (seed 004: "maximum 60 à 90 jours")."""

MAX_OFFSET_DAYS: Final = 3650
"""Step offsets stay within ten years of the due date (beyond, the claim is long prescribed)."""


@final
class Channel(enum.Enum):
    """
    How a debtor is contacted.

    ``REGISTERED_LETTER`` is the *lettre recommandée avec accusé de réception* (LRAR) and
    ``ELECTRONIC_REGISTERED_LETTER`` the *lettre recommandée électronique* (LRE, CPCE/CPCE
    practice, seed 003: "plus efficace, immédiate, moins cher"); both count as registered.
    ``COMMISSAIRE_DE_JUSTICE`` is an act served (*signifié*) by a commissaire de justice (the
    former huissier; seed 002: "la signification de mises en demeure"), the *sommation* that
    C. civ. 1344 names first: it is registered too (its act is the dated proof of delivery),
    and :attr:`served`: delivered on the day it is served (CPC 653), with no postal outcome.

    >>> Channel.REGISTERED_LETTER.registered, Channel.LETTER.registered
    (True, False)
    >>> Channel.COMMISSAIRE_DE_JUSTICE.registered, Channel.COMMISSAIRE_DE_JUSTICE.served
    (True, True)
    >>> Channel.PHONE.label
    'appel téléphonique'
    """

    __hash__ = object.__hash__  # identity hash, as fast as C: enums are keys on the hot path

    EMAIL = "email"
    PHONE = "phone"
    SMS = "sms"
    LETTER = "letter"
    REGISTERED_LETTER = "registered_letter"
    ELECTRONIC_REGISTERED_LETTER = "electronic_registered_letter"
    VISIT = "visit"
    COMMISSAIRE_DE_JUSTICE = "commissaire_de_justice"

    @property
    def registered(self) -> bool:
        """
        Whether the channel gives a dated proof of delivery (LRAR, LRE, or an act served by a
        commissaire de justice): the channels a formal notice may be sent by.
        """
        return self in _REGISTERED

    @property
    def served(self) -> bool:
        """
        Whether the channel is service (*signification*) by a commissaire de justice: a formal
        notice so served is delivered on the day of its act (CPC 653), whether the debtor is met,
        the copy left at home or at the commissaire's office; it is never unclaimed nor refused.
        """
        return self is Channel.COMMISSAIRE_DE_JUSTICE

    @property
    def label(self) -> str:
        """The French name of the channel, for letters and reports."""
        return _CHANNEL_LABELS[self]


_REGISTERED: Final = frozenset(
    {
        Channel.REGISTERED_LETTER,
        Channel.ELECTRONIC_REGISTERED_LETTER,
        Channel.COMMISSAIRE_DE_JUSTICE,
    }
)
_CHANNEL_LABELS: Final = {
    Channel.EMAIL: N_("e-mail"),
    Channel.PHONE: N_("appel téléphonique"),
    Channel.SMS: N_("SMS"),
    Channel.LETTER: N_("courrier"),
    Channel.REGISTERED_LETTER: N_("lettre recommandée avec accusé de réception"),
    Channel.ELECTRONIC_REGISTERED_LETTER: N_("lettre recommandée électronique"),
    Channel.VISIT: N_("visite"),
    Channel.COMMISSAIRE_DE_JUSTICE: N_("signification par commissaire de justice"),
}


@final
class Stage(enum.Enum):
    """
    Where a case stands in the dunning process; :attr:`rank` orders the stages.

    The stage never goes back (``rank`` never decreases): after the *mise en demeure* the case
    never returns to amicable dunning (seed 003: "il ne faut surtout pas revenir en arrière").
    ``PAID``, ``SETTLED`` and ``WRITTEN_OFF`` are terminal and absorbing.

    * ``PREVENTIVE``: before the due date (*relance préventive*, *pré-relance*).
    * ``AMICABLE``: overdue, reminders by e-mail, phone, letter (*relance amiable*).
    * ``FORMAL_NOTICE``: the *mise en demeure* was sent (C. civ. 1344).
    * ``ALTERNATIVE_RESOLUTION``: mediation, conciliation (*modes alternatifs*, CPC 750-1).
    * ``LITIGATION``: handed over to an agency, a lawyer or a *commissaire de justice*.
    * ``JUDICIAL``: a claim was filed (*injonction de payer*, *petites créances*).

    >>> [s.rank for s in Stage][:6]
    [0, 1, 2, 3, 4, 5]
    >>> Stage.PAID.terminal, Stage.JUDICIAL.terminal
    (True, False)
    """

    __hash__ = object.__hash__  # identity hash, as fast as C: enums are keys on the hot path

    PREVENTIVE = "preventive"
    AMICABLE = "amicable"
    FORMAL_NOTICE = "formal_notice"
    ALTERNATIVE_RESOLUTION = "alternative_resolution"
    LITIGATION = "litigation"
    JUDICIAL = "judicial"
    PAID = "paid"
    SETTLED = "settled"
    WRITTEN_OFF = "written_off"

    def __str__(self) -> str:
        return self.value

    @property
    def rank(self) -> int:
        """The order of the stage; every terminal stage has the highest rank."""
        return _RANKS[self]

    @property
    def terminal(self) -> bool:
        """Whether the case is closed (paid, settled, written off)."""
        return self in _TERMINAL

    @property
    def label(self) -> str:
        """The French name of the stage."""
        return _STAGE_LABELS[self]


_RANKS: Final = {stage: min(index, 6) for index, stage in enumerate(Stage)}
_TERMINAL: Final = frozenset({Stage.PAID, Stage.SETTLED, Stage.WRITTEN_OFF})
_STAGE_LABELS: Final = {
    Stage.PREVENTIVE: N_("relance préventive"),
    Stage.AMICABLE: N_("relance amiable"),
    Stage.FORMAL_NOTICE: N_("mise en demeure"),
    Stage.ALTERNATIVE_RESOLUTION: N_("résolution amiable (médiation, conciliation)"),
    Stage.LITIGATION: N_("contentieux"),
    Stage.JUDICIAL: N_("procédure judiciaire"),
    Stage.PAID: N_("payée"),
    Stage.SETTLED: N_("soldée"),
    Stage.WRITTEN_OFF: N_("passée en perte"),
}


@final
class StepKind(enum.Enum):
    """
    What a step asks the creditor to do.

    * ``REMINDER``: contact the debtor (recorded as ``ContactMade``).
    * ``FORMAL_NOTICE``: send the *mise en demeure* by registered letter, or have it served by a
      commissaire de justice (``FormalNoticeSent``).
    * ``HAND_OVER``: hand the file to an agency, a lawyer or a *commissaire de justice*
      (``HandedOver``).
    * ``CLAIM``: file a claim (``ClaimFiled``), once the checklist holds.
    * ``PENALTY_CLAIM``: once the principal is paid late, claim the late-payment penalties and
      the recovery indemnity still owed (recorded as ``ContactMade``); its offset counts from the
      day the principal was paid.
    * ``CLAIM_DECLARATION``: declare the claim to the mandataire judiciaire once the debtor's
      collective procedure is opened (``ClaimDeclared``; C. com. L622-24, R622-24).  The planner
      proposes it by itself: it is not a step of a policy.
    * ``FORECLOSURE_RELIEF``: once the deadline to declare has passed with no declaration, ask
      the juge-commissaire for relief from foreclosure (``ForeclosureReliefRequested``; C. com.
      L622-26), within 6 months of the BODACC publication.  Also proposed by the planner alone.

    >>> StepKind.FORMAL_NOTICE.stage
    <Stage.FORMAL_NOTICE: 'formal_notice'>
    """

    REMINDER = "reminder"
    FORMAL_NOTICE = "formal_notice"
    HAND_OVER = "hand_over"
    CLAIM = "claim"
    PENALTY_CLAIM = "penalty_claim"
    CLAIM_DECLARATION = "claim_declaration"
    FORECLOSURE_RELIEF = "foreclosure_relief"

    @property
    def stage(self) -> Stage | None:
        """The stage a step of this kind must belong to (``None``: preventive or amicable)."""
        return _KIND_STAGES.get(self)


_KIND_STAGES: Final = {
    StepKind.FORMAL_NOTICE: Stage.FORMAL_NOTICE,
    StepKind.HAND_OVER: Stage.LITIGATION,
    StepKind.CLAIM: Stage.JUDICIAL,
}


@final
class Backlog(enum.Enum):
    """
    What the planner does when several steps are overdue at once.

    * ``SEQUENTIAL`` (default): one step at a time, in order, none skipped; the next one comes after
      the policy's minimum gap.  Engines that recompute the level from scratch skip or reverse
      levels; engines that move one level per run never do (DESIGN.md, lessons).
    * ``JUMP_TO_LATEST``: go straight to the latest overdue step (for importing an old ledger);
      the formal notice is never jumped over.

    >>> Backlog.SEQUENTIAL.value
    'sequential'
    """

    SEQUENTIAL = "sequential"
    JUMP_TO_LATEST = "jump_to_latest"


@final
class DebtorSegment(enum.Enum):
    """
    The kind of debtor, which chooses the steps that apply and the penalties owed.

    * ``STANDARD``: a business paying late.
    * ``HIGH_RISK``: a risky business: called earlier, "la relance purement écrite étant réservée aux
      clients les plus sûrs" (seed 004).
    * ``PUBLIC_BODY``: a public buyer: "une relance écrite à un organisme public reste souvent sans
      effet, alors qu'un contact téléphonique avec le bon interlocuteur peut permettre de débloquer
      une situation" (seed 004); moratorium interest of the public procurement code (CCP L2192-13).
    * ``CONSUMER``: a consumer: no 40 € indemnity and no recovery costs (CPCE L111-8); legal interest
      only from the *mise en demeure* (C. civ. 1231-6, 1344-1).
    * ``NEW_UNRESPONSIVE``: a new client who never answers: "il sera inutile de multiplier les lettres
      de relance à un nouveau client qui ne se manifeste pas [...] passer directement à la relance
      téléphonique, voire à une phase contentieuse" (seed 004).

    A debtor has exactly one segment; :meth:`of` picks it by priority (legal status first).
    The amount band is not a segment: steps carry a minimum amount (:attr:`Step.min_amount`).

    >>> DebtorSegment.of(consumer=True, high_risk=True)
    <DebtorSegment.CONSUMER: 'consumer'>
    >>> DebtorSegment.of(high_risk=True)
    <DebtorSegment.HIGH_RISK: 'high_risk'>
    """

    __hash__ = object.__hash__  # identity hash, as fast as C: enums are keys on the hot path

    STANDARD = "standard"
    HIGH_RISK = "high_risk"
    PUBLIC_BODY = "public_body"
    CONSUMER = "consumer"
    NEW_UNRESPONSIVE = "new_unresponsive"

    @classmethod
    def of(
        cls,
        *,
        consumer: bool = False,
        public_body: bool = False,
        new_unresponsive: bool = False,
        high_risk: bool = False,
    ) -> DebtorSegment:
        """
        The segment of a debtor described by flags, by priority.

        Consumer first (the law changes), then public body (the law changes), then a new client
        who never answers, then high risk; none of them is ``STANDARD``.
        """
        if consumer:
            return cls.CONSUMER
        if public_body:
            return cls.PUBLIC_BODY
        if new_unresponsive:
            return cls.NEW_UNRESPONSIVE
        if high_risk:
            return cls.HIGH_RISK
        return cls.STANDARD

    def penalty_basis(self, default: PenaltyBasis = PenaltyBasis.STATUTORY) -> PenaltyBasis:
        """
        The penalty basis a debtor of this segment owes, when the contract's (or policy's) is
        *default*.

        * ``PUBLIC_BODY``: ECB + 8 points, the moratorium interest of public procurement
          (CCP R2192-31), whatever the contract says;
        * ``CONSUMER``: civil legal interest at the rate of a creditor other than a consumer
          (C. civ. 1231-6, CMF L313-2), from the *mise en demeure*, with no indemnity;
        * every other segment: *default* (ECB + 10 points, C. com. L441-10, unless the contract
          sets another basis).

        >>> DebtorSegment.PUBLIC_BODY.penalty_basis()
        PenaltyBasis.PUBLIC_PROCUREMENT
        >>> DebtorSegment.CONSUMER.penalty_basis()
        PenaltyBasis.legal(creditor=Creditor.OTHER)
        >>> DebtorSegment.HIGH_RISK.penalty_basis(PenaltyBasis.contractual("12"))
        PenaltyBasis.contractual(Decimal('12'))
        """
        if self is DebtorSegment.PUBLIC_BODY:
            return PenaltyBasis.PUBLIC_PROCUREMENT
        if self is DebtorSegment.CONSUMER:
            return PenaltyBasis.LEGAL
        return default


ALL_SEGMENTS: Final = frozenset(DebtorSegment)


def _policy_error(name: str, value: object, accepted: str) -> PolicyError:
    """A value of the right type that a policy does not accept (the type is checked apart)."""
    return PolicyError(name, f"{accepted} (got {value!r})")


def _int_field(low: int, high: int) -> Any:
    return attrs_field(int_between(low, high, error=_policy_error))


def _enum_check(kind: type[enum.Enum]) -> Any:
    return attrs_field(
        instance_of(
            kind, accepted=f"a {kind.__name__} such as {kind.__name__}.{next(iter(kind)).name}"
        )
    )


def _segments_repr(value: frozenset[DebtorSegment]) -> str:
    """A repr in declaration order: a frozenset's own order changes from run to run."""
    return "frozenset({" + ", ".join(repr(s) for s in DebtorSegment if s in value) + "})"


_IS_SEGMENT: Final = instance_of(DebtorSegment, accepted="DebtorSegment values")


def _segments(value: object) -> frozenset[DebtorSegment]:
    if value is None:
        return ALL_SEGMENTS
    if isinstance(value, DebtorSegment):
        return frozenset({value})
    result = frozenset(items_of("segments", value, _IS_SEGMENT, accepted="DebtorSegment values"))
    if not result:
        raise PolicyError("segments", "a step must apply to at least one segment (got none)")
    return result


def _min_amount(value: object) -> Decimal:
    try:
        return to_amount(value)
    except (TypeError, ValueError) as exc:
        raise PolicyError("min_amount", str(exc)) from None


_IS_TEXT: Final = instance_of(str, accepted="a str")


def _name_check(_instance: object, _attribute: object, value: Any) -> None:
    _IS_TEXT("name", value)
    if not value.isidentifier():
        raise PolicyError(
            "name",
            f"a step name is a Python-identifier-like key such as 'reminder_1' (got {value!r})",
        )


_bool_field: Final = attrs_field(instance_of(bool, accepted="True or False"))


def _text_field(name: str, example: str) -> Any:
    def check(_instance: object, _attribute: object, value: object) -> None:
        _IS_TEXT(name, value)
        if not str(value).strip():
            raise PolicyError(name, f"must be a non-empty str such as {example!r} (got {value!r})")

    return check


_optional_channel: Final = attrs_field(optional(instance_of(Channel, accepted="a Channel or None")))
_article_check: Final = attrs_field(
    instance_of(Article, accepted="a law.Article such as law.PRACTICE")
)


@final
@attrs.frozen
class Step:
    """
    One step of a policy: what to do, how, when, and for whom.

    Attributes:
        name: a unique key (``"reminder_email_1"``); events refer to the step by it.
        stage: the stage the step belongs to.
        channel: how the debtor is contacted; ``None`` for a hand-over or a claim, which are not
            contacts.
        offset: days from the due date (negative: before it).
        kind: what the step asks for (:class:`StepKind`, default a reminder).
        business_days: count *offset* in business days (Monday to Friday, not a French public
            holiday) instead of calendar days.
        min_amount: the step applies only to invoices of at least this amount (in the case's
            currency); seed 000 keeps the pre-reminder for "vos plus gros montants de facture".
        segments: the debtor segments it applies to (default: all).
        template: the key of its message template (default: the name).
        article: the rule the step rests on (``law.PRACTICE`` for practice).

    >>> Step("reminder_email_1", Stage.AMICABLE, Channel.EMAIL, 5)
    Step(name='reminder_email_1', stage=<Stage.AMICABLE: 'amicable'>, channel=<Channel.EMAIL: 'email'>, offset=5, ...)
    """

    name: str = attrs.field(validator=_name_check)
    stage: Stage = attrs.field(validator=_enum_check(Stage))
    channel: Channel | None = attrs.field(validator=_optional_channel)
    offset: int = attrs.field(validator=_int_field(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS))
    kind: StepKind = attrs.field(default=StepKind.REMINDER, validator=_enum_check(StepKind))
    business_days: bool = attrs.field(default=False, validator=_bool_field)
    min_amount: Decimal = attrs.field(default=Decimal(0), converter=_min_amount)
    segments: frozenset[DebtorSegment] = attrs.field(
        default=None, converter=_segments, repr=_segments_repr
    )
    template: str = attrs.field(
        default=attrs.Factory(lambda self: self.name, takes_self=True),
        validator=_text_field("template", "reminder_email_1"),
    )
    article: Article = attrs.field(default=PRACTICE, validator=_article_check)

    def applies_to(self, segment: DebtorSegment, amount: Decimal) -> bool:
        """
        Whether the step applies to a debtor of *segment* owing *amount*.

        >>> Step("pre", Stage.PREVENTIVE, Channel.EMAIL, -5, min_amount=1000).applies_to(
        ...     DebtorSegment.STANDARD, Decimal("999.99"))
        False
        """
        return segment in self.segments and amount >= self.min_amount

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The step for people in *locale* (``fr_FR`` by default, as ``str()``): its fields in
        words (:func:`~dunning_core.format.describe`); ``repr`` stays the value.

        >>> step = Step("pre", Stage.PREVENTIVE, Channel.EMAIL, -5)
        >>> print(step.to_text(locale="en_GB").split("; kind")[0])
        name: pre; stage: preventive reminder; channel: email; offset (days): -5
        """
        return describe(self, locale=locale)


class PlanRow(NamedTuple):
    """
    One step with what the planner needs about it, computed once per policy.

    >>> row = french_default().plan_table(DebtorSegment.STANDARD)[2]
    >>> row.step.name, row.channel.value, row.limit, row.delta.days
    ('reminder_call_1', 'phone', 3, 10)
    """

    step: Step
    """The step."""
    rank: int
    """Its stage's rank."""
    kind: StepKind
    """Its kind."""
    channel: Channel | None
    """Its channel."""
    limit: int | None
    """The cap of its (stage, channel), ``None`` if not limited (a shared cap's limit counts the
    contacts of all its channels, :meth:`Policy.cap_channels`)."""
    delta: timedelta | None
    """Its offset as a ``timedelta``; ``None`` when counted in business days."""
    min_amount: Decimal
    """Its minimum invoice amount."""


_IS_CHANNEL: Final = instance_of(Channel, accepted="Channel values")


def _cap_channels(value: object) -> frozenset[Channel]:
    if isinstance(value, Channel):
        return frozenset({value})
    result = frozenset(items_of("channels", value, _IS_CHANNEL, accepted="Channel values"))
    if not result:
        raise PolicyError(
            "channels", "a cap counts the contacts of at least one channel (got none)"
        )
    return result


def _channels_repr(value: frozenset[Channel]) -> str:
    """A repr in declaration order: a frozenset's own order changes from run to run."""
    return "frozenset({" + ", ".join(repr(c) for c in Channel if c in value) + "})"


def _own_channel(cap: Cap) -> frozenset[Channel]:
    return frozenset({cap.channel})


def _has_its_channel(instance: Cap, _attribute: object, value: frozenset[Channel]) -> None:
    if instance.channel not in value:
        raise PolicyError(
            "channels",
            f"a cap's channels include its own channel {instance.channel.value} (got "
            f"{', '.join(c.value for c in Channel if c in value)})",
        )


@final
@attrs.frozen(repr=False)
class Cap:
    """
    At most *limit* contacts by *channel* while the case is at *stage*; with *channels*, at most
    *limit* contacts by all those channels together.

    Contacts recorded while the case is at another stage are counted apart (the pre-reminder does
    not use the amicable caps).  A (stage, channel) pair without a cap is not limited.

    A cap shared by several channels counts a contact by any of them against one limit: seed
    000's « 2 courriers, pas plus » counts a registered letter (seed 001: the second reminder
    « en courrier recommandé ») as one of the two letters.  *channels* holds *channel* itself
    (by default it is just *channel*: the cap of one channel).

    >>> Cap(Stage.AMICABLE, Channel.EMAIL, 3)
    Cap(stage=<Stage.AMICABLE: 'amicable'>, channel=<Channel.EMAIL: 'email'>, limit=3)
    >>> letters = Cap(Stage.AMICABLE, Channel.LETTER, 2,
    ...               channels=[Channel.LETTER, Channel.REGISTERED_LETTER])
    >>> sorted(c.value for c in letters.channels)
    ['letter', 'registered_letter']
    """

    stage: Stage = attrs.field(validator=_enum_check(Stage))
    channel: Channel = attrs.field(validator=_enum_check(Channel))
    limit: int = attrs.field(validator=_int_field(0, 1000))
    channels: frozenset[Channel] = attrs.field(
        default=attrs.Factory(_own_channel, takes_self=True),
        converter=_cap_channels,
        validator=_has_its_channel,
        kw_only=True,
    )

    @property
    def shared(self) -> bool:
        """Whether the cap counts several channels together."""
        return len(self.channels) > 1

    def __repr__(self) -> str:
        shared = f", channels={_channels_repr(self.channels)}" if self.shared else ""
        return f"Cap(stage={self.stage!r}, channel={self.channel!r}, limit={self.limit!r}{shared})"

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The cap for people in *locale* (``fr_FR`` by default, as ``str()``): its stage, channel,
        limit and shared channels in words.

        >>> print(Cap(Stage.AMICABLE, Channel.PHONE, 3).to_text(locale="en_GB"))
        stage: amicable dunning; channel: phone call; cap: 3; channels of the cap: phone call
        """
        return describe(self, locale=locale)


def _steps(value: object) -> tuple[Step, ...]:
    return items_of(
        "steps", value, instance_of(Step, accepted="a Step"), accepted="a sequence of Step"
    )


def _caps(value: object) -> tuple[Cap, ...]:
    if isinstance(value, Mapping):
        return tuple(Cap(stage, channel, limit) for (stage, channel), limit in value.items())
    return items_of("caps", value, instance_of(Cap, accepted="a Cap"), accepted="a sequence of Cap")


_basis_check: Final = attrs_field(
    instance_of(PenaltyBasis, accepted="a PenaltyBasis such as STATUTORY")
)


@final
@attrs.frozen
class Policy:
    """
    How a creditor chases unpaid invoices: a frozen, validated value.

    Attributes:
        steps: the :class:`Step` values, listed by offset.
        caps: the :class:`Cap` values (a mapping ``{(stage, channel): limit}`` is accepted).
        min_gap_days: at least this many days between two contacts of one case.
        max_amicable_days: the amicable phase lasts at most this many days after the due date
            (at most :data:`HARD_MAX_AMICABLE_DAYS`).
        formal_notice_deadline_days: the time the *mise en demeure* gives to pay, in days from its
            delivery.
        formal_notice_max_days: the largest deadline this policy accepts.
        backlog: what to do when several steps are overdue (:class:`Backlog`).
        basis: the penalty basis for the amounts claimed (default ECB + 10 points, L441-10).
        alsace_moselle: count business days with the Alsace-Moselle holidays.
        plan_grace_days: a payment plan's instalment counts as paid when the payment arrives
            within this many days after it falls due (a transfer takes a few days to arrive);
            after them, escalation resumes at the next step.
        waive_penalties: once the principal is paid, waive the late-payment penalties and the
            recovery indemnity still owed (the case closes as paid); by default the planner
            proposes the step that claims them (a ``StepKind.PENALTY_CLAIM`` step).  Never for a
            public body: a waiver of moratorium interest is deemed unwritten (CCP L2192-14).
        allocation: which part of the debt a payment pays first: the interest accrued
            (``Allocation.INTEREST_FIRST``, C. civ. 1343-1, the default) or, by agreement of the
            parties, the principal.
        creditor_outside_metropolitan_france: the creditor is established outside metropolitan
            France (overseas or abroad): the time to declare a claim in the debtor's collective
            procedure is 2 months longer, 4 months from the BODACC publication (C. com. R622-24).
        name: a label, a non-empty ``str``.

    Raises:
        PolicyError: the policy cannot work (see :func:`validate_policy`).

    >>> p = french_default()
    >>> p.step("formal_notice").channel
    <Channel.REGISTERED_LETTER: 'registered_letter'>
    >>> attrs.evolve(p, formal_notice_deadline_days=30)
    Traceback (most recent call last):
    ...
    dunning_core.errors.PolicyError: formal_notice_deadline_days: must be at most formal_notice_max_days = 15 (got 30)
    """

    steps: tuple[Step, ...] = attrs.field(converter=_steps)
    caps: tuple[Cap, ...] = attrs.field(default=(), converter=_caps)
    min_gap_days: int = attrs.field(default=3, validator=_int_field(0, 365))
    max_amicable_days: int = attrs.field(
        default=60, validator=_int_field(1, HARD_MAX_AMICABLE_DAYS)
    )
    formal_notice_deadline_days: int = attrs.field(default=15, validator=_int_field(1, 365))
    formal_notice_max_days: int = attrs.field(default=15, validator=_int_field(1, 365))
    backlog: Backlog = attrs.field(default=Backlog.SEQUENTIAL, validator=_enum_check(Backlog))
    basis: PenaltyBasis = attrs.field(default=PenaltyBasis.STATUTORY, validator=_basis_check)
    alsace_moselle: bool = attrs.field(default=False, validator=_bool_field)
    plan_grace_days: int = attrs.field(default=5, validator=_int_field(0, 60), kw_only=True)
    waive_penalties: bool = attrs.field(default=False, validator=_bool_field, kw_only=True)
    allocation: Allocation = attrs.field(
        default=Allocation.INTEREST_FIRST,
        validator=_enum_check(Allocation),
        kw_only=True,
    )
    creditor_outside_metropolitan_france: bool = attrs.field(
        default=False, validator=_bool_field, kw_only=True
    )
    name: str = attrs.field(default="custom", validator=_text_field("name", "french_default"))

    # Derived once at construction, for the planner's hot path.
    _by_name: Mapping[str, Step] = attrs.field(init=False, eq=False, repr=False)
    _cap_map: Mapping[tuple[Stage, Channel], int] = attrs.field(init=False, eq=False, repr=False)
    _cap_groups: Mapping[tuple[Stage, Channel], frozenset[Channel]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _tables: Mapping[DebtorSegment, tuple[Step, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _indexes: Mapping[DebtorSegment, Mapping[str, int]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _rows: Mapping[DebtorSegment, tuple[PlanRow, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )

    def __attrs_post_init__(self) -> None:
        _check_policy(self)
        set_ = object.__setattr__
        set_(self, "_by_name", MappingProxyType({s.name: s for s in self.steps}))
        set_(
            self,
            "_cap_map",
            MappingProxyType({(c.stage, ch): c.limit for c in self.caps for ch in c.channels}),
        )
        set_(
            self,
            "_cap_groups",
            MappingProxyType(
                {(c.stage, ch): c.channels for c in self.caps if c.shared for ch in c.channels}
            ),
        )
        tables = {seg: tuple(s for s in self.steps if seg in s.segments) for seg in DebtorSegment}
        set_(self, "_tables", MappingProxyType(tables))
        caps = self._cap_map
        set_(
            self,
            "_rows",
            MappingProxyType(
                {
                    seg: tuple(
                        PlanRow(
                            s,
                            s.stage.rank,
                            s.kind,
                            s.channel,
                            None if s.channel is None else caps.get((s.stage, s.channel)),
                            None if s.business_days else timedelta(days=s.offset),
                            s.min_amount,
                        )
                        for s in steps
                    )
                    for seg, steps in tables.items()
                }
            ),
        )
        set_(
            self,
            "_indexes",
            MappingProxyType(
                {
                    seg: MappingProxyType({s.name: i for i, s in enumerate(steps)})
                    for seg, steps in tables.items()
                }
            ),
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The derived tables are read-only mappings that do not pickle: rebuild them.
        fields = tuple(
            (field.name, getattr(self, field.name)) for field in attrs.fields(Policy) if field.init
        )
        return (_rebuild_policy, (fields,))

    def schedule(self, segment: DebtorSegment, amount: Decimal | None = None) -> tuple[Step, ...]:
        """
        The steps that apply to *segment* (and to an invoice of *amount*, when given), in order.

        >>> [s.name for s in french_default().schedule(DebtorSegment.NEW_UNRESPONSIVE)]
        ['pre_reminder', 'new_client_call_1', 'new_client_call_2', 'new_client_formal_notice', \
'hand_over', 'court_claim', 'penalty_claim']
        """
        steps = self._tables[segment]
        if amount is None:
            return steps
        return tuple(s for s in steps if amount >= s.min_amount)

    def plan_table(self, segment: DebtorSegment) -> tuple[PlanRow, ...]:
        """
        *segment*'s schedule as :class:`PlanRow` values, precomputed for the planner's hot path.

        >>> french_default().plan_table(DebtorSegment.STANDARD)[1].limit
        3
        """
        return self._rows[segment]

    def position(self, segment: DebtorSegment, name: str) -> int:
        """
        The index of step *name* in *segment*'s schedule, or ``-1`` if it is not in it.

        >>> french_default().position(DebtorSegment.STANDARD, "reminder_call_1")
        2
        """
        return self._indexes[segment].get(name, -1)

    def step(self, name: str) -> Step:
        """
        The step called *name*.

        Raises:
            PolicyError: there is no such step.
        """
        try:
            return self._by_name[name]
        except (KeyError, TypeError):
            raise PolicyError("steps", f"no step is called {name!r}") from None

    def has_step(self, name: str) -> bool:
        """Whether a step is called *name*."""
        return name in self._by_name

    def cap(self, stage: Stage, channel: Channel) -> int | None:
        """
        The most contacts by *channel* at *stage*, or ``None`` when not limited.

        For a channel of a shared cap, the limit of all its channels together
        (:meth:`cap_channels`).

        >>> p = french_default()
        >>> p.cap(Stage.AMICABLE, Channel.LETTER), p.cap(Stage.AMICABLE, Channel.REGISTERED_LETTER)
        (2, 2)
        """
        return self._cap_map.get((stage, channel))

    def cap_channels(self, stage: Stage, channel: Channel) -> frozenset[Channel]:
        """
        The channels whose contacts at *stage* count against *channel*'s cap: those of its
        shared cap, else *channel* alone (also when it has no cap).

        >>> p = french_default()
        >>> sorted(c.value for c in p.cap_channels(Stage.AMICABLE, Channel.REGISTERED_LETTER))
        ['electronic_registered_letter', 'letter', 'registered_letter']
        >>> p.cap_channels(Stage.PREVENTIVE, Channel.LETTER) == {Channel.LETTER}
        True
        """
        group = self._cap_groups.get((stage, channel))
        return frozenset({channel}) if group is None else group

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The policy for people, in *locale* (``fr_FR`` by default, as ``str()``): its steps as a
        table, then its caps and its settings, written by the display layer (``repr`` stays
        the evaluable value).

        >>> print(french_default().to_text(locale="en_GB").splitlines()[0])
        Policy french_default: 18 steps
        >>> print(str(french_default()).splitlines()[0])
        Politique french_default : 18 étapes
        """
        from dunning_core.display import _policy  # the display layer, loaded when shown

        return _policy.policy_text(self, locale=locale)

    def _repr_html_(self) -> str:
        """The steps, caps and settings as an HTML table, for notebooks (in French)."""
        return self.to_html()

    def to_html(self, *, locale: str = DEFAULT_LOCALE) -> str:
        """
        The steps as an HTML table in *locale* (``fr_FR`` by default), the caps and settings
        under it.

        >>> "<th>Channel</th>" in french_default().to_html(locale="en_GB")
        True
        """
        from dunning_core.display import _policy  # the display layer, loaded when shown

        return _policy.policy_html(self, locale=locale)


def _rebuild_policy(fields: tuple[tuple[str, Any], ...]) -> Policy:
    """The policy of *fields* (``(name, value)`` pairs): how a policy unpickles."""
    return Policy(**dict(fields))


def _check_policy(policy: Policy) -> None:
    steps = policy.steps
    if not steps:
        raise PolicyError("steps", "a policy needs at least one step (got none)")
    seen: set[str] = set()
    for step in steps:
        if step.name in seen:
            raise PolicyError(f"steps[{step.name}]", "step names must be unique (duplicate name)")
        seen.add(step.name)
        _check_step(policy, step)
    previous = steps[0]
    for step in steps[1:]:
        if step.offset < previous.offset and step.kind is not StepKind.PENALTY_CLAIM:
            raise PolicyError(
                f"steps[{step.name}]",
                f"steps must be listed by offset: {step.name} (day {step.offset}) comes after "
                f"{previous.name} (day {previous.offset})",
            )
        if step.kind is not StepKind.PENALTY_CLAIM:  # it counts from the payment, not the due date
            previous = step
    limits: dict[tuple[Stage, Channel], Cap] = {}
    for cap in policy.caps:
        for channel in (ch for ch in Channel if ch in cap.channels):
            if (cap.stage, channel) in limits:
                raise PolicyError("caps", f"two caps for ({cap.stage.value}, {channel.value})")
            limits[(cap.stage, channel)] = cap
        if cap.stage.terminal:
            raise PolicyError("caps", f"a terminal stage takes no cap (got {cap.stage.value})")
    for segment in DebtorSegment:
        _check_segment(policy, segment, [s for s in steps if segment in s.segments], limits)
    if policy.formal_notice_deadline_days > policy.formal_notice_max_days:
        raise PolicyError(
            "formal_notice_deadline_days",
            f"must be at most formal_notice_max_days = {policy.formal_notice_max_days} "
            f"(got {policy.formal_notice_deadline_days})",
        )


_REMINDER_STAGES: Final = (Stage.PREVENTIVE, Stage.AMICABLE, Stage.FORMAL_NOTICE)


def _check_step(policy: Policy, step: Step) -> None:
    field = f"steps[{step.name}]"
    if step.stage.terminal or step.stage is Stage.ALTERNATIVE_RESOLUTION:
        raise PolicyError(
            field,
            f"no step belongs to stage {step.stage.value}: it is entered by an event, not planned",
        )
    if step.kind in (StepKind.CLAIM_DECLARATION, StepKind.FORECLOSURE_RELIEF):
        raise PolicyError(
            field,
            f"a {step.kind.value} step is proposed by the planner once a collective procedure "
            "is opened (C. com. L622-24, L622-26); it is not a step of a policy",
        )
    wanted = step.kind.stage
    if wanted is not None and step.stage is not wanted:
        raise PolicyError(field, f"a {step.kind.value} step belongs to stage {wanted.value}")
    if step.kind is StepKind.REMINDER and step.stage not in _REMINDER_STAGES:
        raise PolicyError(
            field, "a reminder belongs to the preventive, amicable or formal-notice stage"
        )
    if (
        step.kind in (StepKind.REMINDER, StepKind.FORMAL_NOTICE, StepKind.PENALTY_CLAIM)
        and step.channel is None
    ):
        raise PolicyError(field, f"a {step.kind.value} step needs a channel")
    if step.kind in (StepKind.HAND_OVER, StepKind.CLAIM) and step.channel is not None:
        raise PolicyError(field, f"a {step.kind.value} step is not a contact: its channel is None")
    if step.kind is StepKind.FORMAL_NOTICE and (
        step.channel is None or not step.channel.registered
    ):
        raise PolicyError(
            field,
            "a formal notice (mise en demeure) is sent by registered letter, LRAR or LRE, or "
            "served by a commissaire de justice "
            f"(got {step.channel.value if step.channel else None}); seed 000: "
            "« L'envoi en recommandé avec accusé de réception est indispensable »",
        )
    if step.stage is Stage.PREVENTIVE and step.offset > 0:
        raise PolicyError(
            field, f"a preventive step comes on or before the due date (got day {step.offset})"
        )
    if step.stage is not Stage.PREVENTIVE and step.offset <= 0:
        raise PolicyError(
            field, f"only preventive steps come on or before the due date (got day {step.offset})"
        )
    if (
        step.stage in (Stage.AMICABLE, Stage.FORMAL_NOTICE)
        and step.offset > policy.max_amicable_days
    ):
        raise PolicyError(
            field,
            f"the amicable phase lasts at most max_amicable_days = {policy.max_amicable_days} "
            f"days, so {step.name} cannot come on day {step.offset}",
        )


def _check_segment(
    policy: Policy,
    segment: DebtorSegment,
    steps: list[Step],
    limits: Mapping[tuple[Stage, Channel], Cap],
) -> None:
    rank = -1
    notices = 0
    notice_min = Decimal(0)
    counts: dict[tuple[Stage, Channel], int] = {}
    for step in steps:
        field = f"steps[{step.name}]"
        if step.kind is StepKind.PENALTY_CLAIM:
            continue  # it comes after the principal is paid, outside the ladder
        if notices and step.min_amount < notice_min:
            raise PolicyError(
                field,
                f"segment {segment.value}: {step.name} applies from {step.min_amount} but the "
                f"formal notice only from {notice_min}; a step after the mise en demeure needs "
                "it, so its min_amount must be at least the notice's (C. civ. 1344)",
            )
        if step.stage.rank < rank:
            raise PolicyError(
                field,
                f"steps out of order for segment {segment.value}: {step.name} "
                f"({step.stage.value}) comes after a later stage",
            )
        rank = step.stage.rank
        if step.kind is StepKind.FORMAL_NOTICE:
            notices += 1
            notice_min = step.min_amount
            if notices > 1:
                raise PolicyError(
                    field, f"segment {segment.value} gets two formal-notice steps; keep one"
                )
        if step.kind is StepKind.REMINDER and step.stage is Stage.FORMAL_NOTICE and not notices:
            raise PolicyError(
                field,
                f"segment {segment.value} gets {step.name} at the formal-notice stage "
                "before the formal notice itself",
            )
        if step.kind in (StepKind.HAND_OVER, StepKind.CLAIM) and notices == 0:
            raise PolicyError(
                field,
                f"segment {segment.value} reaches {step.name} without a formal notice before it "
                "(a claim needs a mise en demeure, C. civ. 1344)",
            )
        if step.channel is not None:
            cap = limits.get((step.stage, step.channel))
            # The contacts of a shared cap count together, under the cap's own channel.
            key = (step.stage, step.channel if cap is None else cap.channel)
            counts[key] = counts.get(key, 0) + 1
            if cap is not None and counts[key] > cap.limit:
                what = (
                    "/".join(c.value for c in Channel if c in cap.channels)
                    if cap.shared
                    else step.channel.value
                )
                raise PolicyError(
                    field,
                    f"a step beyond its cap: segment {segment.value} gets {counts[key]} "
                    f"{what} contacts at stage {step.stage.value}, the cap is {cap.limit}",
                )


_IS_POLICY: Final = instance_of(Policy, accepted="a Policy such as french_default()")


def validate_policy(policy: Policy) -> Policy:
    """
    Check *policy* again and return it; raise :class:`PolicyError` if it cannot work.

    Building a :class:`Policy` already runs these checks (nothing is half-built); call this on a
    value you received from elsewhere to re-check it.  A policy is refused when:

    * it has no step, two steps share a name, or the steps are not listed by offset;
    * a segment's steps go back to an earlier stage ("steps out of order");
    * a step sits in a terminal stage or the alternative-resolution stage, or its kind and stage
      disagree (a formal notice outside the formal-notice stage...);
    * a formal notice is not sent by registered letter (LRAR or LRE) nor served by a
      commissaire de justice;
    * a preventive step comes after the due date, or another step on or before it;
    * an amicable or formal-notice step comes after ``max_amicable_days`` (at most 90);
    * a segment gets two formal notices, or a hand-over or claim without a formal notice before it;
    * a step after the formal notice applies to smaller invoices than the notice itself (its
      ``min_amount`` is lower): those invoices would reach it without a mise en demeure;
    * a segment's steps exceed a cap (a step beyond its cap; the steps of every channel of a
      shared cap count together), or two caps of one stage share a channel;
    * the formal-notice deadline exceeds the policy's maximum.

    Args:
        policy: the policy to check.

    Returns:
        *policy*.

    Raises:
        PolicyError: what is wrong (``.field`` and ``.rule``).

    >>> validate_policy(french_default()).name
    'french_default'
    >>> validate_policy("nope")
    Traceback (most recent call last):
    ...
    dunning_core.errors.ArgumentTypeError: policy: a Policy such as french_default() (got 'nope')
    """
    _IS_POLICY("policy", policy)
    _check_policy(policy)
    return policy


# --- The French default --------------------------------------------------------------------------
# Every number below comes from a seed article in shared/seeds/ (quoted) or is a library choice
# (said so).  docs/policy.md repeats them in a table.

_S = DebtorSegment
_NOT_NEW = frozenset(DebtorSegment) - {_S.NEW_UNRESPONSIVE}
# Seed 004: "les clients les plus risqués [...] la relance purement écrite étant réservée aux
# clients les plus sûrs": high-risk debtors get a call first, public bodies get calls, not letters.
_WRITTEN_FIRST = _NOT_NEW - {_S.HIGH_RISK}
_LETTERS = _NOT_NEW - {_S.PUBLIC_BODY}
# Seed 004: a public body is called first, not written to.
_EMAIL_FIRST = _WRITTEN_FIRST - {_S.PUBLIC_BODY}  # also without the high-risk (called on day 2)
# The channels that share a cap in the French default: the letters (« courriers »: a plain
# letter, an LRAR, an LRE) and the channels that serve a formal notice (an LRAR, an LRE, an act
# of a commissaire de justice).
_REGISTERED_CHANNELS: Final = frozenset(_REGISTERED)
_LETTER_CHANNELS: Final = frozenset(
    {Channel.LETTER, Channel.REGISTERED_LETTER, Channel.ELECTRONIC_REGISTERED_LETTER}
)


def french_default() -> Policy:
    """
    The dunning process of the seed articles, as a :class:`Policy`.

    Standard schedule, in days from the due date (all numbers sourced in ``docs/policy.md``):

    ==  ===================  ======================  ==============================================
    -5  pre_reminder         e-mail, ≥ 1 000 €       seed 000: pre-reminder "avant que votre facture
                                                     ne soit arrivée à échéance", only for "vos plus
                                                     gros montants"
    5   reminder_email_1     e-mail                  seed 001: "Première relance : Envoyez un email"
    10  reminder_call_1      phone                   seed 001: "Suivi téléphonique"
    20  reminder_letter_1    letter                  seed 000: "La relance n°1"
    25  reminder_email_2     e-mail
    30  reminder_call_2      phone
    35  reminder_letter_2    letter                  seed 000: "La relance n°2"
    40  reminder_call_3      phone                   seed 003: "un dernier appel téléphonique"
    45  formal_notice        LRAR, 15-day deadline   seed 003: "36 à 50 jours"; seed 000: "Quinze
                                                     jours"
    60  hand_over            agency or lawyer        seed 000: "transférer le dossier [...] à une
                                                     société de recouvrement"
    75  court_claim          injonction de payer     seed 000: "Dans 80 % des cas [...] injonction
                                                     de payer"
    ==  ===================  ======================  ==============================================

    Caps (seed 000: "La relance amiable ne doit pas excéder 3 coups de fils (ou e-mails) ainsi que 2
    courriers"): amicable 3 calls, 3 e-mails, 2 letters (plain or registered, one shared cap);
    the pre-reminder is counted apart; at the formal-notice stage 2 notices (LRAR, LRE or
    served by a commissaire de justice, together): the notice and one new service.
    High-risk debtors get their first call on day 2 instead of day 10; public bodies are called
    first (day 5) and get no letters (calls, an e-mail and a visit on day 35); new clients who never answer get two calls then
    the formal notice on day 20.

    >>> p = french_default()
    >>> [(s.name, s.offset) for s in p.schedule(DebtorSegment.HIGH_RISK)][1:3]
    [('early_call', 2), ('reminder_email_1', 5)]
    >>> p.max_amicable_days, p.formal_notice_deadline_days, p.min_gap_days
    (60, 15, 3)
    """
    steps = (
        # Seed 000: "La pré-relance consiste à envoyer un courrier ou un e-mail ou à passer un coup
        # de fil à votre client avant que votre facture ne soit arrivée à échéance" and "concentrez-
        # vous uniquement sur vos plus gros montants de facture".  Day -5 and 1 000 € are library
        # choices (the seed gives no number).
        Step(
            "pre_reminder",
            Stage.PREVENTIVE,
            Channel.EMAIL,
            -5,
            min_amount=Decimal(1000),
            template="pre_reminder",
        ),
        # Seed 004: risky clients are called ("la relance purement écrite étant réservée aux
        # clients les plus sûrs"); day 2 is a library choice ("called earlier").
        Step("early_call", Stage.AMICABLE, Channel.PHONE, 2, segments=[_S.HIGH_RISK]),
        # Seed 004 on a new client who never answers: "passer directement à la relance
        # téléphonique, voire à une phase contentieuse".  Days 3 and 10 are library choices.
        Step("new_client_call_1", Stage.AMICABLE, Channel.PHONE, 3, segments=[_S.NEW_UNRESPONSIVE]),
        # Seed 001: "Première relance : Envoyez un email poli pour rappeler la date d'échéance
        # passée"; seed 000: "L'échéance de votre facture est dépassée depuis quelques jours".
        Step("reminder_email_1", Stage.AMICABLE, Channel.EMAIL, 5, segments=_LETTERS),
        # Seed 004 on public bodies: "une relance écrite à un organisme public reste souvent sans
        # effet, alors qu'un contact téléphonique avec le bon interlocuteur peut permettre de
        # débloquer une situation": the first amicable contact is a call (day 5, library choice:
        # that of the e-mail it replaces).
        Step("public_body_call_1", Stage.AMICABLE, Channel.PHONE, 5, segments=[_S.PUBLIC_BODY]),
        # Seed 001: "Suivi téléphonique : Effectuez un appel de suivi".
        Step("reminder_call_1", Stage.AMICABLE, Channel.PHONE, 10, segments=_EMAIL_FIRST),
        Step(
            "new_client_call_2", Stage.AMICABLE, Channel.PHONE, 10, segments=[_S.NEW_UNRESPONSIVE]
        ),
        # Seed 000: "Au niveau des courriers, vous en enverrez 2, pas plus : La relance n°1".
        Step("reminder_letter_1", Stage.AMICABLE, Channel.LETTER, 20, segments=_LETTERS),
        # Seed 004: new clients who never answer go "directement [...] à une phase contentieuse":
        # the formal notice on day 20 (library choice) instead of 45.
        Step(
            "new_client_formal_notice",
            Stage.FORMAL_NOTICE,
            Channel.REGISTERED_LETTER,
            20,
            kind=StepKind.FORMAL_NOTICE,
            segments=[_S.NEW_UNRESPONSIVE],
            template="formal_notice",
            article=CIV_1344,
        ),
        Step("reminder_email_2", Stage.AMICABLE, Channel.EMAIL, 25, segments=_NOT_NEW),
        Step("reminder_call_2", Stage.AMICABLE, Channel.PHONE, 30, segments=_NOT_NEW),
        # Seed 000: "La relance n°2".
        Step("reminder_letter_2", Stage.AMICABLE, Channel.LETTER, 35, segments=_LETTERS),
        # Seed 004 on public bodies: "une relance écrite à un organisme public reste souvent sans
        # effet" and "Il est aussi envisageable qu'une visite soit rendue au client": a visit
        # instead of the second letter (library choice of day: that of the letter it replaces).
        Step("public_body_visit", Stage.AMICABLE, Channel.VISIT, 35, segments=[_S.PUBLIC_BODY]),
        # Seed 003 (relance niveau 3): "un dernier appel téléphonique ou un dernier e-mail
        # interactif peut être effectué".
        Step("reminder_call_3", Stage.AMICABLE, Channel.PHONE, 40, segments=_NOT_NEW),
        # Seed 003: "recouvrement factures en retard de paiement 36 à 50 jours" and "N'hésitez pas
        # à envoyer une lettre de mise en demeure (toujours avec un accusé réception)"; seed 000:
        # "mise en demeure en courrier recommandé".  Day 45 sits in the 36–50 range.
        Step(
            "formal_notice",
            Stage.FORMAL_NOTICE,
            Channel.REGISTERED_LETTER,
            45,
            kind=StepKind.FORMAL_NOTICE,
            segments=_NOT_NEW,
            article=CIV_1344,
        ),
        # Seed 000: "L'étape contentieuse suivante va consister à transférer le dossier de votre
        # client à votre juriste ou à une société de recouvrement" once "Quinze jours se sont
        # écoulés".  Day 60 = 45 + 15; the planner waits for the deadline anyway.
        Step(
            "hand_over",
            Stage.LITIGATION,
            None,
            60,
            kind=StepKind.HAND_OVER,
            article=CPCE_R124_4,
        ),
        # Seed 000: "Dans 80 % des cas, vous allez faire ce que l'on appelle une injonction de
        # payer".  Day 75 is a library choice (15 days for the agency or lawyer to act).
        Step("court_claim", Stage.JUDICIAL, None, 75, kind=StepKind.CLAIM, article=CPC_1405),
        # Seed 001: "la législation prévoit des pénalités de retard et une indemnité forfaitaire
        # pour frais de recouvrement [...] dues sans qu'un rappel soit nécessaire"; DESIGN.md:
        # fees and interest "stay claimable after the principal is paid".  Once a late principal
        # is paid, a letter claims what is left, 3 days later (library choice).
        Step(
            "penalty_claim",
            Stage.AMICABLE,
            Channel.LETTER,
            3,
            kind=StepKind.PENALTY_CLAIM,
            segments=_NOT_NEW | {_S.NEW_UNRESPONSIVE},
            article=L441_10,
        ),
    )
    caps = (
        # The pre-reminder is counted apart; seed 000: "3 courriers (en comptant la pré-relance)".
        Cap(Stage.PREVENTIVE, Channel.EMAIL, 1),
        Cap(Stage.PREVENTIVE, Channel.PHONE, 1),
        Cap(Stage.PREVENTIVE, Channel.LETTER, 1),
        # Seed 000: "La relance amiable ne doit pas excéder 3 coups de fils (ou e-mails) ainsi que
        # 2 courriers"; "3 e-mails et 3 appels téléphoniques (grand maximum)".
        Cap(Stage.AMICABLE, Channel.PHONE, 3),
        Cap(Stage.AMICABLE, Channel.EMAIL, 3),
        # Seed 000: "Au niveau des courriers, vous en enverrez 2, pas plus"; seed 001 sends the
        # second reminder "en courrier recommandé": a registered letter is one of the two
        # letters, so the letter channels share one cap.
        Cap(Stage.AMICABLE, Channel.LETTER, 2, channels=_LETTER_CHANNELS),
        # Library choice: one formal notice, plus one new service if the first was refused,
        # whichever channel serves it (a refused LRAR served again by LRE or by a commissaire
        # de justice, seed 002: "la signification de mises en demeure", is the second of the
        # two).
        Cap(Stage.FORMAL_NOTICE, Channel.REGISTERED_LETTER, 2, channels=_REGISTERED_CHANNELS),
    )
    return Policy(
        steps=steps,
        caps=caps,
        # Library choice: seed 001 says "Soyez régulier dans vos relances" without a number.
        min_gap_days=3,
        # Seed 004: "La durée de la phase de recouvrement de créances à l'amiable est de maximum 60
        # à 90 jours": 60 by default, 90 at most (HARD_MAX_AMICABLE_DAYS).
        max_amicable_days=60,
        # Seed 000: "Quinze jours [...] le délai maximum que je vous conseille d'accorder à votre
        # client pour vous payer, l'accusé de réception faisant office de compte à rebours".
        formal_notice_deadline_days=15,
        formal_notice_max_days=15,
        backlog=Backlog.SEQUENTIAL,
        basis=PenaltyBasis.STATUTORY,
        name="french_default",
    )
