"""Small data sets the project generates itself, offline and seeded.

Dates (the sequence-to-sequence, attention and Transformer chapters): human-readable dates in
English and Chinese forms, each paired with its ISO form ``YYYY-MM-DD``. ``parse_date`` is the
rule-based reference that maps every form back to ISO; the trained models are judged against it.
Characters are mapped to integer ids by a ``Vocab``.

Digits (the chapters that train on real images): scikit-learn's 1,797 handwritten 8x8 digits,
which it ships with the library (no download): ``digits`` loads them, ``digits_split`` splits
them into a training and a test set with the same share of each class (classic networks,
transfer learning); a chapter's own preprocessing (scaling, tensors) stays in the chapter.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from dataclasses import dataclass

from dlnotes import checks

__all__ = ["DATE_FORMATS", "format_date", "random_dates", "parse_date", "Vocab", "digits",
           "digits_split"]

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ZH_DAYS = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]

#: name -> function(date) -> text. Two-digit years ("3/3/98") mean 1950-2049.
DATE_FORMATS = {
    "weekday long": lambda d: f"{_DAYS[d.weekday()]}, {d.day} {_MONTHS[d.month - 1]} {d.year}",
    "long": lambda d: f"{d.day} {_MONTHS[d.month - 1]} {d.year}",
    "us long": lambda d: f"{_MONTHS[d.month - 1]} {d.day}, {d.year}",
    "short month": lambda d: f"{d.day} {_MONTHS[d.month - 1][:3]} {d.year}",
    "us numeric": lambda d: f"{d.month}/{d.day}/{d.year % 100:02d}",
    "dotted": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
    "chinese": lambda d: f"{d.year}年{d.month}月{d.day}日",
    "chinese weekday": lambda d: f"{d.year}年{d.month}月{d.day}日 {_ZH_DAYS[d.weekday()]}",
}

_FIRST, _LAST = _dt.date(1950, 1, 1), _dt.date(2049, 12, 31)


def format_date(date: _dt.date, fmt: str) -> str:
    """``date`` written in one of ``DATE_FORMATS`` (years 1950-2049)."""
    if not isinstance(date, _dt.date):
        raise TypeError(f"date must be a datetime.date, got {type(date).__name__}")
    if not _FIRST <= date <= _LAST:
        raise ValueError(f"date must lie between {_FIRST} and {_LAST}, got {date}")
    if fmt not in DATE_FORMATS:
        raise ValueError(f"fmt must be one of {sorted(DATE_FORMATS)}, got {fmt!r}")
    return DATE_FORMATS[fmt](date)


def random_dates(n: int, seed: int = 0, formats: tuple[str, ...] | None = None):
    """``n`` pairs ``(human_readable, iso)``, dates uniform over 1950-2049, formats uniform.

    The same ``seed`` gives the same list on every machine.
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(f"n must be an int >= 0, got {n!r}")
    formats = tuple(DATE_FORMATS) if formats is None else tuple(formats)
    for fmt in formats:
        if fmt not in DATE_FORMATS:
            raise ValueError(f"formats must be names from {sorted(DATE_FORMATS)}, got {fmt!r}")
    rng = random.Random(seed)
    span = (_LAST - _FIRST).days
    pairs = []
    for _ in range(n):
        date = _FIRST + _dt.timedelta(days=rng.randint(0, span))
        pairs.append((format_date(date, rng.choice(formats)), date.isoformat()))
    return pairs


_MONTH_NUMBER = {name.lower(): i + 1 for i, name in enumerate(_MONTHS)}
_MONTH_NUMBER.update({name[:3].lower(): i + 1 for i, name in enumerate(_MONTHS)})
_WEEKDAY = r"(?:(?:" + "|".join(_DAYS) + r"),\s*)?"
_ZH_WEEKDAY = r"(?:\s*(?:" + "|".join(_ZH_DAYS) + r"))?"
_PATTERNS = [
    (re.compile(_WEEKDAY + r"(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})"), ("d", "mname", "y")),
    (re.compile(r"([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})"), ("mname", "d", "y")),
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2})"), ("m", "d", "yy")),
    (re.compile(r"(\d{2})\.(\d{2})\.(\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日" + _ZH_WEEKDAY), ("y", "m", "d")),
]


def parse_date(text: str) -> str:
    """The ISO form ``YYYY-MM-DD`` of a date written in any of ``DATE_FORMATS``.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``text`` is in none of the formats, or names a day that does not exist.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    for pattern, fields in _PATTERNS:
        m = pattern.fullmatch(text.strip())
        if not m:
            continue
        parts = dict(zip(fields, m.groups(), strict=True))
        if "mname" in parts:
            month = _MONTH_NUMBER.get(parts["mname"].lower())
            if month is None:
                break
        else:
            month = int(parts["m"])
        year = int(parts["y"]) if "y" in parts else 1900 + int(parts["yy"])
        if "yy" in parts and year < 1950:
            year += 100
        try:
            return _dt.date(year, month, int(parts["d"])).isoformat()
        except ValueError:
            raise ValueError(f"text names a day that does not exist: {text!r}") from None
    raise ValueError(f"text is not a date in a known format: {text!r}")


@dataclass(frozen=True)
class Vocab:
    """Characters <-> integer ids, with ``<pad>`` = 0, ``<bos>`` = 1, ``<eos>`` = 2, ``<unk>`` = 3.

    Build one from texts with ``Vocab.from_texts``; ``encode`` pads or truncates to a length.
    """

    chars: tuple[str, ...]
    specials = ("<pad>", "<bos>", "<eos>", "<unk>")

    @classmethod
    def from_texts(cls, texts) -> Vocab:
        return cls(tuple(sorted({c for t in texts for c in t})))

    def __len__(self) -> int:
        return len(self.specials) + len(self.chars)

    @property
    def index(self) -> dict[str, int]:
        return {c: i + len(self.specials) for i, c in enumerate(self.chars)}

    def encode(self, text: str, length: int | None = None, *, bos: bool = False,
               eos: bool = False) -> list[int]:
        """Ids of ``text`` (unknown characters -> 3), optionally framed by <bos>/<eos>, then
        padded with 0 or truncated to ``length``."""
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        index = self.index
        ids = ([1] if bos else []) + [index.get(c, 3) for c in text] + ([2] if eos else [])
        if length is not None:
            if length < 1:
                raise ValueError(f"length must be >= 1, got {length}")
            ids = (ids + [0] * length)[:length]
        return ids

    def decode(self, ids) -> str:
        """The text of ``ids``, stopping at the first <eos> and skipping <pad>/<bos>."""
        out = []
        for i in ids:
            i = int(i)
            if i == 2:
                break
            if i >= len(self.specials):
                out.append(self.chars[i - len(self.specials)])
            elif i == 3:
                out.append("?")
        return "".join(out)


def digits():
    """scikit-learn's 1,797 handwritten digits as NumPy arrays ``(images, labels)``: images
    ``(1797, 8, 8)`` float64 with grey levels 0..16, labels ``(1797,)`` int64 in 0..9.

    Read straight from the CSV file that scikit-learn ships (importing ``sklearn.datasets``
    takes seconds); ``sklearn.datasets.load_digits`` is the fallback and gives the same arrays.
    """
    import importlib.util
    from pathlib import Path

    import numpy as np

    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the digits need scikit-learn (pip install scikit-learn)")
    path = Path(spec.submodule_search_locations[0]) / "datasets" / "data" / "digits.csv.gz"
    if path.exists():
        table = np.loadtxt(path, delimiter=",")
        return table[:, :-1].reshape(-1, 8, 8), table[:, -1].astype(np.int64)
    from sklearn.datasets import load_digits

    loaded = load_digits()
    return loaded.images, loaded.target.astype(np.int64)


def digits_split(test_size: float = 0.3, seed: int = 0):
    """A stratified split of :func:`digits`: each class puts ``round(test_size * n_class)`` of
    its images, drawn with ``np.random.default_rng(seed)``, in the test set.

    Returns:
        ``(x_train, y_train, x_test, y_test)``: images ``(N, 8, 8)`` float64 with grey levels
        0..16 and labels ``(N,)`` int64, each set in the order of :func:`digits`.
    """
    import numpy as np

    if not checks.positive("test_size", test_size) < 1:
        raise ValueError(f"test_size must be a number in (0, 1), got {test_size!r}")
    images, labels = digits()
    rng = np.random.default_rng(seed)
    test = np.zeros(len(labels), dtype=bool)
    for c in np.unique(labels):
        members = rng.permutation(np.flatnonzero(labels == c))
        test[members[: int(round(test_size * len(members)))]] = True
    return images[~test], labels[~test], images[test], labels[test]
