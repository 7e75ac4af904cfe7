"""Word embeddings (chapter "Word embeddings"), PyTorch.

The same model as :mod:`dlnotes.numpy.word_embeddings`, in PyTorch's layout: word vectors
are the *rows* of ``nn.Embedding`` weights, ``E.weight`` of shape ``(V, n_e)`` (the transpose
of the notes' ``E``), and batches are batch-first. Skip-gram's loss is a sum of binary
logistic classifiers per (centre, context) pair, ``-sum_j log sigma(s_j theta_j . e_c)``:

* negative sampling: the context word (``s = +1``) and ``k`` noise words (``s = -1``);
* hierarchical softmax: the inner nodes of the Huffman-tree path to the context word
  (``s = +1`` left, ``-1`` right, ``0`` padding).

Tensors stay on the device they come on; the model's buffers follow ``model.to(device)``.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from dlnotes import checks
from dlnotes.numpy import word_embeddings as _np
from dlnotes.numpy import word_embeddings_experiment as _np_experiment
from dlnotes.torch.optimization import Adam

__all__ = ["sigmoid_loss", "negative_sampling_loss", "SkipGram", "train_skipgram"]


# --8<-- [start:sigmoid-loss]
def sigmoid_loss(e_c, theta, signs) -> torch.Tensor:
    """Batch mean of ``-sum_j log sigma(s_j theta_j . e_c)``.

    Args:
        e_c: centre vectors ``(m, n_e)``.
        theta: classifier vectors ``(m, J, n_e)``.
        signs: labels ``(m, J)``, +1, -1 or 0 (padding).
    """
    checks.word_embeddings.sigmoid_loss_tensors(e_c, theta, signs)
    scores = torch.einsum("mjd,md->mj", theta, e_c)
    logs = F.logsigmoid(signs * scores)          # stable for large scores
    return -(signs.abs() * logs).sum() / e_c.shape[0]
# --8<-- [end:sigmoid-loss]


# --8<-- [start:negative-sampling]
def negative_sampling_loss(e_c, theta_o, theta_neg) -> torch.Tensor:
    """``-log sigma(theta_o . e_c) - sum_i log sigma(-theta_n_i . e_c)``,
    batch mean; ``e_c``, ``theta_o``: ``(m, n_e)``; ``theta_neg``:
    ``(m, k, n_e)``."""
    checks.word_embeddings.negative_sampling_tensors(e_c, theta_o, theta_neg)
    theta = torch.cat([theta_o[:, None, :], theta_neg], dim=1)
    signs = torch.full(theta.shape[:2], -1.0, dtype=theta.dtype,
                       device=theta.device)
    signs[:, 0] = 1.0
    return sigmoid_loss(e_c, theta, signs)
# --8<-- [end:negative-sampling]


class SkipGram(nn.Module):
    """Skip-gram with negative sampling or hierarchical softmax.

    Args:
        counts: word counts ``(V,)`` (a sequence or tensor), most frequent first or not.
        n_e: number of features per word.
        method: ``"negative"`` (``Theta`` has ``V`` rows, one per context word) or
            ``"hierarchical"`` (``V - 1`` rows, one per inner node of the Huffman tree).
        k: negatives per pair (negative sampling).

    ``E.weight`` is ``(V, n_e)``; ``forward(centre, context, generator=None)`` takes word ids
    ``(m,)`` (long) and returns the mean loss over the ``m`` pairs, drawing the negatives from
    the unigram distribution to the 3/4 with ``generator``.
    """

    def __init__(self, counts, n_e: int, method: str = "negative", k: int = 5):
        super().__init__()
        self.method = checks.one_of("method", method, ("negative", "hierarchical"))
        counts = torch.as_tensor(counts, dtype=torch.float64).cpu()
        V = counts.numel()
        if counts.dim() != 1 or V < 2:
            raise ValueError(f"counts must have shape (V,) with V >= 2, got {tuple(counts.shape)}")
        self.k = checks.integer("k", k, 1)
        n_e = checks.integer("n_e", n_e, 1)
        self.E = nn.Embedding(V, n_e)
        nn.init.uniform_(self.E.weight, -0.5 / n_e, 0.5 / n_e)
        self.Theta = nn.Embedding(V if method == "negative" else V - 1, n_e)
        nn.init.zeros_(self.Theta.weight)
        noise = torch.as_tensor(_np.noise_distribution(counts.numpy()))
        self.register_buffer("noise", noise.float())
        if method == "hierarchical":
            nodes, signs = _np.huffman_tree(counts.numpy()).padded(range(V))
            self.register_buffer("paths", torch.as_tensor(nodes))
            self.register_buffer("codes", torch.as_tensor(signs).float())

    def classifiers(self, context, generator=None):
        """Rows of ``Theta`` ``(m, J)`` and labels ``(m, J)`` for the context words."""
        if self.method == "negative":
            m = context.shape[0]
            neg = torch.multinomial(self.noise, m * self.k, replacement=True,
                                    generator=generator).view(m, self.k)
            nodes = torch.cat([context[:, None], neg], dim=1)
            signs = torch.full(nodes.shape, -1.0, device=nodes.device)
            signs[:, 0] = 1.0
            return nodes, signs
        return self.paths[context], self.codes[context]

    def forward(self, centre, context, generator=None, nodes=None, signs=None):
        for name, ids in (("centre", centre), ("context", context)):
            if not isinstance(ids, torch.Tensor) or ids.dtype != torch.long:
                raise TypeError("centre and context must be long tensors of word ids")
            if ids.dim() != 1 or ids.numel() == 0:
                raise ValueError(f"{name} must have shape (m,) with m >= 1, "
                                 f"got {tuple(ids.shape)}")
            if ids.min() < 0 or ids.max() >= self.E.num_embeddings:  # else an IndexError
                raise ValueError(f"{name} must hold word ids in [0, {self.E.num_embeddings})")
        checks.same_shape("context", context.shape, "centre", centre.shape)
        if nodes is None:
            nodes, signs = self.classifiers(context, generator)
        e_c = self.E(centre)                       # (m, n_e)
        theta = self.Theta(nodes)                  # (m, J, n_e)
        return sigmoid_loss(e_c, theta, signs.to(e_c.dtype))

    @torch.no_grad()
    def log_probabilities(self, centre: int) -> torch.Tensor:
        """Hierarchical softmax: ``log P(w | centre)`` for every word ``w`` (``(V,)``)."""
        if self.method != "hierarchical":
            raise ValueError("log_probabilities needs method='hierarchical'")
        e = self.E.weight[centre]
        scores = self.Theta.weight[self.paths] @ e          # (V, L)
        return (self.codes.abs() * F.logsigmoid(self.codes * scores)).sum(dim=1)


def train_skipgram(sentences, *, n_e: int = 16, window: int = 3, method: str = "negative",
                   k: int = 5, epochs: int = 5, lr: float = 0.01, batch_size: int = 256,
                   seed: int = 0, device="cpu", dtype=torch.float32):
    """Train :class:`SkipGram` with :class:`~dlnotes.torch.optimization.Adam` on mini-batches
    of (centre, context) pairs, as :func:`dlnotes.numpy.word_embeddings_experiment.train_skipgram`
    does.
    Returns ``(model, vocab, losses)``: the model on ``device``, the
    :class:`~dlnotes.numpy.word_embeddings_experiment.Vocabulary` and the mean loss of each
    epoch."""
    seed = checks.seed("seed", seed)
    checks.word_embeddings.training(method, n_e, window, k, epochs, batch_size, lr)
    vocab = _np_experiment.build_vocab(sentences)
    pairs = torch.as_tensor(_np_experiment.corpus_pairs(sentences, vocab, window), device=device)
    torch.manual_seed(seed)
    model = SkipGram(vocab.counts, n_e, method, k).to(device=device, dtype=dtype)
    gen = torch.Generator(device=device).manual_seed(seed)
    opt = Adam(model.parameters(), lr=lr)
    losses, P = [], pairs.shape[1]
    for _ in range(epochs):
        order, total = torch.randperm(P, generator=gen, device=device), 0.0
        if method == "negative":  # one draw of all the epoch's negatives (fewer calls)
            nodes, signs = model.classifiers(pairs[1, order], gen)
        for start in range(0, P, batch_size):
            batch = order[start:start + batch_size]
            c, o = pairs[:, batch]
            if method == "negative":
                s = slice(start, start + batch_size)
                loss = model(c, o, nodes=nodes[s], signs=signs[s])
            else:
                loss = model(c, o)
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item() * len(c)
        losses.append(total / P)
    return model, vocab, losses
