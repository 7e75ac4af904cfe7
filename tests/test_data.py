"""The generated data sets: dates round-trip through the reference parser; seeds reproduce."""

import datetime as dt

import numpy as np
import pytest

from dlnotes import data


@pytest.mark.parametrize("fmt", list(data.DATE_FORMATS))
def test_every_format_parses_back_to_iso(fmt):
    start = dt.date(1950, 1, 1)
    for k in range(0, 36524, 97):  # about 377 dates over the century, all formats
        date = start + dt.timedelta(days=k)
        assert data.parse_date(data.format_date(date, fmt)) == date.isoformat()


def test_known_answers():
    assert data.format_date(dt.date(1998, 3, 3), "weekday long") == "Tuesday, 3 March 1998"
    assert data.format_date(dt.date(1998, 3, 3), "us numeric") == "3/3/98"
    assert data.format_date(dt.date(1998, 3, 3), "chinese") == "1998年3月3日"
    assert data.parse_date("3/3/98") == "1998-03-03"
    assert data.parse_date("1/2/49") == "2049-01-02"
    assert data.parse_date("1/2/50") == "1950-01-02"
    assert data.parse_date("2001年12月25日 星期二") == "2001-12-25"


def test_random_dates_are_seeded_and_valid():
    a, b = data.random_dates(200, seed=3), data.random_dates(200, seed=3)
    assert a == b and a != data.random_dates(200, seed=4)
    assert all(data.parse_date(text) == iso for text, iso in a)
    assert {len(iso) for _, iso in a} == {10}


def test_vocab_round_trip():
    pairs = data.random_dates(50, seed=0)
    vocab = data.Vocab.from_texts(t for pair in pairs for t in pair)
    text = pairs[0][0]
    ids = vocab.encode(text, length=40, bos=True, eos=True)
    assert len(ids) == 40 and ids[0] == 1 and ids[-1] == 0
    assert vocab.decode(ids) == text
    assert vocab.decode(vocab.encode("1998-13-01€")) == "1998-13-01?"


@pytest.mark.parametrize("call,arg", [
    (lambda: data.parse_date("the third of March"), "text"),
    (lambda: data.parse_date("31 February 1998"), "text"),
    (lambda: data.parse_date("3 Smarch 1998"), "text"),
    (lambda: data.format_date(dt.date(1900, 1, 1), "long"), "date"),
    (lambda: data.format_date(dt.date(1990, 1, 1), "klingon"), "fmt"),
    (lambda: data.random_dates(-1), "n"),
    (lambda: data.random_dates(3, formats=("long", "nope")), "formats"),
    (lambda: data.Vocab(("a",)).encode("a", length=0), "length"),
])
def test_bad_input_names_the_argument(call, arg):
    with pytest.raises(ValueError, match=rf"^{arg} "):
        call()


def test_wrong_types():
    with pytest.raises(TypeError, match="^text must be a str"):
        data.parse_date(19980303)
    with pytest.raises(TypeError, match="^date must be a datetime.date"):
        data.format_date("1998-03-03", "long")


def test_digits_are_scikit_learns_digits():
    from sklearn.datasets import load_digits

    images, labels = data.digits()
    digits = load_digits()
    assert (images == digits.images).all() and (labels == digits.target).all()


def test_digits_are_the_scikit_learn_set():
    images, labels = data.digits()
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert images.min() == 0 and images.max() == 16 and labels.dtype == np.int64
    assert np.array_equal(np.bincount(labels), [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])


@pytest.mark.parametrize("test_size", [0.25, 0.5])
def test_digits_split_is_stratified_and_partitions_the_set(test_size):
    images, labels = data.digits()
    x_tr, y_tr, x_te, y_te = data.digits_split(test_size, seed=3)
    assert x_tr.shape[1:] == x_te.shape[1:] == (8, 8) and y_tr.dtype == y_te.dtype == np.int64
    # every class puts round(test_size * n_class) of its images in the test set
    want = [int(round(test_size * n)) for n in np.bincount(labels)]
    assert np.bincount(y_te, minlength=10).tolist() == want
    # the two sets partition the digits: same images with the same labels, none twice
    both = np.concatenate([x_tr, x_te]).reshape(len(labels), -1)
    key = lambda x, y: sorted(map(tuple, np.column_stack([x, y]).tolist()))  # noqa: E731
    assert key(both, np.concatenate([y_tr, y_te])) == key(images.reshape(len(labels), -1), labels)


def test_digits_split_depends_on_the_seed_only():
    a, b = data.digits_split(0.3, seed=0), data.digits_split(0.3, seed=0)
    assert all(np.array_equal(u, v) for u, v in zip(a, b, strict=True))
    assert not np.array_equal(a[2], data.digits_split(0.3, seed=1)[2])


@pytest.mark.parametrize(("bad", "exc"), [(0.0, ValueError), (1.0, ValueError),
                                           (float("nan"), ValueError), ("0.3", TypeError),
                                           (True, TypeError)])
def test_digits_split_rejects_a_test_size_outside_0_1(bad, exc):
    with pytest.raises(exc, match="^test_size"):
        data.digits_split(bad)
