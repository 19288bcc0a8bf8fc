"""Parse the value of a quantity and the ISO form of a date, where that is simple.

Only unambiguous forms are normalised; anything else gives ``None`` rather
than a guess (``12/03/2024`` could be March or December, ``last week``
depends on the publication date, ``dozens`` is no number).
"""

from __future__ import annotations

import re

__all__ = ["date_iso", "quantity_value"]

_UNITS = {
    "hundred": 1e2,
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
}
_SMALL = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SPECIAL = {"a dozen": 12.0, "dozen": 12.0, "half": 0.5, "a half": 0.5}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTHS.update({m[:3]: v for m, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MON = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?"  # noqa: E501
_LEAD = r"^(?:(?:on|in|since|by|until|from|during|of|the)\s+)*"
_DMY = re.compile(_LEAD + r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r",?\s+(\d{4})$", re.I)
_MDY = re.compile(_LEAD + _MON + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.I)
_MY = re.compile(_LEAD + _MON + r",?\s+(\d{4})$", re.I)
_Y = re.compile(_LEAD + r"(\d{4})$", re.I)
_ISO = re.compile(_LEAD + r"(\d{4})-(\d{2})-(\d{2})$")


def quantity_value(text: str) -> float | None:
    """The number in ``text`` (``"more than 17,000"`` -> 17000, ``"$3.5 million"`` ->
    3500000, ``"25%"`` -> 25, ``"two million"`` -> 2000000), else ``None``."""
    low = " ".join(text.lower().replace("-", " ").split())
    m = _NUMBER.search(low)
    value: float | None = None
    rest = low
    if m:
        value = float(m.group(1).replace(",", "") + (m.group(2) or ""))
        rest = low[m.end() :]
    else:
        words = re.findall(r"[a-z]+", low)
        for k, w in enumerate(words):
            if w in _SMALL or w in _TENS:
                value = float(_SMALL.get(w, 0) or _TENS.get(w, 0))
                if w in _TENS and k + 1 < len(words) and words[k + 1] in _SMALL:
                    value += _SMALL[words[k + 1]]
                rest = " ".join(words[k + 1 :])
                break
        else:
            for phrase, v in _SPECIAL.items():
                if re.search(rf"\b{phrase}\b", low):
                    return v
            return None
    for unit in re.findall(r"[a-z]+", rest)[:2]:
        if unit in {"m", "k"} and not re.search(r"[$€£¥]", text):
            break  # "5 m" is metres, "$5m" is millions
        if unit in _UNITS:
            value *= _UNITS[unit]
        elif unit in _SMALL or unit in _TENS:
            continue
        else:
            break
    return value


def date_iso(text: str) -> str | None:
    """ISO 8601 form of an absolute date (day, month or year precision), else ``None``."""
    t = " ".join(text.strip().split())
    for pattern, order in ((_DMY, "dmy"), (_MDY, "mdy")):
        m = pattern.match(t)
        if m:
            if order == "dmy":
                day, mon, year = int(m.group(1)), m.group(2), int(m.group(3))
            else:
                mon, day, year = m.group(1), int(m.group(2)), int(m.group(3))
            month = _MONTHS[mon.lower().rstrip(".")]
            if 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
            return None
    m = _MY.match(t)
    if m:
        return f"{int(m.group(2)):04d}-{_MONTHS[m.group(1).lower().rstrip('.')]:02d}"
    m = _ISO.match(t)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    m = _Y.match(t)
    if m and 1000 <= int(m.group(1)) <= 2999:
        return m.group(1)
    return None
