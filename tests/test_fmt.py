import pytest

from economie_sociale import fmt
from economie_sociale.errors import ArgumentError

NBSP = "\u00a0"


@pytest.mark.parametrize(
    "value, expected",
    [(47, f"47{NBSP}%"), (25.6, f"25,6{NBSP}%"), (0.2, f"0,2{NBSP}%"), (100, f"100{NBSP}%"), (0, f"0{NBSP}%"), (35.48, f"35,5{NBSP}%")],
)
def test_pct_french(value, expected):
    assert fmt.pct(value) == expected


def test_pct_fixed_decimals():
    assert fmt.pct(35.4838, 1) == f"35,5{NBSP}%"
    assert fmt.pct(21.3, 0) == f"21{NBSP}%"


def test_numbers_and_dollars():
    assert fmt.number(210000) == f"210{NBSP}000"
    assert fmt.number(403) == "403"
    assert fmt.dollars(25000) == f"25{NBSP}000{NBSP}$"
    assert fmt.number(38.5) == "38,5"


def test_points():
    assert fmt.pct_points(9) == f"9{NBSP}points"
    assert fmt.pct_points(1) == f"1{NBSP}point"


@pytest.mark.parametrize("bad", ["47", None, float("nan"), float("inf"), True])
def test_pct_rejects_non_numbers(bad):
    with pytest.raises((TypeError, ValueError)):
        fmt.pct(bad)


def test_dates_in_french():
    assert fmt.date(20160526) == "26 mai 2016"
    assert fmt.date(20160628.0) == "28 juin 2016"
    with pytest.raises(ValueError):
        fmt.date(20161332)


def test_p_values():
    assert fmt.p_value(0.03812) == "0,038"
    assert fmt.p_value(0.0002) == f"<{NBSP}0,001"
    assert fmt.p_value(0.2641, "relation") == f"={NBSP}0,264"
    assert fmt.p_value(0.0381, "statement") == f"p{NBSP}={NBSP}0,038"
    assert fmt.p_value(0.00001, "statement") == f"p{NBSP}<{NBSP}0,001"
    with pytest.raises(ValueError):
        fmt.p_value(1.5)


def test_count_share_rounds_as_a_reader_does_and_shows_exact_quarters():
    """One rule for « k/n = share » in the chapters and the audit (the audit once printed 46,2 % beside 47,5 %)."""
    assert fmt.count_share(37, 80) == "37/80 = 46,25\u00a0%"
    assert fmt.count_share(38, 80) == "38/80 = 47,5\u00a0%"
    assert fmt.count_share(34, 117) == "34/117 = 29,1\u00a0%"
    assert fmt.count_share(12, 89) == "12/89 = 13,5\u00a0%"
    with pytest.raises(ArgumentError, match="base must be positive"):
        fmt.count_share(3, 0)
