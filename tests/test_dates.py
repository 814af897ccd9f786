from datetime import date

import pytest

from flashpoint.stages.dates import resolve_date

PUB = date(2021, 12, 7)  # a Tuesday


@pytest.mark.parametrize("text,forward,expected,precision", [
    ("on Tuesday", False, date(2021, 12, 7), "day"),
    ("on Monday", False, date(2021, 12, 6), "day"),
    ("on Monday", True, date(2021, 12, 13), "day"),
    ("last month", False, date(2021, 11, 1), "month"),
    ("in June", False, date(2021, 6, 1), "month"),
    ("in June", True, date(2022, 6, 1), "month"),
    ("last May", True, date(2021, 5, 1), "month"),
    ("in 2014", False, date(2014, 1, 1), "year"),
    ("December 3", False, date(2021, 12, 3), "day"),
    ("3 December 2021", True, date(2021, 12, 3), "day"),
    ("Nov. 30, 2021", False, date(2021, 11, 30), "day"),
    ("yesterday", False, date(2021, 12, 6), "day"),
    ("two days ago", False, date(2021, 12, 5), "day"),
    ("last week", False, date(2021, 11, 29), "week"),
])
def test_relative_dates(text, forward, expected, precision):
    assert resolve_date(text, PUB, forward=forward) == (expected, precision)


def test_no_date_words():
    assert resolve_date("the troops", PUB) is None
    assert resolve_date("may", PUB) is None  # the modal, not the month
