import math

import torch

from dlnotes import data
from dlnotes.torch import seq2seq as ts

torch.set_num_threads(1)  # small tensors: one thread is fastest
torch.manual_seed(0)
src_vocab, tgt_vocab = ts.date_vocabs()
model = ts.Seq2Seq(len(src_vocab), len(tgt_vocab), attention=False)
pairs = data.random_dates(64, seed=1)
src, src_lens, tgt_in, tgt_out = ts.encode_pairs(pairs, src_vocab, tgt_vocab)

logits, _ = model(src, src_lens, tgt_in)  # teacher forcing
loss = ts.sequence_loss(logits, tgt_out)
print("logits", tuple(logits.shape), "(N, T, V)")
ln_v = math.log(len(tgt_vocab))
print(f"untrained loss {loss.item():.3f}, ln V = {ln_v:.3f}")

memory = model.encode(src, src_lens).memory
print("encoder states", tuple(memory.shape), "for sources of lengths",
      src_lens.min().item(), "to", src_lens.max().item())
tokens, _ = ts.greedy_decode(model, src, src_lens)
print("output length", tokens.shape[1], "whatever the source length")
