"""Tests of dunning_core.serialize: round trips, byte-stable output, errors with their JSON path."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from dunning_core.errors import DunningError, InvalidArgument, SerializationError
from dunning_core.interest import Creditor, PenaltyBasis
from dunning_core.law import CIV_1344, Article
from dunning_core.machine import (
    Agent,
    AlternativeResolutionStarted,
    Case,
    ClaimDeclared,
    ClaimFiled,
    CollectiveProcedure,
    CollectiveProcedureOpened,
    ContactMade,
    CreditNoteIssued,
    Delivery,
    DisputeOpened,
    DisputeResolved,
    Event,
    ForeclosureReliefRequested,
    FormalNoticeDelivered,
    FormalNoticeSent,
    HandedOver,
    Instalment,
    InvoiceOpened,
    PaymentPlanAgreed,
    PaymentReceived,
    PenaltiesWaived,
    Procedure,
    PromiseToPay,
    Proof,
    ProofRecorded,
    Resolution,
    SettlementAgreed,
    WrittenOff,
    apply,
    replay,
)
from dunning_core.money import Money
from dunning_core.policy import Cap, Channel, DebtorSegment, Policy, Stage, Step, french_default
from dunning_core.serialize import (
    SCHEMA,
    SCHEMA_VERSION,
    TYPES,
    from_data,
    from_json,
    to_data,
    to_json,
)
from dunning_core.terms import EndOfMonth, PaymentTerms, PublicBuyer

COMPAT = Path(__file__).parent / "compat"
POLICY = french_default()


def rich_history() -> list[Event]:
    """A case that goes through most of the process (replayed under french_default)."""
    return [
        InvoiceOpened(date(2025, 3, 1), "F-2025-042", Decimal("10000.00"), date(2025, 3, 31)),
        ContactMade(date(2025, 3, 26), Channel.EMAIL, "pre_reminder"),
        ContactMade(date(2025, 4, 5), Channel.EMAIL, "reminder_email_1"),
        PaymentReceived(date(2025, 4, 8), Decimal("1500.00")),
        ContactMade(date(2025, 4, 10), Channel.PHONE, "reminder_call_1"),
        PromiseToPay(date(2025, 4, 11), date(2025, 4, 25), Decimal("8500.00")),
        DisputeOpened(date(2025, 4, 28), "livraison incomplète"),
        DisputeResolved(date(2025, 5, 5), "avoir accordé"),
        CreditNoteIssued(date(2025, 5, 5), Decimal("500.00"), "AV-2025-007"),
        ContactMade(date(2025, 5, 6), Channel.LETTER, "reminder_letter_1"),
        ContactMade(date(2025, 5, 9), Channel.SMS),
        FormalNoticeSent(date(2025, 5, 15), Channel.REGISTERED_LETTER, "formal_notice"),
        FormalNoticeDelivered(date(2025, 5, 17), Delivery.RECEIVED),
        ProofRecorded(date(2025, 5, 20), Proof.SIGNED_QUOTE, "DEV-118"),
        HandedOver(date(2025, 6, 3), Agent.LAWYER),  # the day after the notice's deadline
        ProofRecorded(date(2025, 6, 3), Proof.DELIVERY_NOTE),
        ClaimFiled(date(2025, 6, 10), Procedure.INJONCTION_DE_PAYER),
        PaymentPlanAgreed(
            date(2025, 6, 20),
            (
                Instalment(date(2025, 7, 20), Decimal("4000.00")),
                Instalment(date(2025, 8, 20), Decimal("4000.00")),
            ),
        ),
        PaymentReceived(date(2025, 7, 18), Decimal("4000.00")),
    ]


def rich_case() -> Case:
    """The case of :func:`rich_history`."""
    return replay(rich_history(), POLICY)


def pinned_rich_case() -> Case:
    """
    :func:`rich_case` as tests/compat/case_v1.json pins it (version 0.1): handed over on 2 June
    2025, the formal notice's deadline day, which ``check`` refuses since the debtor has until the
    end of that day (CPC 642).  Built from its events and stages, as ``from_json`` reads it
    without a policy: the pinned file keeps loading and stays equal to it.
    """
    events = [
        HandedOver(date(2025, 6, 2), event.to) if isinstance(event, HandedOver) else event
        for event in rich_history()
    ]
    return Case(events, rich_case().stages)


def one_of_each_event() -> tuple[Event, ...]:
    """One event of every type, with non-default fields where there are some."""
    return (
        InvoiceOpened(
            date(2024, 1, 3),
            "F-2024-001",
            Decimal("1200"),
            date(2024, 2, 15),
            issued_on=date(2024, 1, 2),
            currency="JPY",
            segment=DebtorSegment.PUBLIC_BODY,
        ),
        ContactMade(date(2024, 2, 20), Channel.PHONE, "reminder_call_1"),
        ContactMade(date(2024, 2, 21), Channel.VISIT),
        FormalNoticeSent(date(2024, 3, 1), Channel.ELECTRONIC_REGISTERED_LETTER),
        FormalNoticeDelivered(date(2024, 3, 4), Delivery.UNCLAIMED),
        PaymentReceived(date(2024, 3, 5), Decimal("100.5")),
        CreditNoteIssued(date(2024, 3, 6), Decimal("20"), "AV-1"),
        PromiseToPay(date(2024, 3, 7), date(2024, 3, 31)),
        PromiseToPay(date(2024, 3, 7), date(2024, 3, 31), Decimal("300.00")),
        DisputeOpened(date(2024, 3, 8), "État des lieux contesté"),
        DisputeResolved(date(2024, 3, 9)),
        PaymentPlanAgreed(
            date(2024, 3, 10),
            (
                Instalment(date(2024, 4, 1), Decimal("1")),
                Instalment(date(2024, 5, 1), Decimal("2")),
            ),
        ),
        AlternativeResolutionStarted(date(2024, 3, 11), Resolution.CONCILIATION),
        HandedOver(date(2024, 3, 12), Agent.COMMISSAIRE_DE_JUSTICE),
        ClaimFiled(date(2024, 3, 13), Procedure.PETITES_CREANCES),
        ProofRecorded(date(2024, 3, 14), Proof.PURCHASE_ORDER, "BC-7"),
        SettlementAgreed(date(2024, 3, 15), "transaction"),
        WrittenOff(date(2024, 3, 16), "liquidation judiciaire"),
    )


CUSTOM_ARTICLE = Article("CGV", "art. 9", "Pénalités contractuelles", "https://example.org/cgv#9")


def waived_case() -> Case:
    """A late principal paid, the penalties waived: a case only version 2 can hold."""
    case = Case.open("F-2", "500", date(2025, 1, 2), due_on=date(2025, 2, 1))
    case = apply(case, PaymentReceived(date(2025, 3, 3), "500"), POLICY)
    return apply(case, PenaltiesWaived(date(2025, 3, 10), "geste commercial"), POLICY)


def relief_case() -> Case:
    """A redressement converted into a liquidation, the claim not declared in time, relief asked
    (C. com. L622-26): a case only version 3 can hold."""
    case = Case.open("F-3", "2400.00", date(2025, 1, 2), due_on=date(2025, 2, 1))
    for event in (
        CollectiveProcedureOpened(
            date(2025, 3, 3), CollectiveProcedure.REDRESSEMENT, date(2025, 3, 12)
        ),
        CollectiveProcedureOpened(
            date(2025, 4, 14), CollectiveProcedure.LIQUIDATION, date(2025, 4, 24)
        ),
        ForeclosureReliefRequested(date(2025, 6, 2), "requête au juge-commissaire"),
    ):
        case = apply(case, event, POLICY)
    return case


def disputed_case() -> Case:
    """A dispute opened and resolved, then the claim written off, each with its note: a case
    only version 4 can hold (it renamed the dispute's and the write-off's ``reason`` to
    ``note``)."""
    case = Case.open("F-4", "960.00", date(2025, 1, 2), due_on=date(2025, 2, 1))
    for event in (
        DisputeOpened(date(2025, 2, 10), note="pose non conforme"),
        DisputeResolved(date(2025, 3, 3), note="expertise favorable au vendeur"),
        WrittenOff(date(2025, 6, 30), note="débiteur introuvable"),
    ):
        case = apply(case, event, POLICY)
    return case


def unshared(policy: Policy) -> Policy:
    """*policy* with the caps french_default() had before version 5: one cap per channel (2
    letters, 2 LRAR and 2 LRE at the formal-notice stage), none shared."""
    caps = [cap for cap in policy.caps if not cap.shared] + [
        Cap(Stage.AMICABLE, Channel.LETTER, 2),
        Cap(Stage.FORMAL_NOTICE, Channel.REGISTERED_LETTER, 2),
        Cap(Stage.FORMAL_NOTICE, Channel.ELECTRONIC_REGISTERED_LETTER, 2),
    ]
    return attrs.evolve(policy, caps=tuple(caps))


POLICY_V5 = attrs.evolve(
    POLICY,
    caps=tuple(
        attrs.evolve(cap, channels=cap.channels - {Channel.COMMISSAIRE_DE_JUSTICE})
        if cap.stage is Stage.FORMAL_NOTICE
        else cap
        for cap in POLICY.caps
    ),
)
"""french_default() as policy_v5.json pins it: its shared caps, the notice's before service by a
commissaire de justice joined it (both in version 5)."""

POLICY_V2 = unshared(POLICY)
"""french_default() with its penalty-claim step, as version 2 wrote it (no shared cap)."""

ABROAD_POLICY = attrs.evolve(POLICY_V2, creditor_outside_metropolitan_france=True, name="abroad")
"""The French default policy of a creditor outside metropolitan France: version 3."""


def policy_0_1() -> Policy:
    """french_default() as 0.1 wrote it: no public-body call, no penalty claim step."""
    current = POLICY_V2
    old_segments = frozenset(DebtorSegment) - {DebtorSegment.NEW_UNRESPONSIVE}
    steps = []
    for step in current.steps:
        if step.name in ("public_body_call_1", "penalty_claim"):
            continue
        if step.name == "reminder_email_1":
            step = attrs.evolve(step, segments=old_segments)
        if step.name == "reminder_call_1":
            step = attrs.evolve(step, segments=old_segments - {DebtorSegment.HIGH_RISK})
        steps.append(step)
    return attrs.evolve(current, steps=tuple(steps))


def compat_values() -> dict[str, Any]:
    """The values pinned in tests/compat/ (file stem -> value)."""
    return {
        "case_v1": pinned_rich_case(),
        "policy_v1": policy_0_1(),
        "policy_v2": POLICY_V2,
        "policy_v5": POLICY_V5,
        "case_v2": waived_case(),
        "case_v3": relief_case(),
        "case_v4": disputed_case(),
        "policy_v3": ABROAD_POLICY,
        "events_v1": one_of_each_event(),
        "payment_terms_v1": PaymentTerms.end_of_month(30, day_of_month=10),
        "penalty_basis_v1": PenaltyBasis.legal(
            creditor=Creditor.CONSUMER, enforceable_on=date(2025, 3, 10)
        ),
        "money_v1": Money("1234.5", "EUR"),
        "step_v1": Step(
            "relance_cgv",
            Stage.AMICABLE,
            Channel.EMAIL,
            7,
            business_days=True,
            min_amount=Decimal("250.00"),
            segments=[DebtorSegment.STANDARD, DebtorSegment.HIGH_RISK],
            template="relance_contractuelle",
            article=CUSTOM_ARTICLE,
        ),
        "cap_v1": Cap(Stage.AMICABLE, Channel.LETTER, 2),
        "instalment_v1": Instalment(date(2025, 7, 20), Decimal("4000.00")),
    }


RENAMED_IN_V4 = {"case_v1", "events_v1"}
"""The pinned documents holding a dispute or a write-off, whose ``reason`` version 4 renamed."""


def upgraded_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """A document of version 1 to 3 as version 4 writes it: the ``reason`` of a dispute or a
    write-off is its ``note``."""
    events = data.get("events", [data])
    for event in events:
        if event["type"] in ("DisputeOpened", "WrittenOff") and "reason" in event:
            event["note"] = event.pop("reason")
    return {**data, "schema": "dunning-core/4"}


def doc(value: Any) -> dict[str, Any]:
    """The JSON document of *value*, as plain data to tamper with."""
    data: dict[str, Any] = json.loads(to_json(value))
    return data


def error_of(data: Any, **kwargs: Any) -> SerializationError:
    """The SerializationError raised when reading *data* (a document, or text)."""
    text = data if isinstance(data, (str, bytes)) else json.dumps(data)
    with pytest.raises(SerializationError) as info:
        from_json(text, **kwargs)
    return info.value


SAMPLES: list[Any] = [
    Money("12.5", "EUR"),
    Money("-3", "JPY"),
    PaymentTerms.net(30),
    PaymentTerms.end_of_month(45, EndOfMonth.EOM_THEN_ADD),
    PaymentTerms.public_buyer(PublicBuyer.HEALTH),
    PaymentTerms.statutory_default(),
    PenaltyBasis.STATUTORY,
    PenaltyBasis.legal_plus(points=5),
    PenaltyBasis.contractual("12.5"),
    PenaltyBasis.legal(),
    POLICY,
    attrs.evolve(POLICY, caps=(), name="uncapped"),
    POLICY.steps[0],
    POLICY.caps[0],
    Instalment(date(2025, 1, 1), "10"),
    *one_of_each_event(),
    PenaltiesWaived(date(2025, 6, 1), "geste commercial"),
    CollectiveProcedureOpened(date(2025, 6, 2), CollectiveProcedure.LIQUIDATION, date(2025, 6, 12)),
    ClaimDeclared(date(2025, 6, 20), "LRAR"),
    ForeclosureReliefRequested(date(2025, 9, 1), "requête au juge-commissaire"),
    one_of_each_event(),
    (),
    rich_case(),
    Case.open("F-1", "100", date(2024, 1, 1), due_on=date(2024, 1, 31)),
]


class TestRoundTrip:
    def test_a_policy_without_caps_is_written_as_its_steps_need(self) -> None:
        """A policy with no cap at all is written (it raised TypeError before) in the version its
        other fields need: french_default()'s penalty-claim step is version 2."""
        text = to_json(attrs.evolve(POLICY, caps=()))
        assert json.loads(text)["schema"] == json.loads(to_json(POLICY_V2))["schema"]

    @pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
    def test_from_json_of_to_json_is_the_value(self, value: Any) -> None:
        """Every serializable value comes back equal."""
        assert value == from_json(to_json(value))

    @pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
    def test_output_is_byte_stable(self, value: Any) -> None:
        """Writing the value read back gives the same text, byte for byte."""
        text = to_json(value)
        assert text == to_json(from_json(text))

    @pytest.mark.parametrize("value", SAMPLES, ids=lambda v: type(v).__name__)
    def test_from_data_of_to_data(self, value: Any) -> None:
        """The dict form round-trips too, and is exactly what the JSON text holds."""
        data = to_data(value)
        assert value == from_data(data)
        assert json.loads(to_json(value)) == data

    def test_a_list_of_events_reads_back_as_a_tuple(self) -> None:
        """An Events document holds a list; it reads back as a tuple."""
        events = list(one_of_each_event())
        assert tuple(events) == from_json(to_json(events))

    def test_equal_values_built_differently_give_the_same_text(self) -> None:
        """A case replayed and a case applied step by step give the same bytes."""
        history = rich_history()
        folded = Case.from_opening(history[0])  # type: ignore[arg-type]
        for event in history[1:]:
            folded = apply(folded, event, POLICY)
        assert to_json(rich_case()) == to_json(folded)

    def test_keys_sorted_amounts_strings_dates_iso(self) -> None:
        """The format: sorted keys, amounts as decimal strings, dates as ISO text."""
        text = to_json(PaymentReceived(date(2025, 4, 20), Decimal("300.50")), indent=None)
        expected = (
            '{"amount":"300.50","on":"2025-04-20","schema":"dunning-core/1",'
            '"type":"PaymentReceived"}'
        )
        assert expected == text

    def test_no_exponent_in_amounts(self) -> None:
        """A Decimal in exponent form is written as plain digits."""
        data = to_data(PaymentReceived(date(2025, 4, 20), Decimal("1E+3")))
        assert "1000" == data["amount"]

    def test_none_fields_are_left_out_and_read_as_none(self) -> None:
        """Fields holding None are not written; a missing nullable field reads as None."""
        data = to_data(ContactMade(date(2025, 4, 5), Channel.EMAIL))
        assert "step" not in data
        assert from_data(data).step is None  # type: ignore[union-attr]

    def test_non_ascii_text_is_kept(self) -> None:
        """French text is written as UTF-8, not escaped."""
        text = to_json(DisputeOpened(date(2025, 4, 28), "État des lieux"))
        assert '"État des lieux"' in text

    def test_articles_of_the_law_module_are_written_by_reference(self) -> None:
        """A known article is its code and number; another one carries its title and URL."""
        step = attrs_evolve_article(POLICY.step("formal_notice"), CIV_1344)
        assert {"code": "C. civ.", "number": "1344"} == to_data(step)["article"]
        custom = compat_values()["step_v1"]
        assert CUSTOM_ARTICLE == from_json(to_json(custom)).article
        assert "https://example.org/cgv#9" == to_data(custom)["article"]["url"]

    def test_compact_output(self) -> None:
        """indent=None writes one line that reads back the same."""
        text = to_json(POLICY, indent=None)
        assert "\n" not in text
        assert POLICY == from_json(text)

    def test_bytes_are_read_as_utf8(self) -> None:
        """UTF-8 bytes are accepted."""
        event = DisputeOpened(date(2025, 4, 28), "État")
        assert event == from_json(to_json(event).encode("utf-8"))

    def test_every_type_has_a_sample(self) -> None:
        """The samples above cover every document type."""
        covered = {to_data(v)["type"] for v in SAMPLES}
        assert set(TYPES) == covered

    def test_schema_constants(self) -> None:
        """Version 5 is read; a document needing nothing later is still written as version 1."""
        assert ("dunning-core/1", 5) == (SCHEMA, SCHEMA_VERSION)

    def test_lowest_version_that_holds_the_value(self) -> None:
        """New fields and events get version 2; the rest stays readable by 0.1 (version 1)."""
        assert "dunning-core/1" == to_data(policy_0_1())["schema"]
        assert "dunning-core/2" == to_data(POLICY_V2)["schema"]  # its penalty_claim step
        # a cap shared by several channels (the default's letters) needs version 5; the cap of
        # one channel is written as version 1 wrote it, without channels
        assert "dunning-core/5" == to_data(POLICY)["schema"]
        shared = Cap(Stage.AMICABLE, Channel.LETTER, 2, channels=[Channel.LETTER, Channel.SMS])
        assert ("dunning-core/5", ["sms", "letter"]) == (
            to_data(shared)["schema"],
            to_data(shared)["channels"],
        )
        assert "channels" not in to_data(Cap(Stage.AMICABLE, Channel.LETTER, 2))
        # a notice served by a commissaire de justice: the channel version 5 added, wherever
        # it is (an event, a case, a step, a cap); an older reader is told to upgrade
        served = FormalNoticeSent(date(2025, 5, 15), Channel.COMMISSAIRE_DE_JUSTICE)
        case = apply(
            Case.open("F-9", "900", date(2025, 3, 1), due_on=date(2025, 3, 31)), served, POLICY
        )
        step = Step("notice", Stage.FORMAL_NOTICE, Channel.COMMISSAIRE_DE_JUSTICE, 45)
        for value in (served, case, [served], step, Cap(Stage.FORMAL_NOTICE, step.channel, 1)):
            assert "dunning-core/5" == to_data(value)["schema"]
        assert case == from_json(to_json(case), policy=POLICY)
        assert case.delivery == from_json(to_json(case)).delivery  # derived, not written
        assert "dunning-core/1" == to_data(FormalNoticeSent(date(2025, 5, 15)))["schema"]
        assert "dunning-core/1" == to_data(Cap(Stage.AMICABLE, Channel.LETTER, 2))["schema"]
        grace = attrs.evolve(policy_0_1(), plan_grace_days=2)
        assert ("dunning-core/2", 2) == (
            to_data(grace)["schema"],
            to_data(grace)["plan_grace_days"],
        )
        assert "plan_grace_days" not in to_data(policy_0_1())
        assert "dunning-core/2" == to_data(waived_case())["schema"]
        assert "dunning-core/3" == to_data(relief_case())["schema"]
        # a dispute or a write-off is written with its note, a name of version 4
        assert "dunning-core/4" == to_data(rich_case())["schema"]
        assert "dunning-core/4" == to_data(WrittenOff(date(2025, 1, 1)))["schema"]
        # the highest version any event needs, whatever comes after it
        day = date(2025, 6, 1)
        for later in (PenaltiesWaived(day), ForeclosureReliefRequested(day)):
            assert "dunning-core/4" == to_data([DisputeOpened(day), later])["schema"]
            assert "dunning-core/4" == to_data([later, WrittenOff(day)])["schema"]
        undisputed = [
            e for e in rich_history() if not isinstance(e, (DisputeOpened, DisputeResolved))
        ]
        assert "dunning-core/1" == to_data(undisputed)["schema"]


def attrs_evolve_article(step: Step, article: Article) -> Step:
    """*step* with *article*."""
    import attrs

    return attrs.evolve(step, article=article)


class TestExpectedAndPolicy:
    def test_expected_type_accepted(self) -> None:
        """from_json(text, Case) returns the case."""
        assert rich_case() == from_json(to_json(rich_case()), Case)

    def test_expected_type_refused(self) -> None:
        """Another type than the expected one is refused at /type."""
        error = error_of(doc(POLICY), expected=Case)
        assert ("/type", "expected a Case document, got a Policy") == (error.path, error.reason)

    def test_events_expected_as_tuple(self) -> None:
        """An Events document is a tuple."""
        assert () == from_json(to_json(()), tuple)

    def test_a_case_accepted_by_its_policy(self) -> None:
        """With policy=, a case that replay accepts reads back."""
        assert rich_case() == from_json(to_json(rich_case()), policy=POLICY)

    def test_an_event_the_policy_refuses(self) -> None:
        """With policy=, an event replay would refuse is reported at its path."""
        data = doc(rich_case())
        data["events"][2]["step"] = "pre_reminder"  # a preventive step, once overdue
        error = error_of(data, policy=POLICY)
        assert "/events/2" == error.path
        assert "would go back" in error.reason

    def test_a_stage_the_policy_would_not_give(self) -> None:
        """With policy=, a recorded stage that replay would not give is reported."""
        data = doc(rich_case())
        data["stages"][1] = "amicable"  # the pre-reminder keeps the case preventive
        error = error_of(data, policy=POLICY)
        assert "/stages/1" == error.path

    def test_an_opening_stage_the_policy_would_not_give(self) -> None:
        """The first stage is checked too."""
        data = doc(rich_case())
        data["stages"][0] = data["stages"][1] = "amicable"
        assert "/stages/0" == error_of(data, policy=POLICY).path

    def test_events_checked_against_a_policy(self) -> None:
        """An Events document can be checked against a policy too."""
        assert tuple(rich_history()) == from_json(to_json(rich_history()), policy=POLICY)
        assert "/events/0" == error_of(doc(one_of_each_event()[1:]), policy=POLICY).path

    def test_policy_for_another_type_is_refused(self) -> None:
        """policy= makes sense for cases and event lists only."""
        with pytest.raises(InvalidArgument):
            from_json(to_json(Money("1")), policy=POLICY)

    def test_policy_must_be_a_policy(self) -> None:
        """policy= takes a Policy."""
        with pytest.raises(InvalidArgument):
            from_json(to_json(rich_case()), policy="french_default")  # type: ignore[call-overload]


Mutation = Callable[[dict[str, Any]], None]


def _set(*path: Any, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return mutate


def _delete(*path: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


# rich_history(): 0 opening, 3 payment, 5 promise, 8 credit note, 11 notice, 17 plan.
CASE_ERRORS: list[tuple[str, Mutation, str]] = [
    ("amount text", _set("events", 3, "amount", value="abc"), "/events/3/amount"),
    ("amount float", _set("events", 3, "amount", value=12.5), "/events/3/amount"),
    ("amount int", _set("events", 3, "amount", value=12), "/events/3/amount"),
    ("amount negative", _set("events", 3, "amount", value="-1"), "/events/3/amount"),
    ("amount zero", _set("events", 3, "amount", value="0"), "/events/3/amount"),
    ("amount too big", _set("events", 3, "amount", value="1" + "0" * 16), "/events/3/amount"),
    ("amount exponent", _set("events", 3, "amount", value="1E3"), "/events/3/amount"),
    ("date impossible", _set("events", 2, "on", value="2025-02-30"), "/events/2/on"),
    ("date slashes", _set("events", 2, "on", value="2025/04/05"), "/events/2/on"),
    ("date number", _set("events", 2, "on", value=20250405), "/events/2/on"),
    ("date null", _set("events", 2, "on", value=None), "/events/2/on"),
    ("enum unknown", _set("events", 2, "channel", value="fax"), "/events/2/channel"),
    ("enum wrong case", _set("events", 12, "outcome", value="RECEIVED"), "/events/12/outcome"),
    ("event type unknown", _set("events", 4, "type", value="Phoned"), "/events/4/type"),
    ("event type missing", _delete("events", 4, "type"), "/events/4/type"),
    ("field missing", _delete("events", 3, "on"), "/events/3/on"),
    ("field unknown", _set("events", 3, "colour", value="red"), "/events/3/colour"),
    ("text not text", _set("events", 6, "note", value=7), "/events/6/note"),
    ("bool not text", _set("events", 2, "step", value=True), "/events/2/step"),
    ("events not a list", _set("events", value={}), "/events"),
    ("event not an object", _set("events", 2, value="contact"), "/events/2"),
    (
        "instalment amount",
        _set("events", 17, "instalments", 1, "amount", value="x"),
        "/events/17/instalments/1/amount",
    ),
    ("instalments empty", _set("events", 17, "instalments", value=[]), "/events/17/instalments"),
    (
        "instalments not in order",
        _set("events", 17, "instalments", 1, "on", value="2025-07-01"),
        "/events/17/instalments/1/on",
    ),
    ("promise ends before", _set("events", 5, "until", value="2025-04-01"), "/events/5/until"),
    ("currency unknown", _set("events", 0, "currency", value="EURO"), "/events/0/currency"),
    ("too many decimals", _set("events", 0, "amount", value="10000.001"), "/events/0/amount"),
    ("opened before issued", _set("events", 0, "issued_on", value="2025-03-02"), "/events/0/on"),
    ("segment unknown", _set("events", 0, "segment", value="vip"), "/events/0/segment"),
    ("events out of order", _set("events", 9, "on", value="2025-01-01"), "/events/9"),
    ("first not an opening", _delete("events", 0), "/events"),
    ("stage unknown", _set("stages", 1, value="late"), "/stages/1"),
    ("stages going back", _set("stages", 12, value="amicable"), "/stages/12"),
    ("stages too few", _delete("stages", 4), "/stages"),
    ("stages missing", _delete("stages"), "/stages"),
    ("NaN", _set("events", 3, "amount", value=float("nan")), "/events/3/amount"),
]


class TestMalformedCase:
    @pytest.mark.parametrize(
        ("mutate", "path"), [(m, p) for _, m, p in CASE_ERRORS], ids=[n for n, _, _ in CASE_ERRORS]
    )
    def test_error_names_the_path(self, mutate: Mutation, path: str) -> None:
        """Each invalid value is reported at its JSON pointer, with schema version 1."""
        data = doc(rich_case())
        mutate(data)
        error = error_of(data)
        assert (path, SCHEMA_VERSION) == (error.path, error.schema_version)

    def test_reason_says_what_was_got_and_what_is_accepted(self) -> None:
        """The reason names the accepted values and what was received."""
        data = doc(rich_case())
        data["events"][12]["outcome"] = "lost"
        reason = error_of(data).reason
        expected = (
            "expected a Delivery: one of 'received', 'unclaimed', 'refused'; got the text 'lost'"
        )
        assert expected == reason

    def test_domain_message_is_kept(self) -> None:
        """An error from a constructor keeps its message and is chained."""
        data = doc(rich_case())
        data["events"][3]["amount"] = "0"
        error = error_of(data)
        assert "more than zero" in error.reason
        assert isinstance(error.__cause__, DunningError)

    def test_duplicate_keys_are_refused(self) -> None:
        """A key given twice (JSON keeps the last silently) is refused at its path."""
        text = to_json(PaymentReceived(date(2025, 4, 8), "1"), indent=None)
        text = text.replace('"on":', '"on":"2025-01-01","on":')
        assert "/on" == error_of(text).path

    def test_the_error_is_a_dunning_error_and_a_value_error(self) -> None:
        """SerializationError is caught as DunningError and as ValueError."""
        error = error_of("{")
        assert isinstance(error, DunningError)
        assert isinstance(error, ValueError)

    def test_keys_with_slashes_are_escaped(self) -> None:
        """An unknown key is named by an RFC 6901 pointer."""
        data = doc(Money("1"))
        data["a/b~c"] = 1
        assert "/a~1b~0c" == error_of(data).path


class TestMalformedDocument:
    @pytest.mark.parametrize(
        ("text", "path"),
        [
            ("{", ""),
            ("", ""),
            ("[1, 2]", ""),
            ("null", ""),
            ('{"type": "Case"}', "/schema"),
            ('{"schema": "other/1", "type": "Case"}', "/schema"),
            ('{"schema": 1, "type": "Case"}', "/schema"),
            ('{"schema": "dunning-core/one", "type": "Case"}', "/schema"),
            ('{"schema": "dunning-core/0", "type": "Case"}', "/schema"),
            ('{"schema": "dunning-core/1"}', "/type"),
            ('{"schema": "dunning-core/1", "type": "Invoice"}', "/type"),
            ('{"schema": "dunning-core/1", "type": 3}', "/type"),
            ('{"schema": "dunning-core/1", "type": "Events"}', "/events"),
            ('{"schema": "dunning-core/1", "type": "Events", "events": [], "x": 1}', "/x"),
            (
                '{"schema": "dunning-core/1", "type": "Money", "amount": "1", "currency": "X"}',
                "/currency",
            ),
            ('{"schema": "dunning-core/1", "type": "Money", "amount": NaN}', "/amount"),
            ('{"schema": "dunning-core/1", "type": "Money", "amount": Infinity}', "/amount"),
        ],
    )
    def test_error_path(self, text: str, path: str) -> None:
        """Malformed documents are refused at the right path."""
        assert path == error_of(text).path

    def test_newer_schema_names_its_version(self) -> None:
        """A document of a newer schema says so and carries its version."""
        error = error_of('{"schema": "dunning-core/6", "type": "Case", "whatever": []}')
        assert ("/schema", 6) == (error.path, error.schema_version)
        assert "upgrade dunning-core" in error.reason

    def test_not_json_says_where(self) -> None:
        """Malformed JSON names the line and column."""
        assert "line 1, column 2" in error_of("{").reason

    @pytest.mark.parametrize("value", [12, None, ["{}"], b"\xff\xfe"])
    def test_not_text(self, value: Any) -> None:
        """Only str and UTF-8 bytes are read."""
        with pytest.raises(SerializationError) as info:
            from_json(value)
        assert "" == info.value.path

    def test_from_data_needs_a_dict(self) -> None:
        """from_data refuses anything but an object."""
        with pytest.raises(SerializationError):
            from_data([])

    @pytest.mark.parametrize("digits", [10, 4300, 100_000])
    def test_huge_schema_version_is_a_serialization_error(self, digits: int) -> None:
        """A version of thousands of digits is refused by the library (int() would raise)."""
        error = error_of('{"schema": "dunning-core/' + "9" * digits + '", "type": "Case"}')
        assert "/schema" == error.path
        assert f"({digits} digits)" in error.reason
        assert len(str(error)) < 300

    @pytest.mark.parametrize("version", ["01", "001", "0" * 5000 + "1", "00"])
    def test_a_version_with_leading_zeros_is_not_guessed(self, version: str) -> None:
        """No dunning-core writes "dunning-core/01": it is unreadable, not read as version 1."""
        error = error_of('{"schema": "dunning-core/' + version + '", "type": "Money"}')
        assert "/schema" == error.path
        assert "unreadable schema version" in error.reason
        assert len(str(error)) < 300

    def test_deep_nesting_is_refused_cleanly(self) -> None:
        """Absurdly nested JSON is a SerializationError, not a RecursionError."""
        text = "[" * 100_000 + "]" * 100_000
        assert "" == error_of(text).path


class TestMalformedPolicy:
    @pytest.mark.parametrize(
        ("mutate", "path"),
        [
            (_set("steps", 3, "offset", value=-4), "/steps/3"),
            (_set("steps", 3, "offset", value="5"), "/steps/3/offset"),
            (_set("steps", 3, "offset", value=True), "/steps/3/offset"),
            (_set("steps", 3, "channel", value="fax"), "/steps/3/channel"),
            (_set("steps", 3, "segments", value=[]), "/steps/3/segments"),
            (_set("steps", 3, "segments", value=["standard", "standard"]), "/steps/3/segments/1"),
            (_set("steps", 3, "name", value="not a name"), "/steps/3/name"),
            (_set("steps", 3, "article", value={"code": "X", "number": "1"}), "/steps/3/article"),
            (_set("steps", 3, "article", value={"code": "X"}), "/steps/3/article/number"),
            (
                _set("steps", 3, "article", value={"code": "X", "number": "1", "url": "u"}),
                "/steps/3/article/title",
            ),
            (_set("min_gap_days", value=1000), "/min_gap_days"),
            (_set("min_gap_days", value=1.5), "/min_gap_days"),
            (_set("alsace_moselle", value="no"), "/alsace_moselle"),
            (_set("caps", 0, "limit", value=-1), "/caps/0/limit"),
            (_set("basis", "kind", value="usury"), "/basis/kind"),
            (_set("basis", "rate", value="3"), "/basis/rate"),
            (_set("formal_notice_deadline_days", value=30), "/formal_notice_deadline_days"),
            (_set("steps", value=[]), "/steps"),
        ],
    )
    def test_error_path(self, mutate: Mutation, path: str) -> None:
        """A policy document that cannot work is refused at the right path."""
        data = doc(POLICY)
        mutate(data)
        assert path == error_of(data).path

    def test_missing_fields_with_defaults_take_them(self) -> None:
        """Fields with a default may be left out."""
        data = {"schema": SCHEMA, "type": "Policy", "steps": doc(POLICY)["steps"]}
        policy = from_data(data, Policy)
        assert (3, POLICY.steps) == (policy.min_gap_days, policy.steps)


class TestToJsonErrors:
    @pytest.mark.parametrize("value", [12, "Case", object(), [1, 2], {"type": "Case"}])
    def test_unsupported_value(self, value: Any) -> None:
        """Only the library's values (or lists of events) are written."""
        with pytest.raises(InvalidArgument):
            to_json(value)

    def test_bad_indent(self) -> None:
        """indent is a number of spaces or None."""
        with pytest.raises(InvalidArgument):
            to_json(Money("1"), indent=True)


class TestCompat:
    """Documents of schema 1, pinned in tests/compat/: they keep loading, byte for byte."""

    @pytest.mark.parametrize("name", sorted(set(compat_values()) - RENAMED_IN_V4))
    def test_pinned_document_loads_and_round_trips(self, name: str) -> None:
        """The file reads back and is written again exactly as it is stored."""
        text = (COMPAT / f"{name}.json").read_text(encoding="utf-8")
        value = from_json(text)
        assert text == to_json(value) + "\n"

    @pytest.mark.parametrize("name", sorted(RENAMED_IN_V4))
    def test_pinned_reason_is_written_back_as_note(self, name: str) -> None:
        """A file of version 1 holding a dispute or a write-off loads, its ``reason`` read as the
        note; it is written back as version 4, the same document but for that name."""
        text = (COMPAT / f"{name}.json").read_text(encoding="utf-8")
        old = json.loads(text)
        assert "dunning-core/1" == old["schema"]
        assert '"reason"' in text
        assert upgraded_to_v4(old) == to_data(from_json(text))

    def test_reason_and_note_each_in_its_own_versions(self) -> None:
        """Before version 4 the free text of a dispute is ``reason``, from 4 on ``note``: each
        name is refused in the other's versions (nothing is read twice or guessed)."""
        event = {"type": "DisputeOpened", "on": "2025-04-28"}
        old = {"schema": "dunning-core/3", **event, "reason": "prix"}
        new = {"schema": "dunning-core/4", **event, "note": "prix"}
        assert from_data(old) == from_data(new) == DisputeOpened(date(2025, 4, 28), "prix")
        with_note = error_of({**old, "note": "prix"})
        assert ("/note", "unknown field 'note'; accepted: on, reason") == (
            with_note.path,
            with_note.reason,
        )
        assert "/reason" == error_of({**new, "reason": "prix"}).path
        # an old file's errors name the field as the file does
        case = json.loads((COMPAT / "case_v1.json").read_text(encoding="utf-8"))
        case["events"][6]["reason"] = 7
        assert "/events/6/reason" == error_of(case).path
        case["events"][6]["reason"] = "x" * 1001
        assert "/events/6/reason" == error_of(case).path

    @pytest.mark.parametrize("name", sorted(compat_values()))
    def test_pinned_document_is_the_pinned_value(self, name: str) -> None:
        """The file holds the value built in this module (the policy: french_default of 0.1)."""
        text = (COMPAT / f"{name}.json").read_text(encoding="utf-8")
        assert compat_values()[name] == from_json(text)

    def test_every_file_is_tested(self) -> None:
        """No compat file is left unchecked."""
        assert sorted(compat_values()) == sorted(p.stem for p in COMPAT.glob("*.json"))

    def test_the_pinned_case_is_what_replay_gives(self) -> None:
        """
        The pinned case: judicial, 4 000 € left after payments, a credit note and a plan.  It
        loads as it was written; checked against the policy, its hand-over on the formal
        notice's deadline day (2 June 2025) is now refused (the debtor has until the end of
        that day, CPC 642), and the same history handed over the next day replays to the same
        figures.
        """
        case = from_json((COMPAT / "case_v1.json").read_text(encoding="utf-8"), Case)
        # 10 000 - 1 500 - 500 (credit note) - 4 000 (first instalment) = 4 000
        assert (Stage.JUDICIAL, Decimal("4000.00")) == (case.stage, case.balance)
        assert case == from_json(to_json(case)) == pinned_rich_case()
        with pytest.raises(SerializationError, match="until the end of 2025-06-02") as caught:
            from_json(to_json(case), policy=POLICY)
        assert "/events/14" == caught.value.path
        replayed = from_json(to_json(rich_case()), policy=POLICY)
        assert (case.stage, case.balance, case.stages) == (
            replayed.stage,
            replayed.balance,
            replayed.stages,
        )
