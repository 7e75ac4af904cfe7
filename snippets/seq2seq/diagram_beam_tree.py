"""The tree of one real run of dlnotes.numpy.seq2seq.beam_search (beam size 2) on a toy
bigram model: every continuation scored at each step, the kept prefixes drawn solid and
coloured, the pruned ones grey and dashed, the best finished output in bold. The tree is
recorded by the step function: each row of the state it receives names the prefix it
continues, so the pruning seen here is the package's own."""

import numpy as np

from dlnotes.numpy import seq2seq
from site_tools.diagrams import BLUE, INK, VERMILLION, Diagram, term, text_width

WORDS = ["<eos>", "<bos>", "Jane", "visits", "Africa", "in", "September"]
EOS, BOS = 0, 1
# log P(next | previous word), a small hand-made bigram model
TABLE = {
    "<bos>": {"Jane": 0.55, "in": 0.3, "September": 0.15},
    "Jane": {"visits": 0.7, "is": 0.0, "in": 0.2, "<eos>": 0.1},
    "in": {"September": 0.6, "Africa": 0.3, "<eos>": 0.1},
    "September": {"Jane": 0.5, "<eos>": 0.5},
    "visits": {"Africa": 0.8, "<eos>": 0.2},
    "Africa": {"in": 0.6, "<eos>": 0.4},
}
BEAM = 2
MAX_LEN = 5


def run():
    """``(nodes, live, best)``: every prefix scored, ``{id: (parent id, token, log P)}``; the
    ids of the prefixes the search kept alive (the rows it fed back); the ids along the best
    finished output."""
    log_p = np.full((len(WORDS), len(WORDS)), -np.inf)
    for prev, row in TABLE.items():
        for word, p in row.items():
            if word in WORDS and p > 0:
                log_p[WORDS.index(prev), WORDS.index(word)] = np.log(p)
    nodes = {0: (None, BOS, 0.0)}  # node id -> (parent, token, cumulative log prob)
    child = {}  # (node, token) -> node
    live = set()

    def step(prev, state):
        # the search hands back the state rows of the prefixes it kept, and their last tokens
        ids = state[:, 0].astype(int)
        current = [n if n == 0 and len(nodes) == 1 else child[(n, int(t))]
                   for n, t in zip(ids, prev, strict=True)]
        live.update(current)
        for node in current:
            for tok in np.flatnonzero(np.isfinite(log_p[WORDS.index(WORDS[nodes[node][1]])])):
                nodes[len(nodes)] = (node, int(tok), nodes[node][2] + log_p[nodes[node][1], tok])
                child[(node, int(tok))] = len(nodes) - 1
        return log_p[prev], np.array(current, dtype=float)[:, None]

    tokens, _ = seq2seq.beam_search(step, np.zeros((1, 1)), bos=BOS, eos=EOS, beam_size=BEAM,
                                    max_len=MAX_LEN)
    best, node = [], 0
    for tok in tokens:
        node = child[(node, tok)]
        best.append(node)
    return nodes, live, best


def make(lang: str):
    nodes, live, best_path = run()
    children = {}
    for nid, (parent, _tok, _lp) in nodes.items():
        if parent is not None:
            children.setdefault(parent, []).append(nid)
    depth = {0: 0}
    for nid in sorted(nodes):
        if nodes[nid][0] is not None:
            depth[nid] = depth[nodes[nid][0]] + 1
    # leaves get rows in depth-first order; inner nodes sit at the mean of their children
    order, y = {}, [0]

    def place(nid):
        kids = children.get(nid, [])
        for k in kids:
            place(k)
        if kids:
            order[nid] = sum(order[k] for k in kids) / len(kids)
        else:
            order[nid] = y[0]
            y[0] += 1

    place(0)
    rows = y[0]
    width = 0.45 + 1.2 * max(depth.values()) + 1.15
    d = Diagram(width, 0.2 + 0.21 * rows, lang)
    top = 0.05 + 0.21 * rows

    def pos(nid):
        return 0.45 + 1.2 * depth[nid], top - 0.21 * order[nid] - 0.05

    def label_of(nid):
        _, tok, lp = nodes[nid]
        return WORDS[tok] if nid == 0 else f"{WORDS[tok]}  {lp:.2f}"

    for nid, (parent, _tok, _lp) in nodes.items():
        x, yy = pos(nid)
        on = nid in live or nid in best_path
        colour = VERMILLION if nid in best_path else (BLUE if on else INK)
        d.text(x + 0.04, yy, label_of(nid), size=7.5, colour=colour, ha="left",
               weight="bold" if nid in best_path else "normal")
        if parent is not None:
            px, py = pos(parent)
            pw = text_width(label_of(parent), 7.5) + 0.04
            d.line([(px + pw, py), (x, yy)], colour=colour, dashed=not on,
                   lw=1.4 if nid in best_path else 0.8)
    d.text(width - 0.05, 0.12, d.t(f"{term('seq2seq', 'beam size', lang)} B = {BEAM}; "
                           "numbers: log P(prefix)",
                           f"{term('seq2seq', 'beam size', lang)} B = {BEAM}；数字为前缀的 log P"),
           size=7, ha="right")
    return d.done()
