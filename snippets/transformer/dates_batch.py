import torch

from dlnotes.data import Vocab, random_dates
from dlnotes.torch import transformer as tt
from dlnotes.torch import transformer_experiment as ttx

pairs = random_dates(3, seed=7)
vocab = Vocab.from_texts(s + t for s, t in random_dates(2000, seed=0))
src, tgt_in, tgt_out = ttx.encode_dates(pairs, vocab, src_len=32)
print(pairs[0])
print("src   ", src[0, :16].tolist(), "...")  # 0 = <pad>
print("tgt_in", tgt_in[0].tolist())  # <bos> = 1, then the ISO date
print("tgt_out", tgt_out[0].tolist())  # the ISO date, then <eos> = 2

torch.manual_seed(0)
model = tt.Transformer(len(vocab), len(vocab), d_model=64, num_heads=4,
                       d_ff=128, num_layers=1, max_len=32)
logits = model(src, tgt_in)  # teacher forcing: all 11 positions at once
print("logits", tuple(logits.shape), "(batch, target positions, vocab)")
print("untrained greedy decode:", repr(vocab.decode(model.greedy(src, 11)[0])))
