"""
Bad arguments raise a DunningError (and a TypeError when the problem is a type), never a raw
builtin error; portfolio analytics work, or refuse clearly, at both ends of the date range.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dunning_core.errors import (
    ArgumentTypeError,
    DateTypeError,
    DunningError,
    InvalidDate,
    PolicyError,
)
from dunning_core.letters import LetterKind, LetterTemplate, default_template
from dunning_core.machine import (
    Case,
    PaymentReceived,
    apply,
    claim_checklist,
    claim_procedure,
    formal_notice_deadline,
)
from dunning_core.policy import Cap, Channel, Policy, Stage, Step, french_default
from dunning_core.portfolio import (
    ageing,
    amounts_by_stage,
    cei,
    claimable_penalties,
    dso,
    portfolio_report,
)
from dunning_core.portfolio_io import dump_portfolio, plan_portfolio, read_portfolio
from dunning_core.rates import RateBook, RatePeriod, RateTable, default_rates

POLICY = french_default()
DAY = date(2024, 3, 1)
CASE = Case.open("F-1", "1000", date(2024, 1, 10), due_on=date(2024, 2, 9))
PERIOD = RatePeriod(date(2026, 1, 1), date(2026, 6, 30), "2.62", "arrêté")
BOOK = default_rates()
TEMPLATE = default_template(LetterKind.FORMAL_NOTICE)

# --- 1. portfolio analytics at the ends of the date range -----------------------------------------

_METRICS: dict[str, Callable[..., Any]] = {
    "ageing": ageing,
    "dso": dso,
    "cei": cei,
    "amounts_by_stage": amounts_by_stage,
    "claimable_penalties": claimable_penalties,
    "portfolio_report": portfolio_report,
}
_PERIODS = ("dso", "cei", "portfolio_report")


def _paid_late_in_the_calendar() -> Case:
    """Paid in 9996: five years after that is past 9999-12-31."""
    case = Case.open("F-9", "500", date(9996, 1, 1), due_on=date(9996, 1, 31))
    return apply(case, PaymentReceived(date(9996, 3, 1), "500"), POLICY)


EDGE_CASES = (
    CASE,
    Case.open("F-0", "700", date.min, due_on=date(1, 1, 31)),
    Case.open("F-M", "300", date(9999, 12, 1), due_on=date.max),
    _paid_late_in_the_calendar(),
)


@pytest.mark.parametrize("name", sorted(_METRICS))
@given(today=st.dates(), period=st.integers(1, 3660))
@example(today=date.min, period=90)
@example(today=date.max, period=90)
@example(today=date(1, 3, 1), period=90)
@example(today=date(1, 3, 31), period=89)
@example(today=date(1, 6, 1), period=1)
def test_metrics_raise_only_dunning_errors(name: str, today: date, period: int) -> None:
    """On any day from 0001-01-01 to 9999-12-31: a result or a DunningError, never an overflow."""
    metric = _METRICS[name]
    kwargs = {"period_days": period} if name in _PERIODS else {}
    if name in _PERIODS and period > (today - date.min).days:
        with pytest.raises(InvalidDate, match="would start before 0001-01-01"):
            metric(EDGE_CASES, today, **kwargs)
    else:
        assert date.min <= metric(EDGE_CASES, today, **kwargs).as_of <= date.max


@pytest.mark.parametrize("name", _PERIODS)
def test_a_period_before_the_first_date_is_refused_clearly(name: str) -> None:
    """dso, cei and the report refuse a period starting before 0001-01-01 and say what fits."""
    with pytest.raises(InvalidDate, match=r"before 0001-01-01.*at most 59"):
        _METRICS[name]([CASE], date(1, 3, 1))


def test_the_longest_period_that_exists_is_computed() -> None:
    """A period whose day before is 0001-01-01 exists, and is computed."""
    assert date.min == dso([CASE], date(1, 3, 1), period_days=59).period_start
    assert date.min == cei([CASE], date(1, 3, 1), period_days=59).period_start


@pytest.mark.parametrize("name", ["claimable_penalties", "portfolio_report"])
def test_penalties_on_the_last_date(name: str) -> None:
    """On 9999-12-31 the case is read whole (no day after it is computed)."""
    result = _METRICS[name]([CASE], date.max)
    penalties = result if name == "claimable_penalties" else result.penalties
    assert date.max == penalties.as_of


def test_prescription_past_the_last_date() -> None:
    """Paid in 9996, five years later is after 9999-12-31: never prescribed, never raising."""
    penalties = claimable_penalties([_paid_late_in_the_calendar()], date.max)
    assert 0 == penalties.prescribed


def test_count_back_stops_at_the_first_date() -> None:
    """The count-back's last month is cut at 0001-01-01 instead of raising."""
    case = Case.open("F-0", "700", date.min, due_on=date(1, 1, 31))
    result = dso([case], date(1, 6, 1), period_days=30)
    # Jun, May, Apr, Mar, Feb back to 0001-01-01 (31 + 30 + 31 + 28 + 31 days), then 0001-01-01
    assert Decimal("152.0") == result.count_back


# --- 2. wrong types and None -----------------------------------------------------------------------


def _steps() -> tuple[Step, ...]:
    return POLICY.steps


BAD_CALLS: list[tuple[str, Callable[[], object], bool]] = [
    # machine: claim_checklist
    ("claim_checklist/case=None", lambda: claim_checklist(None, DAY, POLICY), True),  # type: ignore[arg-type]
    ("claim_checklist/policy=None", lambda: claim_checklist(CASE, DAY, None), True),  # type: ignore[arg-type]
    ("claim_checklist/on=None", lambda: claim_checklist(CASE, None, POLICY), True),  # type: ignore[arg-type]
    (
        "claim_checklist/procedure=str",
        lambda: claim_checklist(CASE, DAY, POLICY, "petites_creances"),  # type: ignore[arg-type]
        True,
    ),
    ("claim_checklist/procedure=None", lambda: claim_checklist(CASE, DAY, POLICY, None), True),  # type: ignore[arg-type]
    # machine: formal_notice_deadline, claim_procedure (issue 11: were raw TypeError/AttributeError)
    (
        "formal_notice_deadline/delivered_on=None",
        lambda: formal_notice_deadline(None, POLICY),  # type: ignore[arg-type]
        True,
    ),
    (
        "formal_notice_deadline/delivered_on=str",
        lambda: formal_notice_deadline("2024-03-01", POLICY),  # type: ignore[arg-type]
        True,
    ),
    ("formal_notice_deadline/policy=None", lambda: formal_notice_deadline(DAY, None), True),  # type: ignore[arg-type]
    ("claim_procedure/segment=str", lambda: claim_procedure("public_body"), True),  # type: ignore[arg-type]
    # policy: PolicyError, the module's error (a ValueError), for every field
    ("Policy/name=None", lambda: Policy(_steps(), name=None), False),  # type: ignore[arg-type]
    ("Policy/name=''", lambda: Policy(_steps(), name=""), False),
    ("Policy/name=int", lambda: Policy(_steps(), name=1), False),  # type: ignore[arg-type]
    ("Policy/alsace_moselle=None", lambda: Policy(_steps(), alsace_moselle=None), False),  # type: ignore[arg-type]
    ("Policy/steps=None", lambda: Policy(None), False),  # type: ignore[arg-type]
    ("Policy/caps=None", lambda: Policy(_steps(), caps=None), False),  # type: ignore[arg-type]
    ("Policy/min_gap_days=None", lambda: Policy(_steps(), min_gap_days=None), False),  # type: ignore[arg-type]
    ("Policy/backlog=None", lambda: Policy(_steps(), backlog=None), False),  # type: ignore[arg-type]
    ("Policy/basis=None", lambda: Policy(_steps(), basis=None), False),  # type: ignore[arg-type]
    ("Step/name=None", lambda: Step(None, Stage.AMICABLE, Channel.EMAIL, 5), False),  # type: ignore[arg-type]
    ("Step/stage=None", lambda: Step("s", None, Channel.EMAIL, 5), False),  # type: ignore[arg-type]
    ("Step/offset=None", lambda: Step("s", Stage.AMICABLE, Channel.EMAIL, None), False),  # type: ignore[arg-type]
    (
        "Step/business_days=None",
        lambda: Step("s", Stage.AMICABLE, Channel.EMAIL, 5, business_days=None),  # type: ignore[arg-type]
        False,
    ),
    (
        "Step/template=None",
        lambda: Step("s", Stage.AMICABLE, Channel.EMAIL, 5, template=None),  # type: ignore[arg-type]
        False,
    ),
    ("Step/template=''", lambda: Step("s", Stage.AMICABLE, Channel.EMAIL, 5, template=""), False),
    (
        "Step/min_amount=None",
        lambda: Step("s", Stage.AMICABLE, Channel.EMAIL, 5, min_amount=None),
        False,
    ),
    ("Cap/stage=None", lambda: Cap(None, Channel.EMAIL, 1), False),  # type: ignore[arg-type]
    ("Cap/channel=None", lambda: Cap(Stage.AMICABLE, None, 1), False),  # type: ignore[arg-type]
    ("Cap/limit=None", lambda: Cap(Stage.AMICABLE, Channel.EMAIL, None), False),  # type: ignore[arg-type]
    # portfolio_io
    ("plan_portfolio/cases=None", lambda: plan_portfolio(None, POLICY, DAY), True),  # type: ignore[arg-type]
    ("plan_portfolio/cases=[None]", lambda: plan_portfolio([None], POLICY, DAY), True),  # type: ignore[list-item]
    ("plan_portfolio/cases=Case", lambda: plan_portfolio(CASE, POLICY, DAY), True),  # type: ignore[arg-type]
    ("plan_portfolio/policy=None", lambda: plan_portfolio([CASE], None, DAY), True),  # type: ignore[arg-type]
    ("plan_portfolio/today=None", lambda: plan_portfolio([CASE], POLICY, None), True),  # type: ignore[arg-type]
    ("dump_portfolio/cases=None", lambda: dump_portfolio(None), True),  # type: ignore[arg-type]
    ("dump_portfolio/cases=[1]", lambda: dump_portfolio([1]), True),  # type: ignore[list-item]
    ("dump_portfolio/debtors=str", lambda: dump_portfolio([CASE], debtors="x"), True),  # type: ignore[arg-type]
    (
        "dump_portfolio/debtors={ref: None}",
        lambda: dump_portfolio([CASE], debtors={"F-1": None}),  # type: ignore[dict-item]
        True,
    ),
    ("dump_portfolio/format=None", lambda: dump_portfolio([CASE], format=None), False),  # type: ignore[arg-type]
    ("read_portfolio/text=None", lambda: read_portfolio(None), True),  # type: ignore[arg-type]
    ("read_portfolio/text=bytes", lambda: read_portfolio(b"bytes"), True),  # type: ignore[arg-type]
    ("read_portfolio/policy=str", lambda: read_portfolio("", policy="x"), True),  # type: ignore[arg-type]
    # rates
    ("RateTable/periods=None", lambda: RateTable("x", None), True),  # type: ignore[arg-type]
    ("RateTable/periods=str", lambda: RateTable("x", "abc"), True),  # type: ignore[arg-type]
    ("RateTable/series=None", lambda: RateTable(None, [PERIOD]), True),  # type: ignore[arg-type]
    ("RateTable/known_until=None", lambda: RateTable("x", [PERIOD], known_until=None), True),  # type: ignore[arg-type]
    ("RateTable/periods=[None]", lambda: RateTable("x", [None]), False),  # type: ignore[list-item]
    ("RatePeriod/start=None", lambda: RatePeriod(None, DAY, "1", "s"), True),  # type: ignore[arg-type]
    ("RatePeriod/end=None", lambda: RatePeriod(DAY, None, "1", "s"), True),  # type: ignore[arg-type]
    ("RatePeriod/rate=None", lambda: RatePeriod(DAY, DAY, None, "s"), True),
    ("RatePeriod/source=None", lambda: RatePeriod(DAY, DAY, "1", None), True),  # type: ignore[arg-type]
    ("RateBook/ecb=None", lambda: RateBook(None, BOOK.legal_consumer, BOOK.legal_other), True),  # type: ignore[arg-type]
    ("RateBook/legal_consumer=None", lambda: RateBook(BOOK.ecb, None, BOOK.legal_other), True),  # type: ignore[arg-type]
    ("RateBook/legal_other=None", lambda: RateBook(BOOK.ecb, BOOK.legal_consumer, None), True),  # type: ignore[arg-type]
    ("RateTable.from_csv/text=None", lambda: RateTable.from_csv(None, series="X"), True),  # type: ignore[arg-type]
    ("RateTable.from_csv/series=None", lambda: RateTable.from_csv("", series=None), True),  # type: ignore[arg-type]
    (
        "RateTable.from_csv/rate_column=int",
        lambda: RateTable.from_csv("", series="X", rate_column=1),  # type: ignore[arg-type]
        True,
    ),
    ("RateTable.covering/start=None", lambda: BOOK.ecb.covering(None, DAY), True),  # type: ignore[arg-type]
    ("RateTable.covering/end=None", lambda: BOOK.ecb.covering(DAY, None), True),  # type: ignore[arg-type]
    ("RateBook.table/None", lambda: BOOK.table(None), True),  # type: ignore[arg-type]
    ("RateBook.table/list", lambda: BOOK.table([]), True),  # type: ignore[arg-type]
    ("RateBook.with_table/None", lambda: BOOK.with_table(None), True),  # type: ignore[arg-type]
    (
        "RateBook.with_ecb_decision/source=None",
        lambda: BOOK.with_ecb_decision(date(2027, 1, 1), "2", source=None),  # type: ignore[arg-type]
        True,
    ),
    ("RateBook.extended_from_csv/None", lambda: BOOK.extended_from_csv(None), True),  # type: ignore[arg-type]
    # letters
    ("LetterTemplate/kind=None", lambda: LetterTemplate(None, "s", "b"), True),  # type: ignore[arg-type]
    ("LetterTemplate/kind=str", lambda: LetterTemplate("formal_notice", "s", "b"), True),  # type: ignore[arg-type]
    (
        "LetterTemplate/name=None",
        lambda: LetterTemplate(TEMPLATE.kind, TEMPLATE.subject, TEMPLATE.body, name=None),  # type: ignore[arg-type]
        True,
    ),
    # a subject or body of the wrong type stays a TemplateError (a ValueError), as before
    (
        "LetterTemplate/subject=None",
        lambda: LetterTemplate(TEMPLATE.kind, None, TEMPLATE.body),  # type: ignore[arg-type]
        False,
    ),
    (
        "LetterTemplate/body=None",
        lambda: LetterTemplate(TEMPLATE.kind, TEMPLATE.subject, None),  # type: ignore[arg-type]
        False,
    ),
    ("LetterTemplate.parse/kind=None", lambda: LetterTemplate.parse(None, "s\n\nb"), True),  # type: ignore[arg-type]
    ("default_template/kind=None", lambda: default_template(None), True),  # type: ignore[arg-type]
    ("default_template/locale=None", lambda: default_template("reminder_1", None), True),  # type: ignore[arg-type]
]

for _name, _metric in _METRICS.items():
    BAD_CALLS += [
        (f"{_name}/cases=None", lambda m=_metric: m(None, DAY), True),
        (f"{_name}/cases=[1]", lambda m=_metric: m([CASE, 1], DAY), True),
        (f"{_name}/cases=Case", lambda m=_metric: m(CASE, DAY), True),
        (f"{_name}/today=None", lambda m=_metric: m([CASE], None), True),
    ]
for _name in _PERIODS:
    BAD_CALLS.append(
        (
            f"{_name}/period_days=str",
            lambda m=_METRICS[_name]: m([CASE], DAY, period_days="90"),
            True,
        )
    )
for _name in ("claimable_penalties", "portfolio_report"):
    BAD_CALLS += [
        (f"{_name}/policy=str", lambda m=_METRICS[_name]: m([CASE], DAY, policy="x"), True),
        (f"{_name}/rates=str", lambda m=_METRICS[_name]: m([CASE], DAY, rates="x"), True),
    ]


@pytest.mark.parametrize(
    ("call", "is_type"), [(c, t) for _, c, t in BAD_CALLS], ids=[n for n, _, _ in BAD_CALLS]
)
def test_bad_arguments_raise_dunning_errors(call: Callable[[], object], is_type: bool) -> None:
    """Each bad call raises a DunningError saying what was wrong, a TypeError for a wrong type."""
    with pytest.raises(DunningError) as info:
        call()
    assert str(info.value)
    if is_type:
        assert isinstance(info.value, TypeError)


def test_bad_argument_ids_are_unique() -> None:
    names = [name for name, _, _ in BAD_CALLS]
    assert len(names) == len(set(names))


def test_messages_say_what_is_accepted() -> None:
    """The message names the parameter and what is accepted."""
    with pytest.raises(DunningError, match=r"cases: an iterable of Case values"):
        dump_portfolio(None)  # type: ignore[arg-type]
    with pytest.raises(DunningError, match=r"decode bytes first"):
        read_portfolio(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match=r"name: a str \(got None\)"):
        Policy(_steps(), name=None)  # type: ignore[arg-type]
    with pytest.raises(PolicyError, match=r"name: must be a non-empty str"):
        Policy(_steps(), name=" ")
    with pytest.raises(DunningError, match=r"periods: an iterable of RatePeriod"):
        RateTable("x", None)  # type: ignore[arg-type]
    with pytest.raises(DunningError, match=r"kind: a LetterKind"):
        LetterTemplate(None, "s", "b")  # type: ignore[arg-type]
    with pytest.raises(DunningError, match=r"procedure: a machine.Procedure"):
        claim_checklist(CASE, DAY, POLICY, "petites_creances")  # type: ignore[arg-type]


def test_a_date_argument_is_named() -> None:
    """A non-date given for a date raises the library's DateTypeError (a TypeError), naming the
    argument and saying what is accepted, as calendar.to_date does everywhere."""
    with pytest.raises(DateTypeError, match=r"delivered_on must be a datetime.date.*parse_date"):
        formal_notice_deadline("2024-03-01", POLICY)  # type: ignore[arg-type]
    assert date(2024, 3, 18) == formal_notice_deadline(DAY, POLICY)


def test_a_valid_policy_name_and_template_still_work() -> None:
    """The new checks keep every valid value."""
    step = Step("s", Stage.AMICABLE, Channel.EMAIL, 5, business_days=True, template="t")
    assert ("t", True) == (step.template, step.business_days)
    assert "mine" == Policy(_steps(), name="mine", alsace_moselle=True).name


# --- 4. one mistake, one error class ---------------------------------------------------------------


def _same_mistake_calls() -> list[tuple[str, Callable[[], object]]]:
    """The public entry points that take a case or a policy, each given the wrong type."""
    from dunning_core import letters, machine

    creditor = letters.Creditor("Atelier", "1 rue de la Paix\n75002 Paris", iban=_IBAN)
    notice = machine.next_actions(CASE, POLICY, date(2024, 2, 20))
    return [
        ("next_actions/case", lambda: machine.next_actions(None, POLICY, DAY)),  # type: ignore[arg-type]
        ("next_actions/policy", lambda: machine.next_actions(CASE, "x", DAY)),  # type: ignore[arg-type]
        ("apply/case", lambda: apply(None, PaymentReceived(DAY, "1"), POLICY)),  # type: ignore[arg-type]
        ("apply/policy", lambda: apply(CASE, PaymentReceived(DAY, "1"), "x")),  # type: ignore[arg-type]
        ("timeline/case", lambda: machine.timeline("F-1", POLICY)),  # type: ignore[arg-type]
        ("allowed_events/policy", lambda: machine.allowed_events(CASE, None, DAY)),  # type: ignore[arg-type]
        ("claim_checklist/case", lambda: claim_checklist(None, DAY, POLICY)),  # type: ignore[arg-type]
        ("replay/policy", lambda: machine.replay(CASE.events, {})),  # type: ignore[arg-type]
        ("render/case", lambda: letters.render(notice[0], None, creditor=creditor)),  # type: ignore[arg-type]
        ("render/creditor", lambda: letters.render(notice[0], CASE, creditor="Atelier")),  # type: ignore[arg-type]
        (
            "render/policy",
            lambda: letters.render(notice[0], CASE, creditor=creditor, policy="x"),  # type: ignore[arg-type]
        ),
        ("letter_kind/case", lambda: letters.letter_kind(notice[0], None)),  # type: ignore[arg-type]
        ("letter_kind/action", lambda: letters.letter_kind(None, CASE)),  # type: ignore[arg-type]
        ("portfolio_report/policy", lambda: portfolio_report([CASE], DAY, policy="x")),  # type: ignore[arg-type]
        ("validate_policy", lambda: __import__("dunning_core").policy.validate_policy(None)),
        ("formal_notice_deadline/policy", lambda: formal_notice_deadline(DAY, "x")),  # type: ignore[arg-type]
        ("claim_procedure/segment", lambda: claim_procedure(None)),  # type: ignore[arg-type]
        ("Step/stage", lambda: Step("r", "amicable", Channel.EMAIL, 5)),  # type: ignore[arg-type]
        ("Creditor/name", lambda: letters.Creditor(None, "1 rue\n75002 Paris", iban=_IBAN)),  # type: ignore[arg-type]
    ]


_IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.mark.parametrize(
    ("label", "call"), _same_mistake_calls(), ids=[label for label, _ in _same_mistake_calls()]
)
def test_a_wrong_type_is_the_same_error_everywhere(label: str, call: Callable[[], object]) -> None:
    """None, a str or a dict where a Case, a Policy or a party is expected: ArgumentTypeError."""
    with pytest.raises(ArgumentTypeError) as info:
        call()
    assert isinstance(info.value, TypeError)
    assert info.value.name in label or label.endswith(info.value.name)
