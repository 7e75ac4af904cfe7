"""Transformer, encoder and decoder (chapter "Transformer"), PyTorch.

Conventions of :mod:`dlnotes.torch.attention`: batch first, one token per row
(``(batch, n, d_model)``), projections right-multiplied (``y = x @ W + b`` with ``W`` of shape
``(d_in, d_out)``; an ``nn.Linear`` stores the transpose). Blocks are **post-norm**, as in the
original paper and in ``nn.TransformerEncoderLayer(norm_first=False)``::

    encoder:  x = LN1(x + SelfAttn(x));  x = LN2(x + FFN(x))
    decoder:  y = LN1(y + CausalSelfAttn(y));  y = LN2(y + CrossAttn(y, memory));
              y = LN3(y + FFN(y))

Masks: ``key_padding_mask`` and ``memory_key_padding_mask`` are boolean ``(batch, n_keys)``,
**True at padding** (the built-ins' convention). ``copy_from`` loads the weights of the
built-in layer, so that the two compute the same function (with dropout 0). Tensors stay on
the device they come on.

The dates task (``dlnotes.data``), its training run and its score are in
:mod:`dlnotes.torch.transformer_experiment`.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from dlnotes import checks
from dlnotes.torch.attention import MultiHeadAttention, positional_encoding

__all__ = [
    "LayerNorm",
    "PositionWiseFFN",
    "EncoderBlock",
    "DecoderBlock",
    "Transformer",
    "greedy_decode",
]

PAD, BOS, EOS = 0, 1, 2  # the ids of dlnotes.data.Vocab's specials


# --8<-- [start:layer_norm]
class LayerNorm(nn.Module):
    """Layer normalization over the last dim: each token on its own features.

    ``y = (x - mean) / sqrt(var + eps) * gamma + beta``, with the mean and the
    (biased) variance over the ``d`` features of one token; ``gamma``, ``beta``
    of shape ``(d,)``.
    """

    def __init__(self, d: int, eps: float = 1e-5, *, dtype=None, device=None):
        super().__init__()
        self.d, self.eps = checks.transformer.layer_norm_module(d, eps)
        self.gamma = nn.Parameter(torch.ones(d, dtype=dtype, device=device))
        self.beta = nn.Parameter(torch.zeros(d, dtype=dtype, device=device))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.transformer.features("x", x, self.d, self)
        mean = x.mean(dim=-1, keepdim=True)
        var = (x - mean).pow(2).mean(dim=-1, keepdim=True)  # biased
        return (x - mean) * torch.rsqrt(var + self.eps) * self.gamma + self.beta
# --8<-- [end:layer_norm]

    @torch.no_grad()
    def copy_from(self, ln: nn.LayerNorm) -> LayerNorm:
        self.gamma.copy_(ln.weight)
        self.beta.copy_(ln.bias)
        self.eps = ln.eps
        return self


class PositionWiseFFN(nn.Module):
    """``FFN(x) = relu(x W1 + b1) W2 + b2``, the same two-layer network at every position.

    ``W1 (d_model, d_ff)``, ``W2 (d_ff, d_model)``; input and output ``(..., d_model)``.
    """

    def __init__(self, d_model: int, d_ff: int, dropout: float = 0.0, *, dtype=None,
                 device=None):
        super().__init__()
        checks.integer("d_model", d_model), checks.integer("d_ff", d_ff)
        kw = {"dtype": dtype, "device": device}
        lin1, lin2 = nn.Linear(d_model, d_ff, **kw), nn.Linear(d_ff, d_model, **kw)
        self.W1 = nn.Parameter(lin1.weight.detach().T.clone())
        self.b1 = nn.Parameter(lin1.bias.detach().clone())
        self.W2 = nn.Parameter(lin2.weight.detach().T.clone())
        self.b2 = nn.Parameter(lin2.bias.detach().clone())
        self.dropout = nn.Dropout(checks.unit_interval("dropout", dropout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        checks.transformer.features("x", x, self.W1.shape[0], self)
        return self.dropout(torch.relu(x @ self.W1 + self.b1)) @ self.W2 + self.b2

    @torch.no_grad()
    def copy_from(self, linear1: nn.Linear, linear2: nn.Linear) -> PositionWiseFFN:
        self.W1.copy_(linear1.weight.T), self.b1.copy_(linear1.bias)
        self.W2.copy_(linear2.weight.T), self.b2.copy_(linear2.bias)
        return self


# --8<-- [start:encoder_block]
class EncoderBlock(nn.Module):
    """A post-norm encoder block (``nn.TransformerEncoderLayer`` with
    ``batch_first=True``, ``norm_first=False``, ReLU).

    ``forward(x, key_padding_mask=None)``: ``x`` ``(batch, n, d_model)``, the
    mask ``(batch, n)`` True at padding; returns ``(batch, n, d_model)``.
    ``dropout`` acts on each sub-layer's output (before the residual sum) and
    inside the feed-forward network, not on the attention weights.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int,
                 dropout: float = 0.0, *, dtype=None, device=None):
        super().__init__()
        kw = {"dtype": dtype, "device": device}
        self.d_model = d_model
        self.attention = MultiHeadAttention(d_model, num_heads, **kw)
        self.norm1 = LayerNorm(d_model, **kw)
        self.ffn = PositionWiseFFN(d_model, d_ff, dropout, **kw)
        self.norm2 = LayerNorm(d_model, **kw)
        self.dropout = nn.Dropout(checks.unit_interval("dropout", dropout))

    def forward(self, x, key_padding_mask=None):
        checks.transformer.encoder_inputs(x, key_padding_mask, self.d_model, self)
        a, _ = self.attention(x, key_padding_mask=key_padding_mask)
        x = self.norm1(x + self.dropout(a))  # add & norm
        return self.norm2(x + self.dropout(self.ffn(x)))  # add & norm
# --8<-- [end:encoder_block]

    @torch.no_grad()
    def copy_from(self, layer: nn.TransformerEncoderLayer) -> EncoderBlock:
        """Copy the weights of a post-norm, batch-first ``nn.TransformerEncoderLayer``."""
        checks.transformer.builtin_layer(layer, nn.TransformerEncoderLayer)
        self.attention.copy_from(layer.self_attn)
        self.norm1.copy_from(layer.norm1), self.norm2.copy_from(layer.norm2)
        self.ffn.copy_from(layer.linear1, layer.linear2)
        return self

    def numpy_params(self) -> dict:
        """The weights as float64 arrays in the layout of
        :func:`dlnotes.numpy.transformer.encoder_block`."""
        return {"attention": _mha_params(self.attention), "norm1": _ln_params(self.norm1),
                "ffn": _ffn_params(self.ffn), "norm2": _ln_params(self.norm2)}


# --8<-- [start:decoder_block]
class DecoderBlock(nn.Module):
    """A post-norm decoder block (``nn.TransformerDecoderLayer`` with
    ``batch_first=True``, ``norm_first=False``, ReLU).

    ``forward(y, memory, *, causal=True, tgt_key_padding_mask=None,
    memory_key_padding_mask=None)``: ``y`` ``(batch, n_t, d_model)``, ``memory``
    ``(batch, n_s, d_model)``, masks ``(batch, n_t)`` and ``(batch, n_s)`` True
    at padding; returns ``(batch, n_t, d_model)``. Self-attention is causal
    (position ``i`` sees targets ``<= i``); cross-attention takes its queries
    from ``y``, its keys and values from the encoder's output ``memory``.
    """

    def __init__(self, d_model: int, num_heads: int, d_ff: int,
                 dropout: float = 0.0, *, dtype=None, device=None):
        super().__init__()
        kw = {"dtype": dtype, "device": device}
        self.d_model = d_model
        self.self_attention = MultiHeadAttention(d_model, num_heads, **kw)
        self.norm1 = LayerNorm(d_model, **kw)
        self.cross_attention = MultiHeadAttention(d_model, num_heads, **kw)
        self.norm2 = LayerNorm(d_model, **kw)
        self.ffn = PositionWiseFFN(d_model, d_ff, dropout, **kw)
        self.norm3 = LayerNorm(d_model, **kw)
        self.dropout = nn.Dropout(checks.unit_interval("dropout", dropout))

    def forward(self, y, memory, *, causal=True, tgt_key_padding_mask=None,
                memory_key_padding_mask=None):
        checks.transformer.decoder_inputs(y, memory, tgt_key_padding_mask,
                                          memory_key_padding_mask, self.d_model, self)
        a, _ = self.self_attention(y, key_padding_mask=tgt_key_padding_mask,
                                   causal=causal)
        y = self.norm1(y + self.dropout(a))
        c, _ = self.cross_attention(y, memory, memory,
                                    key_padding_mask=memory_key_padding_mask)
        y = self.norm2(y + self.dropout(c))
        return self.norm3(y + self.dropout(self.ffn(y)))
# --8<-- [end:decoder_block]

    @torch.no_grad()
    def copy_from(self, layer: nn.TransformerDecoderLayer) -> DecoderBlock:
        """Copy the weights of a post-norm, batch-first ``nn.TransformerDecoderLayer``."""
        checks.transformer.builtin_layer(layer, nn.TransformerDecoderLayer)
        self.self_attention.copy_from(layer.self_attn)
        self.cross_attention.copy_from(layer.multihead_attn)
        for i in (1, 2, 3):
            getattr(self, f"norm{i}").copy_from(getattr(layer, f"norm{i}"))
        self.ffn.copy_from(layer.linear1, layer.linear2)
        return self

    def numpy_params(self) -> dict:
        """The weights as float64 arrays in the layout of
        :func:`dlnotes.numpy.transformer.decoder_block`."""
        return {"self_attention": _mha_params(self.self_attention),
                "norm1": _ln_params(self.norm1),
                "cross_attention": _mha_params(self.cross_attention),
                "norm2": _ln_params(self.norm2), "ffn": _ffn_params(self.ffn),
                "norm3": _ln_params(self.norm3)}


def _np(t):
    return t.detach().to("cpu", torch.float64).numpy()


def _mha_params(m: MultiHeadAttention) -> dict:
    return {f"{w}_{n}": _np(getattr(m, f"{w.lower()}_{n}")) for w in ("W", "b")
            for n in "qkvo"}


def _ln_params(m: LayerNorm) -> dict:
    return {"gamma": _np(m.gamma), "beta": _np(m.beta), "eps": m.eps}


def _ffn_params(m: PositionWiseFFN) -> dict:
    return {n: _np(getattr(m, n)) for n in ("W1", "b1", "W2", "b2")}


class Transformer(nn.Module):
    """An encoder-decoder Transformer over token ids (id 0 = padding).

    Embeddings are scaled by ``sqrt(d_model)`` and added to the sinusoidal positional
    encoding; ``num_layers`` encoder blocks and as many decoder blocks follow; a linear layer
    maps each decoder output to logits over the target vocabulary.

    ``forward(src (batch, n_s) ids, tgt_in (batch, n_t) ids)`` returns logits
    ``(batch, n_t, tgt_vocab)``; position ``t`` predicts target token ``t`` from
    ``tgt_in[:, :t+1]`` (teacher forcing: ``tgt_in`` is the target shifted right behind
    ``<bos>``). Padding in ``src`` is masked out of every attention over the source.
    """

    def __init__(self, src_vocab: int, tgt_vocab: int, d_model: int = 64,
                 num_heads: int = 4, d_ff: int = 128, num_layers: int = 2,
                 max_len: int = 64, dropout: float = 0.0, *, dtype=None, device=None):
        super().__init__()
        for name, n in (("src_vocab", src_vocab), ("tgt_vocab", tgt_vocab),
                        ("num_layers", num_layers), ("max_len", max_len)):
            checks.integer(name, n)
        kw = {"dtype": dtype, "device": device}
        self.d_model, self.max_len = d_model, max_len
        self.src_embed = nn.Embedding(src_vocab, d_model, padding_idx=PAD, **kw)
        self.tgt_embed = nn.Embedding(tgt_vocab, d_model, padding_idx=PAD, **kw)
        self.register_buffer("pe", positional_encoding(max_len, d_model, **kw),
                             persistent=False)
        self.encoder = nn.ModuleList(EncoderBlock(d_model, num_heads, d_ff, dropout, **kw)
                                     for _ in range(num_layers))
        self.decoder = nn.ModuleList(DecoderBlock(d_model, num_heads, d_ff, dropout, **kw)
                                     for _ in range(num_layers))
        self.out = nn.Linear(d_model, tgt_vocab, **kw)
        with torch.no_grad():  # x sqrt(d_model) gives unit-size embeddings, like the encoding
            for embed in (self.src_embed, self.tgt_embed):
                embed.weight.normal_(0.0, d_model**-0.5)
                embed.weight[PAD] = 0.0
        self.dropout = nn.Dropout(checks.unit_interval("dropout", dropout))

    def _embed(self, embed: nn.Embedding, ids: torch.Tensor) -> torch.Tensor:
        name = "src" if embed is self.src_embed else "tgt_in"
        if not isinstance(ids, torch.Tensor) or ids.dtype != torch.long or ids.dim() != 2:
            raise TypeError(f"{name} must be a 2-D tensor of int64 token ids (batch, n)")
        if ids.numel() == 0:
            raise ValueError(f"{name} must hold at least one token per sequence, got shape "
                             f"{tuple(ids.shape)}")
        if ids.min() < 0 or ids.max() >= embed.num_embeddings:  # else an IndexError
            raise ValueError(f"{name} must hold ids in [0, {embed.num_embeddings}), got "
                             f"{ids.min().item()} to {ids.max().item()}")
        if ids.shape[1] > self.max_len:
            raise ValueError(f"{name} is longer ({ids.shape[1]}) than max_len "
                             f"({self.max_len})")
        x = embed(ids) * math.sqrt(self.d_model) + self.pe[: ids.shape[1]]
        return self.dropout(x)

    def encode(self, src: torch.Tensor):
        """``(memory (batch, n_s, d_model), src_padding (batch, n_s))``."""
        pad = src == PAD if isinstance(src, torch.Tensor) else None
        x = self._embed(self.src_embed, src)
        for block in self.encoder:
            x = block(x, key_padding_mask=pad)
        return x, pad

    def decode(self, tgt_in: torch.Tensor, memory, src_padding) -> torch.Tensor:
        """Logits ``(batch, n_t, tgt_vocab)`` of the next token at every target position."""
        y = self._embed(self.tgt_embed, tgt_in)
        for block in self.decoder:
            y = block(y, memory, memory_key_padding_mask=src_padding)
        return self.out(y)

    def forward(self, src: torch.Tensor, tgt_in: torch.Tensor) -> torch.Tensor:
        return self.decode(tgt_in, *self.encode(src))

    def greedy(self, src: torch.Tensor, steps: int) -> torch.Tensor:
        """:func:`greedy_decode` with this model."""
        return greedy_decode(self, src, steps)


# --8<-- [start:greedy]
@torch.no_grad()
def greedy_decode(model: Transformer, src: torch.Tensor, steps: int):
    """Greedy decoding: ``steps`` token ids ``(batch, steps)``, each the most
    likely one given the source ``src`` ``(batch, n_s)`` and the tokens chosen
    before it (the first input is ``<bos>``)."""
    checks.transformer.greedy_decode(model, steps)
    memory, pad = model.encode(src)
    ys = torch.full((src.shape[0], 1), BOS, dtype=torch.long, device=src.device)
    for _ in range(steps):
        logits = model.decode(ys, memory, pad)[:, -1]  # the newest position
        ys = torch.cat([ys, logits.argmax(dim=-1, keepdim=True)], dim=1)
    return ys[:, 1:]  # without <bos>
# --8<-- [end:greedy]
