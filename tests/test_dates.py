import datetime as dt

import pytest

from generator.dates import parse_date


def test_precisions():  # how readers see a date: generator/site/daytext.py, tests/site/test_daytext.py
    assert parse_date("2001").iso == "2001"
    assert parse_date("2022-09").last == dt.date(2022, 9, 30)


@pytest.mark.parametrize("text, fragment", [
    ("2023-02-30", "February 2023 has 28 days"),
    ("2023-13-01", "months run from 01 to 12"),
    ("03/04/2021", "not a date"),
    ("21-03-04", "not a date"),
])
def test_impossible_dates_are_explained(text, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_date(text)


def test_partial_dates_order_by_first_day():
    assert parse_date("2019") < parse_date("2019-05-21") < parse_date("2019-06")
