"""Reporting periods: the period each heading form names, read to exact dates, and referrals a year
(issue "Numbers a statistician would sign", section 2 "Referrals a year")."""

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sprx_map import periods
from sprx_map.heading_periods import in_heading
from sprx_map.periods import Period, per_year, problem

D = dt.date
RETURNED = D(2018, 6, 15)
EXCEL_CELL = 32_767  # the most characters an Excel cell holds
FY_2016 = (D(2016, 4, 1), D(2017, 3, 31))


@pytest.mark.parametrize(
    ("heading", "start", "end"),
    [
        # Financial years, 1 April to 31 March
        ("Referrals 2016/17", *FY_2016),
        ("Referrals 2016-17", *FY_2016),
        ("Referrals 2016/2017", *FY_2016),
        ("Referrals 16/17", *FY_2016),
        ("Referrals 2016 – 17", *FY_2016),
        ("Atgyfeiriadau 2016/17", *FY_2016),
        ("Referrals 2016/17 / Atgyfeiriadau 2016/17", *FY_2016),
        ("REFERRALS RECEIVED 2017-18:", D(2017, 4, 1), D(2018, 3, 31)),
        ("How many referrals did the project receive in 2023/24?", D(2023, 4, 1), D(2024, 3, 31)),
        ("Referrals (ages 16-17) 2016/17", *FY_2016),
        # Quarters of a financial year
        ("Referrals Q1 2017/18", D(2017, 4, 1), D(2017, 6, 30)),
        ("Referrals Q2 2017/18", D(2017, 7, 1), D(2017, 9, 30)),
        ("Referrals Q3 2017/18", D(2017, 10, 1), D(2017, 12, 31)),
        ("Referrals Q4 2017/18", D(2018, 1, 1), D(2018, 3, 31)),
        ("Referrals Quarter 1 2017/18", D(2017, 4, 1), D(2017, 6, 30)),
        ("Referrals Q1-Q2 2017/18", D(2017, 4, 1), D(2017, 9, 30)),
        ("Referrals 2017/18 Q3", D(2017, 10, 1), D(2017, 12, 31)),
        ("Atgyfeiriadau Ch1 2017/18", D(2017, 4, 1), D(2017, 6, 30)),
        ("Atgyfeiriadau Chwarter 4 2017-18", D(2018, 1, 1), D(2018, 3, 31)),
        # Months up to the date returned, that day included
        ("Referrals (last 12 months)", D(2017, 6, 16), RETURNED),
        ("Referrals in the past 6 months", D(2017, 12, 16), RETURNED),
        ("Referrals, previous three months", D(2018, 3, 16), RETURNED),
        ("Q10 Total referrals received in the last 12 months", D(2017, 6, 16), RETURNED),
        ("Nifer yr atgyfeiriadau (y 12 mis diwethaf)", D(2017, 6, 16), RETURNED),
        # Months
        ("Referrals April to September 2017", D(2017, 4, 1), D(2017, 9, 30)),
        ("Referrals Apr-Sep 2017", D(2017, 4, 1), D(2017, 9, 30)),
        ("Referrals April 2017 to March 2018", D(2017, 4, 1), D(2018, 3, 31)),
        ("Referrals October to March 2018", D(2017, 10, 1), D(2018, 3, 31)),
        ("Referrals 1 April 2016 to 31 March 2017", *FY_2016),
        ("Referrals 2016/17 (April to September)", D(2016, 4, 1), D(2016, 9, 30)),
        ("Atgyfeiriadau Ebrill i Fedi 2017", D(2017, 4, 1), D(2017, 9, 30)),
        ("Atgyfeiriadau o Ebrill 2017 hyd at Fawrth 2018", D(2017, 4, 1), D(2018, 3, 31)),
        ("Atgyfeiriadau rhwng Ebrill a Medi 2017", D(2017, 4, 1), D(2017, 9, 30)),
        ("Atgyfeiriadau yng Ngorffennaf 2017", D(2017, 7, 1), D(2017, 7, 31)),
        ("Referrals (March 2018)", D(2018, 3, 1), D(2018, 3, 31)),
        # The months up to a day, and dates
        ("Referrals received in the year to March 2018", D(2017, 4, 1), D(2018, 3, 31)),
        ("Referrals, 12 months ending 31 March 2018", D(2017, 4, 1), D(2018, 3, 31)),
        ("Atgyfeiriadau'r flwyddyn hyd at Fawrth 2018", D(2017, 4, 1), D(2018, 3, 31)),
        ("Referrals (1/4/16 - 31/3/17)", *FY_2016),
        # A calendar year standing alone at the end of the heading
        ("Referrals 2017", D(2017, 1, 1), D(2017, 12, 31)),
        ("Referrals in 2017", D(2017, 1, 1), D(2017, 12, 31)),
        ("Referrals (2017)", D(2017, 1, 1), D(2017, 12, 31)),
        ("Referrals 2017 / Atgyfeiriadau 2017", D(2017, 1, 1), D(2017, 12, 31)),
        ("Atgyfeiriadau yn 2017", D(2017, 1, 1), D(2017, 12, 31)),
    ],
)
def test_a_heading_names_its_period(heading, start, end):
    assert in_heading(heading, RETURNED) == Period(start, end)


@pytest.mark.parametrize(
    "heading",
    [
        "Referrals received",
        "Referrals since we started",
        "Cyfanswm yr atgyfeiriadau ers dechrau'r prosiect",
        "Referrals since 2017",
        "Referrals to date 2016/17",
        "Referrals to March 2018",
        "Referrals 2017 (estimate)",  # a year that is not the end of the heading: what is it?
        "Referrals FY2017",  # the financial year starting or ending in 2017?
        "Referrals Q1 2017",  # a quarter of the calendar or the financial year?
        "Referrals 2016/18",  # not one financial year
        "Referrals 2016/17 and 2017/18",  # two periods
        "Referrals received (count, Apr–Mar)",  # months, no year
        "Referrals a year",
        "Average referrals per month 2017",
        "Referrals aged 16-17",
        "Q4b Total number of new referrals in quarter",
        "3.2a Total referrals received in period",
        "Referrals 31/4/17 - 30/9/17",  # no such day
    ],
)
def test_a_heading_without_one_clear_period_names_none(heading):
    assert in_heading(heading, RETURNED) is None


def test_the_last_12_months_need_the_date_returned():
    assert in_heading("Referrals (last 12 months)") is None
    assert in_heading("Referrals (last 12 months)", D(2018, 3, 31)) == Period(D(2017, 4, 1), D(2018, 3, 31))
    assert in_heading("Referrals (last 12 months)", dt.datetime(2018, 3, 31, 9, 30)) == Period(
        D(2017, 4, 1), D(2018, 3, 31)
    )


def test_the_months_before_a_short_month_end_on_its_last_day():
    # 31 May less three months is the last day of February, so the period is March to May.
    assert in_heading("Referrals (last 3 months)", D(2017, 5, 31)) == Period(D(2017, 3, 1), D(2017, 5, 31))
    assert in_heading("Referrals (last 12 months)", D(2020, 2, 29)) == Period(D(2019, 3, 1), D(2020, 2, 29))


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2000, max_value=2098))
def test_every_financial_year_is_read_in_each_form(year):
    expected = Period(D(year, 4, 1), D(year + 1, 3, 31))
    short = f"{(year + 1) % 100:02d}"
    for heading in (f"Referrals {year}/{short}", f"Referrals {year}-{year + 1}", f"{year % 100:02d}/{short}"):
        assert in_heading(heading) == expected, heading


_WORDS = [
    "referrals", "q1", "ch", "2017", "2017/18", "16/17", "april", "fedi", "to", "i", "-", "/", "last", "12",
    "months", "mis", "diwethaf", "year", "ending", "31", "31/3/17", "(", ")", " ", "rhwng", "a", "since", "0",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_any_heading_reads_as_a_period_or_none(words):
    found = in_heading(" ".join(words), RETURNED)
    assert found is None or (isinstance(found, Period) and found.start <= found.end)


def test_a_heading_as_long_as_a_cell_reads_in_well_under_a_second():
    # Text that starts a mention at nearly every place ("q1 2017 april 16/1..."), to the most an Excel cell holds.
    hostile = ("q1 2017 april i 12 mis 31/3/1 last 12 year to 1 rhwng 16/1 " * 600)[:EXCEL_CELL]
    at_the_end = ("x" * (EXCEL_CELL - len(" Referrals 2016/17"))) + " Referrals 2016/17"
    in_heading("Referrals 2016/17")
    start = time.perf_counter()
    in_heading("Referrals 2016/17")
    baseline = time.perf_counter() - start
    found = {}
    for name, heading in (("hostile", hostile), ("at_the_end", at_the_end)):
        start = time.perf_counter()
        found[name] = in_heading(heading, RETURNED)
        assert time.perf_counter() - start - baseline < 0.5
        assert len(heading) == EXCEL_CELL
    assert found == {"hostile": None, "at_the_end": Period(*FY_2016)}  # the heading read to its end


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (D(2016, 1, 1), D(2016, 12, 31), 1.0),  # a leap year is one year
        (D(2017, 1, 1), D(2017, 12, 31), 1.0),
        (D(2016, 4, 1), D(2017, 3, 31), 1.0),
        (D(2017, 4, 1), D(2017, 9, 30), 0.5),
        (D(2017, 1, 15), D(2017, 7, 14), 0.5),
        (D(2017, 2, 1), D(2017, 2, 28), 1 / 12),
        (D(2016, 1, 1), D(2017, 12, 31), 2.0),
        (D(2016, 1, 1), D(2016, 1, 14), 14 / 365.25),
        (D(2017, 1, 15), D(2017, 7, 15), 182 / 365.25),
    ],
)
def test_years_are_whole_months_over_twelve_else_days_over_365_25(start, end, years):
    assert Period(start, end).years() == years


@pytest.mark.parametrize(
    ("period", "reason"),
    [
        (None, "unknown"),
        (Period(D(2017, 3, 31), D(2017, 3, 1)), "end_before_start"),
        (Period(D(2016, 1, 1), D(2016, 1, 14)), "too_short"),
        (Period(D(2016, 1, 1), D(2016, 1, 27)), "too_short"),
        (Period(D(2016, 1, 1), D(2016, 1, 28)), None),
        (Period(D(2017, 2, 1), D(2017, 2, 28)), None),  # a whole month, however short
        (Period(D(2016, 1, 1), D(2017, 12, 31)), None),  # two years exactly
        (Period(D(2016, 1, 1), D(2018, 1, 1)), "too_long"),
        (Period(D(2014, 1, 1), D(2016, 12, 31)), "too_long"),
    ],
)
def test_a_period_too_short_too_long_or_unknown_is_refused(period, reason):
    assert problem(period) == reason
    assert reason is None or reason in periods.PROBLEMS


def test_referrals_a_year():
    assert per_year(100, Period(D(2016, 4, 1), D(2017, 3, 31))) == 100.0
    assert per_year(60, Period(D(2017, 4, 1), D(2017, 9, 30))) == 120.0
    assert per_year(73, Period(D(2017, 1, 1), D(2017, 3, 15))) == pytest.approx(73 * 365.25 / 74)
    with pytest.raises(ValueError, match="ending before it starts"):
        per_year(5, Period(D(2017, 3, 31), D(2017, 3, 1)))
