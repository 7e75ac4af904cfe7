"""R-CNN, Fast R-CNN and Faster R-CNN side by side, as three pipelines of boxes. No module of
the package implements the whole of any of them (the chapter codes RoI pooling and the anchors
they use), so this one is drawn by hand; the point is where the CNN runs: once per region, once
per image, and, in Faster R-CNN, also to propose the regions."""

from site_tools.diagrams import BLUE, GREEN, INK, PURPLE, VERMILLION, Diagram


def make(lang: str):
    t = {"en": lambda en, zh: en, "zh": lambda en, zh: zh}[lang]
    rows = [
        ("R-CNN", [(t("image", "图像"), INK), (t("selective search", "选择性搜索"), PURPLE),
                   (t("~2k warped regions", "约 2000 个缩放后的区域"), PURPLE),
                   (t("CNN per region", "每个区域一次 CNN"), VERMILLION),
                   (t("SVM + box regression", "SVM + 边框回归"), GREEN)]),
        ("Fast R-CNN", [(t("image", "图像"), INK), (t("CNN once", "整图一次 CNN"), BLUE),
                        (t("selective-search regions", "选择性搜索的区域"), PURPLE),
                        (t("RoI pooling", "RoI 池化"), BLUE),
                        (t("softmax + box regression", "softmax + 边框回归"), GREEN)]),
        ("Faster R-CNN", [(t("image", "图像"), INK), (t("CNN once", "整图一次 CNN"), BLUE),
                          (t("RPN on anchors", "基于锚框的 RPN"), VERMILLION),
                          (t("RoI pooling", "RoI 池化"), BLUE),
                          (t("softmax + box regression", "softmax + 边框回归"), GREEN)]),
    ]
    d = Diagram(7.4, 1.95, lang)
    for i, (name, steps) in enumerate(rows):
        y = 1.65 - 0.62 * i
        d.text(0.05, y, name, ha="left", weight="bold", size=8)
        d.strip([(label, "") for label, _ in steps], x0=1.05, y=y, gap=0.2, h=0.32,
                colours=[c for _, c in steps], size=7.5)
    return d.done()
