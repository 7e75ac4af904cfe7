import torch

from dlnotes.torch import seq2seq as ts

torch.set_num_threads(1)  # small tensors: one thread is fastest
torch.manual_seed(0)
src_vocab, tgt_vocab = ts.date_vocabs()
model = ts.Seq2Seq(len(src_vocab), len(tgt_vocab), hidden=64)
pairs = [("3/3/98", "1998-03-03"), ("Tuesday, 3 March 1998", "1998-03-03")]
src, src_lens, tgt_in, _ = ts.encode_pairs(pairs, src_vocab, tgt_vocab)

enc = model.encode(src, src_lens)
print("annotations h_j", tuple(enc.memory.shape), "(N, T_src, 2H)")
logits, s1, alpha = model.step(tgt_in[:, 0], enc.s0, enc)
print("state s_1", tuple(s1.shape), "weights", tuple(alpha.shape))
print("weights of the short source on padding:", alpha[0, 6:].sum().item())
print("each row sums to 1:", torch.allclose(alpha.sum(1), torch.ones(2)))

_, weights = model(src, src_lens, tgt_in)  # all 11 steps, teacher forcing
print("attention map of one source:", tuple(weights[1].shape), "(T, T_src)")
