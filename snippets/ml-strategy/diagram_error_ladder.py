"""The ladder of error rates, human level -> training -> training-dev -> dev -> test, with the
gap between each pair named. The gaps, their names and the one to attack first are what
dlnotes.numpy.ml_strategy.error_analysis returns for the example rates below."""

from dlnotes.numpy import ml_strategy
from site_tools.diagrams import (
    BLUE,
    GREEN,
    INK,
    PURPLE,
    VERMILLION,
    Diagram,
    term,
)

RATES = {"human": 0.01, "train": 0.03, "train_dev": 0.04, "dev": 0.10, "test": 0.11}
ZH_GAPS = {"avoidable bias": "可避免偏差", "variance": "方差", "data mismatch": "数据不匹配",
           "overfitting to dev": "对开发集过拟合"}


def make(lang: str):
    diagnosis = ml_strategy.error_analysis(**RATES)
    names = [d_ for d_ in (("human", term("ml-strategy", "human-level error", lang)),
                           ("train", term("ml-strategy", "training set", lang)),
                           ("train_dev", term("ml-strategy", "training-dev set", lang)),
                           ("dev", term("ml-strategy", "dev set", lang)),
                           ("test", term("ml-strategy", "test set", lang)))]
    d = Diagram(5.6, 2.6, lang)
    scale, y0 = 18.0, 0.25  # inches per unit of error rate
    colours = (GREEN, BLUE, PURPLE, VERMILLION)
    for key, label in names:
        y = y0 + RATES[key] * scale
        d.line([(0.3, y), (2.2, y)], colour=INK, lw=1.2)
        d.text(0.3, y + 0.08, f"{label}  {RATES[key]:.0%}", ha="left", size=7.5)
    for i, (gap, value) in enumerate(diagnosis.gaps().items()):
        lo = y0 + RATES[names[i][0]] * scale
        hi = y0 + RATES[names[i + 1][0]] * scale
        x = 2.45 + 0.12 * (i % 2)
        d.line([(x - 0.06, lo), (x, lo), (x, hi), (x - 0.06, hi)], colour=colours[i], lw=1.2)
        focus = gap == diagnosis.focus
        text = f"{d.t(gap, ZH_GAPS.get(gap, gap))}: {value:.0%}" + (
            d.t("  ← attack first", "  ← 先处理") if focus else "")
        d.text(x + 0.12, (lo + hi) / 2, text, ha="left", size=7.5, colour=colours[i],
               weight="bold" if focus else "normal")
    return d.done()
