"""Tests of dunning_core.policy: channels, stages, steps, caps, segments, validation, the default."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from dunning_core.errors import ArgumentTypeError, PolicyError
from dunning_core.interest import PenaltyBasis
from dunning_core.law import CIV_1344, CPC_1405, PRACTICE, Article
from dunning_core.policy import (
    HARD_MAX_AMICABLE_DAYS,
    Backlog,
    Cap,
    Channel,
    DebtorSegment,
    Policy,
    Stage,
    Step,
    StepKind,
    french_default,
    validate_policy,
)

A = Stage.AMICABLE
F = Stage.FORMAL_NOTICE


def _notice(name: str = "notice", offset: int = 45, **kwargs: object) -> Step:
    return Step(name, F, Channel.REGISTERED_LETTER, offset, kind=StepKind.FORMAL_NOTICE, **kwargs)  # type: ignore[arg-type]


def _policy(*steps: Step, **kwargs: object) -> Policy:
    return Policy(steps=steps, **kwargs)  # type: ignore[arg-type]


class TestChannel:
    def test_registered(self) -> None:
        """The LRAR, the LRE and service by a commissaire de justice give a dated proof of
        delivery (the channels of a formal notice, C. civ. 1344); only the last is served,
        delivered on the day of its act (CPC 653)."""
        assert {
            Channel.REGISTERED_LETTER,
            Channel.ELECTRONIC_REGISTERED_LETTER,
            Channel.COMMISSAIRE_DE_JUSTICE,
        } == {c for c in Channel if c.registered}
        assert {Channel.COMMISSAIRE_DE_JUSTICE} == {c for c in Channel if c.served}

    def test_a_new_channel_comes_last(self) -> None:
        """Frames and portfolio files code a channel by its place: the new one is appended."""
        assert ["email", "phone", "sms", "letter", "registered_letter"] == [
            c.value for c in list(Channel)[:5]
        ]
        assert Channel.COMMISSAIRE_DE_JUSTICE is list(Channel)[-1]

    def test_labels_are_french(self) -> None:
        """Every channel has a French label."""
        assert "lettre recommandée avec accusé de réception" == Channel.REGISTERED_LETTER.label
        assert all(c.label for c in Channel)


class TestStage:
    def test_ranks_follow_the_process(self) -> None:
        """Ranks grow from preventive to judicial; the terminal stages share the top rank."""
        process = [
            Stage.PREVENTIVE,
            Stage.AMICABLE,
            Stage.FORMAL_NOTICE,
            Stage.ALTERNATIVE_RESOLUTION,
            Stage.LITIGATION,
            Stage.JUDICIAL,
        ]
        assert list(range(6)) == [s.rank for s in process]
        assert {6} == {s.rank for s in Stage if s.terminal}

    def test_terminal_stages(self) -> None:
        """Paid, settled and written off are the terminal stages."""
        assert {Stage.PAID, Stage.SETTLED, Stage.WRITTEN_OFF} == {s for s in Stage if s.terminal}

    def test_str_is_the_value(self) -> None:
        """str() of a stage is its value, for messages."""
        assert "formal_notice" == str(Stage.FORMAL_NOTICE)
        assert "mise en demeure" == Stage.FORMAL_NOTICE.label


class TestDebtorSegment:
    @pytest.mark.parametrize(
        ("flags", "expected"),
        [
            ({}, DebtorSegment.STANDARD),
            ({"high_risk": True}, DebtorSegment.HIGH_RISK),
            ({"new_unresponsive": True, "high_risk": True}, DebtorSegment.NEW_UNRESPONSIVE),
            ({"public_body": True, "new_unresponsive": True}, DebtorSegment.PUBLIC_BODY),
            ({"consumer": True, "public_body": True}, DebtorSegment.CONSUMER),
        ],
    )
    def test_of_priority(self, flags: dict[str, bool], expected: DebtorSegment) -> None:
        """The legal status wins over behaviour, and behaviour over risk."""
        assert expected == DebtorSegment.of(**flags)


class TestStep:
    def test_defaults(self) -> None:
        """A step is a reminder for every segment, from any amount, its template its name."""
        step = Step("reminder_1", A, Channel.EMAIL, 5)
        assert (
            StepKind.REMINDER,
            frozenset(DebtorSegment),
            Decimal(0),
            "reminder_1",
            PRACTICE,
        ) == (
            step.kind,
            step.segments,
            step.min_amount,
            step.template,
            step.article,
        )

    def test_applies_to_segment_and_amount(self) -> None:
        """A step applies to its segments and to invoices of at least its minimum amount."""
        step = Step("s", A, Channel.PHONE, 2, segments=[DebtorSegment.HIGH_RISK], min_amount="500")
        assert step.applies_to(DebtorSegment.HIGH_RISK, Decimal("500"))
        assert not step.applies_to(DebtorSegment.HIGH_RISK, Decimal("499.99"))
        assert not step.applies_to(DebtorSegment.STANDARD, Decimal("500"))

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"name": "not a name"}, "name"),
            ({"offset": 10_000}, "offset"),
            ({"min_amount": 10.0}, "min_amount"),
            ({"segments": []}, "segments"),
        ],
    )
    def test_bad_fields(self, kwargs: dict[str, object], field: str) -> None:
        """Each field refuses a value it cannot hold with a PolicyError naming it."""
        args: dict[str, object] = {"name": "s", "stage": A, "channel": Channel.EMAIL, "offset": 5}
        args.update(kwargs)
        with pytest.raises(PolicyError) as info:
            Step(**args)  # type: ignore[arg-type]
        assert field == info.value.field

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"name": 3}, "name"),
            ({"stage": "amicable"}, "stage"),
            ({"channel": "email"}, "channel"),
            ({"offset": 1.5}, "offset"),
            ({"offset": True}, "offset"),
            ({"segments": ["standard"]}, "segments[0]"),
            ({"kind": "reminder"}, "kind"),
            ({"article": "L441-10"}, "article"),
            ({"business_days": 1}, "business_days"),
        ],
    )
    def test_wrong_types(self, kwargs: dict[str, object], field: str) -> None:
        """A value of the wrong type is an ArgumentTypeError (a TypeError), as everywhere."""
        args: dict[str, object] = {"name": "s", "stage": A, "channel": Channel.EMAIL, "offset": 5}
        args.update(kwargs)
        with pytest.raises(ArgumentTypeError) as info:
            Step(**args)  # type: ignore[arg-type]
        assert field == info.value.name


class TestFrenchDefault:
    def test_amicable_caps_from_seed_000(self) -> None:
        """Amicable: 3 calls, 3 e-mails, 2 letters (seed 000); the pre-reminder counted apart."""
        p = french_default()
        assert (3, 3, 2) == (
            p.cap(A, Channel.PHONE),
            p.cap(A, Channel.EMAIL),
            p.cap(A, Channel.LETTER),
        )
        assert 1 == p.cap(Stage.PREVENTIVE, Channel.EMAIL)
        assert p.cap(A, Channel.SMS) is None

    def test_formal_notice(self) -> None:
        """The formal notice goes by LRAR 36–50 days late (seed 003) with 15 days (seed 000)."""
        p = french_default()
        step = p.step("formal_notice")
        assert (StepKind.FORMAL_NOTICE, Channel.REGISTERED_LETTER, CIV_1344) == (
            step.kind,
            step.channel,
            step.article,
        )
        assert 36 <= step.offset <= 50
        assert (15, 15) == (p.formal_notice_deadline_days, p.formal_notice_max_days)

    def test_phase_lengths_and_basis(self) -> None:
        """Amicable phase 60 days (seed 004), statutory penalties, sequential backlog."""
        p = french_default()
        assert (60, Backlog.SEQUENTIAL, PenaltyBasis.STATUTORY) == (
            p.max_amicable_days,
            p.backlog,
            p.basis,
        )

    def test_pre_reminder_for_large_invoices_before_due(self) -> None:
        """The pre-reminder comes before the due date, only for large invoices (seed 000)."""
        step = french_default().step("pre_reminder")
        assert Stage.PREVENTIVE == step.stage
        assert step.offset < 0
        assert Decimal(1000) == step.min_amount
        names = [s.name for s in french_default().schedule(DebtorSegment.STANDARD, Decimal(999))]
        assert "pre_reminder" not in names

    def test_standard_schedule(self) -> None:
        """The standard schedule: pre-reminder, amicable reminders, notice, hand-over, claim."""
        schedule = [
            (s.name, s.offset)
            for s in french_default().schedule(DebtorSegment.STANDARD)
            if s.kind is not StepKind.PENALTY_CLAIM  # after a late payment, outside the ladder
        ]
        assert [
            ("pre_reminder", -5),
            ("reminder_email_1", 5),
            ("reminder_call_1", 10),
            ("reminder_letter_1", 20),
            ("reminder_email_2", 25),
            ("reminder_call_2", 30),
            ("reminder_letter_2", 35),
            ("reminder_call_3", 40),
            ("formal_notice", 45),
            ("hand_over", 60),
            ("court_claim", 75),
        ] == schedule

    def test_high_risk_called_first(self) -> None:
        """A high-risk debtor's first amicable contact is a call, earlier than anyone's."""
        steps = french_default().schedule(DebtorSegment.HIGH_RISK)
        first = next(s for s in steps if s.stage is A)
        assert (Channel.PHONE, 2) == (first.channel, first.offset)

    def test_public_body_gets_no_letter(self) -> None:
        """A public body is called, not written to (seed 004)."""
        steps = french_default().schedule(DebtorSegment.PUBLIC_BODY)
        channels = {s.channel for s in steps if s.kind is not StepKind.PENALTY_CLAIM}
        assert Channel.LETTER not in channels
        assert Channel.PHONE in channels
        first = next(s for s in steps if s.stage is A and s.kind is StepKind.REMINDER)
        assert Channel.PHONE == first.channel  # seed 004: the first amicable contact is a call

    def test_new_unresponsive_straight_to_phone_then_notice(self) -> None:
        """A new client who never answers gets calls only, then an early formal notice."""
        steps = french_default().schedule(DebtorSegment.NEW_UNRESPONSIVE)
        amicable = [s for s in steps if s.stage is A and s.kind is not StepKind.PENALTY_CLAIM]
        assert {Channel.PHONE} == {s.channel for s in amicable}
        notice = next(s for s in steps if s.kind is StepKind.FORMAL_NOTICE)
        assert notice.offset < french_default().step("formal_notice").offset

    def test_every_step_cites_a_rule(self) -> None:
        """Every step carries an Article; the claim cites CPC 1405."""
        p = french_default()
        assert all(isinstance(s.article, Article) for s in p.steps)
        assert CPC_1405 == p.step("court_claim").article

    def test_equal_and_hashable(self) -> None:
        """Two default policies are equal and hash alike (a frozen value)."""
        assert french_default() == french_default()
        assert hash(french_default()) == hash(french_default())


class TestAccessors:
    def test_step_unknown(self) -> None:
        """Asking for an unknown step raises a PolicyError naming it."""
        with pytest.raises(PolicyError, match="no step is called 'nope'"):
            french_default().step("nope")

    def test_position(self) -> None:
        """position() is the index in the segment's schedule, -1 when absent."""
        p = french_default()
        assert 0 == p.position(DebtorSegment.STANDARD, "pre_reminder")
        assert -1 == p.position(DebtorSegment.STANDARD, "early_call")

    def test_plan_table_matches_schedule(self) -> None:
        """The planner's rows list the same steps as the schedule."""
        p = french_default()
        for segment in DebtorSegment:
            assert p.schedule(segment) == tuple(row.step for row in p.plan_table(segment))

    def test_caps_from_mapping(self) -> None:
        """Caps may be given as a mapping {(stage, channel): limit}."""
        p = _policy(Step("r", A, Channel.EMAIL, 5), caps={(A, Channel.EMAIL): 1})
        assert (Cap(A, Channel.EMAIL, 1),) == p.caps


class TestValidatePolicy:
    def test_default_is_valid(self) -> None:
        """The default policy passes validation and is returned as is."""
        p = french_default()
        assert p is validate_policy(p)

    def test_not_a_policy(self) -> None:
        """validate_policy refuses what is not a Policy."""
        with pytest.raises(ArgumentTypeError, match="a Policy such as french_default"):
            validate_policy({"steps": []})  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("build", "field", "words"),
        [
            (lambda: _policy(), "steps", "at least one step"),
            (
                lambda: _policy(Step("a", A, Channel.EMAIL, 5), Step("a", A, Channel.PHONE, 6)),
                "steps[a]",
                "unique",
            ),
            (
                lambda: _policy(Step("a", A, Channel.EMAIL, 9), Step("b", A, Channel.PHONE, 6)),
                "steps[b]",
                "listed by offset",
            ),
            (
                lambda: _policy(_notice(offset=20), Step("late", A, Channel.PHONE, 30)),
                "steps[late]",
                "out of order",
            ),
            (
                lambda: _policy(Step("n", F, Channel.LETTER, 45, kind=StepKind.FORMAL_NOTICE)),
                "steps[n]",
                "registered letter",
            ),
            (
                lambda: _policy(
                    Step("a", A, Channel.LETTER, 5),
                    Step("b", A, Channel.LETTER, 10),
                    caps=[Cap(A, Channel.LETTER, 1)],
                ),
                "steps[b]",
                "beyond its cap",
            ),
            (
                lambda: _policy(_notice(), formal_notice_deadline_days=20),
                "formal_notice_deadline_days",
                "at most formal_notice_max_days",
            ),
            (
                lambda: _policy(_notice(), max_amicable_days=HARD_MAX_AMICABLE_DAYS + 1),
                "max_amicable_days",
                "between 1 and 90",
            ),
            (
                lambda: _policy(Step("late", A, Channel.EMAIL, 70)),
                "steps[late]",
                "max_amicable_days",
            ),
            (
                lambda: _policy(Step("pre", Stage.PREVENTIVE, Channel.EMAIL, 3)),
                "steps[pre]",
                "on or before the due date",
            ),
            (
                lambda: _policy(Step("early", A, Channel.EMAIL, 0)),
                "steps[early]",
                "only preventive steps",
            ),
            (
                lambda: _policy(Step("x", Stage.PAID, Channel.EMAIL, 5)),
                "steps[x]",
                "entered by an event",
            ),
            (
                lambda: _policy(_notice("n1", 40), _notice("n2", 45)),
                "steps[n2]",
                "two formal-notice steps",
            ),
            (
                lambda: _policy(Step("h", Stage.LITIGATION, None, 60, kind=StepKind.HAND_OVER)),
                "steps[h]",
                "without a formal notice",
            ),
            (
                lambda: _policy(Step("last_call", F, Channel.PHONE, 44), _notice()),
                "steps[last_call]",
                "before the formal notice itself",
            ),
            (
                lambda: _policy(
                    _notice(),
                    Step("h", Stage.LITIGATION, Channel.PHONE, 60, kind=StepKind.HAND_OVER),
                ),
                "steps[h]",
                "not a contact",
            ),
            (
                lambda: _policy(Step("r", A, None, 5)),
                "steps[r]",
                "needs a channel",
            ),
            (
                lambda: _policy(
                    _notice(),
                    caps=[Cap(A, Channel.EMAIL, 1), Cap(A, Channel.EMAIL, 2)],
                ),
                "caps",
                "two caps",
            ),
            (
                lambda: _policy(_notice(), caps=[Cap(Stage.PAID, Channel.EMAIL, 1)]),
                "caps",
                "terminal",
            ),
            (lambda: _policy(_notice(), min_gap_days=-1), "min_gap_days", "between"),
        ],
    )
    def test_impossible_policies(self, build: object, field: str, words: str) -> None:
        """Each impossible policy raises a PolicyError naming the field and the broken rule."""
        with pytest.raises(PolicyError) as info:
            build()  # type: ignore[operator]
        assert field == info.value.field
        assert words in info.value.rule

    @pytest.mark.parametrize(
        ("build", "field", "words"),
        [
            (lambda: _policy(_notice(), basis="statutory"), "basis", "PenaltyBasis"),
            (lambda: _policy(_notice(), backlog="sequential"), "backlog", "Backlog"),
            (lambda: _policy("not steps"), "steps[0]", "a Step"),
            (lambda: _policy(_notice(), min_gap_days="3"), "min_gap_days", "between"),
        ],
    )
    def test_wrong_types(self, build: object, field: str, words: str) -> None:
        """A field of the wrong type is an ArgumentTypeError naming it and what is accepted."""
        with pytest.raises(ArgumentTypeError) as info:
            build()  # type: ignore[operator]
        assert field == info.value.name
        assert words in info.value.reason

    def test_evolve_validates(self) -> None:
        """attrs.evolve goes through validation too: nothing is half-built."""
        with pytest.raises(PolicyError, match="formal_notice_deadline_days"):
            attrs.evolve(french_default(), formal_notice_deadline_days=30)

    def test_raising_the_maximum_allows_a_longer_deadline(self) -> None:
        """A 30-day deadline is accepted once the policy's maximum allows it."""
        p = attrs.evolve(
            french_default(), formal_notice_max_days=30, formal_notice_deadline_days=30
        )
        assert 30 == p.formal_notice_deadline_days

    def test_ninety_day_amicable_phase_is_allowed(self) -> None:
        """Seed 004 allows up to 90 days of amicable dunning."""
        assert 90 == attrs.evolve(french_default(), max_amicable_days=90).max_amicable_days

    def test_electronic_registered_letter_is_a_valid_notice(self) -> None:
        """A formal notice by LRE is accepted (seed 003)."""
        step = Step("n", F, Channel.ELECTRONIC_REGISTERED_LETTER, 45, kind=StepKind.FORMAL_NOTICE)
        assert (step,) == _policy(step).steps
