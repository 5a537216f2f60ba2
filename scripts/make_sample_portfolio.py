"""Generate the sample portfolio shipped as package data (``dunning demo`` plans it).

Run ``python scripts/make_sample_portfolio.py`` to rewrite
``src/dunning_core/_data/sample_portfolio.csv``; ``--check`` only compares (exit 1 when stale).
``tests/test_portfolio_io.py`` fails when the committed file differs from what this script makes.

The company is fictitious: *Lumen Équipements SAS* sells lighting equipment to shops, builders,
public bodies and individuals.  Every name below is made up.  The generator is deterministic: a
fixed seed drives ``random.Random`` (fine in a script, never in the library), and each invoice's
history is simulated day by day up to the eve of ``SAMPLE_DATE``: the creditor does what
``next_actions`` plans (on business days, sometimes a day or two late), the debtor pays, promises,
disputes, agrees a payment plan or stays silent, and every event goes through ``apply``, so the
file holds only histories the state machine accepts.  Three malformed rows are then added on
purpose, so that the demo shows how they are reported.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from dunning_core.calendar import is_business_day
from dunning_core.errors import IllegalTransition
from dunning_core.machine import (
    Action,
    Agent,
    Case,
    ClaimFiled,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    PaymentPlanAgreed,
    PaymentReceived,
    PromiseToPay,
    Proof,
    ProofRecorded,
    SettlementAgreed,
    WrittenOff,
    apply,
    claim_amounts,
    next_actions,
)
from dunning_core.policy import DebtorSegment, Policy, StepKind, french_default
from dunning_core.portfolio_io import SAMPLE_DATE, dump_portfolio
from dunning_core.terms import PaymentTerms

SEED = 20260316
INVOICES = 320
FIRST_ISSUE = date(2025, 8, 18)
LAST_ISSUE = date(2026, 3, 9)
# The credit manager was on leave the week before the demo day: actions due that week wait.
LAST_WORKED = date(2026, 3, 6)
TARGET = Path(__file__).resolve().parent.parent / "src/dunning_core/_data/sample_portfolio.csv"
DAY = timedelta(days=1)
CENT = Decimal("0.01")

S = DebtorSegment
SEGMENTS = [
    (S.STANDARD, 55),
    (S.HIGH_RISK, 14),
    (S.PUBLIC_BODY, 11),
    (S.CONSUMER, 10),
    (S.NEW_UNRESPONSIVE, 10),
]
TERMS = {
    S.STANDARD: ["30 jours", "30 jours", "45 jours fin de mois", "60 jours"],
    S.HIGH_RISK: ["30 jours", "à réception", "30 jours"],
    S.PUBLIC_BODY: ["30 jours"],  # R2192-10: 30 days for the State and local authorities
    S.CONSUMER: ["à réception", "30 jours"],
    S.NEW_UNRESPONSIVE: ["30 jours", "45 jours fin de mois"],
}
# How the debtor behaves, by weight.
PROFILES = [
    ("prompt", 26),
    ("late", 20),
    ("partial", 7),
    ("promise_kept", 6),
    ("promise_broken", 6),
    ("dispute_resolved", 5),
    ("dispute_open", 4),
    ("plan_kept", 4),
    ("plan_broken", 3),
    ("silent", 13),
]
SHOPS = [
    "Boulangerie",
    "Pharmacie",
    "Garage",
    "Librairie",
    "Fleuriste",
    "Quincaillerie",
    "Opticien",
    "Restaurant",
    "Hôtel",
    "Cave",
]
FAMILY = [
    "Martin",
    "Bernard",
    "Roux",
    "Fontaine",
    "Lemoine",
    "Garnier",
    "Perrin",
    "Chevalier",
    "Moulin",
    "Barbier",
    "Renaud",
    "Colin",
]
TOWNS = [
    "Saint-Aubin-sur-Loire",
    "Villeneuve-les-Prés",
    "Montclair",
    "Beaulieu-en-Vexin",
    "Rochefort-la-Plaine",
    "Vallon-sur-Cère",
]
FIRMS = ["Bâtiments", "Constructions", "Rénovation", "Agencement", "Électricité", "Menuiserie"]


def _pick(rng: random.Random, weighted: list[tuple[object, int]]) -> object:
    return rng.choices([item for item, _ in weighted], [w for _, w in weighted])[0]


def _debtor(rng: random.Random, segment: DebtorSegment) -> str:
    family, town = rng.choice(FAMILY), rng.choice(TOWNS)
    if segment is S.PUBLIC_BODY:
        return rng.choice(["Mairie de ", "Communauté de communes de ", "Collège de "]) + town
    if segment is S.CONSUMER:
        return f"{rng.choice(['M.', 'Mme'])} {family}"
    if segment is S.STANDARD and rng.random() < 0.4:
        return f"{family} {rng.choice(FIRMS)} SARL"
    return f"{rng.choice(SHOPS)} {family} ({town})"


def _amount(rng: random.Random, segment: DebtorSegment) -> Decimal:
    if segment is S.CONSUMER:
        low, high = 90, 3_200
    elif segment is S.PUBLIC_BODY:
        low, high = 1_500, 60_000
    elif rng.random() < 0.08:  # large invoices
        low, high = 20_000, 140_000
    else:
        low, high = 150, 9_000
    value = Decimal(str(round(rng.lognormvariate(0, 0.6) * (low + high) / 4, 2)))
    return min(max(value, Decimal(low)), Decimal(high)).quantize(CENT)


class _Debtor:
    """One invoice's simulation: the case, the debtor's plans, the creditor's habits."""

    def __init__(self, rng: random.Random, case: Case, profile: str, policy: Policy) -> None:
        self.rng = rng
        self.case = case
        self.profile = profile
        self.policy = policy
        self.todo: list[tuple[date, Callable[[date], Event | None]]] = []
        self.reacted = False
        self.outcome = rng.choices(
            [Delivery.RECEIVED, Delivery.UNCLAIMED, Delivery.REFUSED], [70, 20, 10]
        )[0]
        if profile == "prompt":
            pay_on = case.due_on - rng.randint(0, 6) * DAY
            self.later(max(pay_on, case.issued_on + DAY), self.pay_all)

    def later(self, on: date, make: Callable[[date], Event | None]) -> None:
        self.todo.append((on, make))

    def record(self, event: Event) -> bool:
        try:
            self.case = apply(self.case, event, self.policy)
        except IllegalTransition:
            return False
        return True

    def pay_all(self, on: date) -> Event | None:
        """Everything owed that day: principal, penalties and indemnity (what a notice demands)."""
        if not self.case.balance:
            return None
        return PaymentReceived(on, claim_amounts(self.case, self.policy, on).total)

    def pay_part(self, share: float) -> Callable[[date], Event | None]:
        def make(on: date) -> Event | None:
            part = (self.case.balance * Decimal(str(share))).quantize(CENT)
            return PaymentReceived(on, part) if 0 < part < self.case.balance else None

        return make

    def react(self, on: date) -> None:
        """The debtor's answer to the first reminders."""
        rng, profile = self.rng, self.profile
        self.reacted = True
        if profile == "late":
            self.later(on + rng.randint(3, 25) * DAY, self.pay_all)
        elif profile == "partial":
            self.later(on + rng.randint(2, 8) * DAY, self.pay_part(rng.choice([0.3, 0.4, 0.5])))
            if rng.random() < 0.5:
                self.later(on + rng.randint(20, 40) * DAY, self.pay_all)
        elif profile in ("promise_kept", "promise_broken"):
            until = on + rng.randint(7, 20) * DAY
            self.later(on + DAY, lambda d: PromiseToPay(d, until))
            if profile == "promise_kept":
                self.later(until - rng.randint(0, 3) * DAY, self.pay_all)
        elif profile in ("dispute_resolved", "dispute_open"):
            reason = rng.choice(
                ["luminaires livrés incomplets", "prix contesté", "pose non conforme"]
            )
            self.later(on + DAY, lambda d: DisputeOpened(d, reason))
            if profile == "dispute_resolved":
                resolved = on + rng.randint(10, 30) * DAY
                self.later(resolved, lambda d: DisputeResolved(d, "avoir accordé"))
                self.later(resolved, self.credit_note)
                if rng.random() < 0.6:
                    self.later(resolved + rng.randint(5, 20) * DAY, self.pay_all)
        elif profile in ("plan_kept", "plan_broken"):
            self.later(on + 2 * DAY, self.plan)

    def credit_note(self, on: date) -> Event | None:
        part = (self.case.balance * Decimal("0.15")).quantize(CENT)
        return CreditNoteIssued(on, part, "AV-" + self.case.reference[2:]) if part else None

    def plan(self, on: date) -> Event | None:
        balance = self.case.balance
        first = (balance / 3).quantize(CENT)
        amounts = [first, first, balance - 2 * first]
        dates = [on + timedelta(days=30 * (i + 1)) for i in range(3)]
        for index, (day, amount) in enumerate(zip(dates, amounts, strict=True)):
            if self.profile == "plan_kept" or index == 0:
                self.later(day - self.rng.randint(0, 2) * DAY, self.pay_fixed(amount))
        return PaymentPlanAgreed(
            on, tuple(Instalment(d, a) for d, a in zip(dates, amounts, strict=True))
        )

    def pay_fixed(self, amount: Decimal) -> Callable[[date], Event | None]:
        def make(on: date) -> Event | None:
            return (
                PaymentReceived(on, min(amount, self.case.balance)) if self.case.balance else None
            )

        return make


class _Creditor:
    """What the creditor does with the planner's actions; a few hand-overs, one claim."""

    def __init__(self) -> None:
        self.hand_overs = 0
        self.claims = 0


def _simulate(rng: random.Random, debtor: _Debtor, creditor: _Creditor, until: date) -> Case:
    day = debtor.case.issued_on
    while day <= until:
        for on, make in sorted(debtor.todo, key=lambda item: item[0]):
            if on == day:
                event = make(day)
                if event is not None:
                    debtor.record(event)
        if debtor.case.stage.terminal:
            break
        if day <= LAST_WORKED and is_business_day(day) and rng.random() < 0.85:
            for action in next_actions(debtor.case, debtor.policy, day):
                _act(rng, debtor, creditor, action.step.kind, action, day)
        day += DAY
    return debtor.case


def _act(
    rng: random.Random,
    debtor: _Debtor,
    creditor: _Creditor,
    kind: StepKind,
    action: Action,
    day: date,
) -> None:
    step = action.step
    if kind is StepKind.REMINDER:
        assert action.channel is not None
        recorded = debtor.record(ContactMade(day, action.channel, step.name))
        if recorded and not debtor.reacted and debtor.profile != "silent" and rng.random() < 0.7:
            debtor.react(day)
    elif kind is StepKind.FORMAL_NOTICE:
        assert action.channel is not None
        if debtor.record(FormalNoticeSent(day, action.channel, step.name)):
            outcome = debtor.outcome if debtor.case.delivery is None else Delivery.RECEIVED
            debtor.outcome = Delivery.RECEIVED  # a notice served again is received
            debtor.later(day + rng.randint(2, 6) * DAY, lambda d: FormalNoticeDelivered(d, outcome))
            debtor.later(day + DAY, lambda d: ProofRecorded(d, Proof.DELIVERY_NOTE, "BL"))
            if debtor.profile == "silent" and rng.random() < 0.5:
                debtor.later(day + rng.randint(5, 12) * DAY, debtor.pay_all)
            elif not debtor.reacted and debtor.profile != "silent":
                debtor.react(day)
    elif kind is StepKind.HAND_OVER:
        if creditor.hand_overs < 3:
            to = Agent.COMMISSAIRE_DE_JUSTICE if creditor.hand_overs == 0 else Agent.AGENCY
            if debtor.record(HandedOver(day, to)):
                creditor.hand_overs += 1
    elif (
        kind is StepKind.CLAIM
        and creditor.claims < 1
        and not action.missing
        and debtor.record(ClaimFiled(day))
    ):
        creditor.claims += 1


def build(seed: int = SEED) -> tuple[list[Case], dict[str, str]]:
    """The sample's cases and debtor names, every history accepted by the state machine."""
    rng = random.Random(seed)
    policy = french_default()
    creditor = _Creditor()
    until = SAMPLE_DATE - DAY
    span = (LAST_ISSUE - FIRST_ISSUE).days
    issued_days = sorted(
        FIRST_ISSUE + timedelta(days=rng.randint(0, span)) for _ in range(INVOICES)
    )
    cases: list[Case] = []
    debtors: dict[str, str] = {}
    numbers: dict[int, int] = {}
    for issued in issued_days:
        segment = _pick(rng, SEGMENTS)
        assert isinstance(segment, DebtorSegment)
        numbers[issued.year] = numbers.get(issued.year, 0) + 1
        reference = f"F-{issued.year}-{numbers[issued.year]:04d}"
        terms = PaymentTerms.parse(rng.choice(TERMS[segment]))
        case = Case.open(reference, _amount(rng, segment), issued, terms=terms, segment=segment)
        profile = str(_pick(rng, PROFILES))
        if segment is S.NEW_UNRESPONSIVE and profile != "prompt" and rng.random() < 0.6:
            profile = "silent"
        debtor = _Debtor(rng, case, profile, policy)
        case = _simulate(rng, debtor, creditor, until)
        debtors[reference] = _debtor(rng, segment)
        cases.append(case)
    _closures(rng, cases, policy, until)
    return cases, debtors


def _closures(rng: random.Random, cases: list[Case], policy: Policy, until: date) -> None:
    """A settlement and a write-off, so that every closed stage appears."""
    wanted = [
        (S.STANDARD, lambda d: SettlementAgreed(d, "transaction : 80 % du solde")),
        (S.CONSUMER, lambda d: WrittenOff(d, "débiteur introuvable")),
    ]
    for segment, make in wanted:
        for index, case in enumerate(cases):
            if case.segment is segment and not case.stage.terminal and case.formal_notice:
                on = max(case.last_on, until - rng.randint(5, 20) * DAY)
                cases[index] = apply(case, make(on), policy)
                break


# Three malformed rows, added after the rows of the invoice they name (line numbers follow).
MALFORMED = (
    # an impossible date
    "{ref},payment_received,2026-02-30,150.00,,,,,,,,,,,,",
    # a channel the library does not know
    "{ref},contact_made,2026-03-02,,,,,,,,,fax,,,,",
    # more than the balance: the state machine refuses an overpayment
    "{ref},payment_received,2026-03-03,{over},,,,,,,,,,,,",
)


def render(seed: int = SEED) -> str:
    """The CSV text of the sample, malformed rows included."""
    cases, debtors = build(seed)
    lines = dump_portfolio(cases, debtors=debtors).splitlines()
    used: set[str] = set()
    for template in MALFORMED:
        # an open invoice with a plain history, from the second third of the file, not used yet
        target = next(
            c
            for c in cases[len(cases) // 3 :]
            if not c.stage.terminal
            and c.reference not in used
            and len(c.events) > 2
            and c.last_on < date(2026, 2, 28)
            and c.dispute is None
            and c.plan is None
            and c.handed_over is None
        )
        used.add(target.reference)
        row = template.format(ref=target.reference, over=target.amount * 2)
        last = max(i for i, line in enumerate(lines) if line.startswith(target.reference + ","))
        lines.insert(last + 1, row)
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8")
        if current != text:
            print(
                f"{TARGET} is stale: run python scripts/make_sample_portfolio.py", file=sys.stderr
            )
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
