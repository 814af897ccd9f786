import pytest

from flashpoint.stages.claims import parse_number


@pytest.mark.parametrize("text,value,qualifier,currency", [
    ("94,300", 94300, None, None),
    ("94.3 thousand", 94300, None, None),
    ("5 million", 5_000_000, None, None),
    ("nearly 100", 100, "nearly", None),
    ("up to 175,000", 175000, "up to", None),
    ("at least 14,000", 14000, "at least", None),
    ("80,000 to 100,000", (80000, 100000), None, None),
    ("between 80,000 and 100,000", (80000, 100000), None, None),
    ("$50 million", 50_000_000, None, "USD"),
    ("1.2 billion euros", 1_200_000_000, None, "EUR"),
    ("tens of thousands", (10000, 99999), "tens of", None),
    ("two hundred", 200, None, None),
])
def test_parse_number(text, value, qualifier, currency):
    v, q, c = parse_number(text)
    assert (tuple(v) if isinstance(v, tuple) else v) == value
    assert q == qualifier and c == currency
