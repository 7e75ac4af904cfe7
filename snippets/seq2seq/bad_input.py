import torch

from dlnotes import data
from dlnotes.numpy.seq2seq import beam_search, bleu
from dlnotes.torch import seq2seq as ts

torch.set_num_threads(1)  # small tensors: one thread is fastest
src_vocab, tgt_vocab = ts.date_vocabs()
model = ts.Seq2Seq(len(src_vocab), len(tgt_vocab))
src, lens, tgt_in, _ = ts.encode_pairs(data.random_dates(2), src_vocab,
                                       tgt_vocab)
attempts = [
    lambda: data.parse_date("31 February 1999"),
    lambda: data.parse_date("next Tuesday"),
    lambda: model(src, lens[None], tgt_in),  # lengths as a (1, N) mask
    lambda: model(src, torch.tensor([3, 99]), tgt_in),
    lambda: bleu("a cat", []),
    lambda: beam_search(lambda prev, state: (None, state), None, bos=1, eos=2,
                        beam_size=0, max_len=5),
]
for attempt in attempts:
    try:
        attempt()
    except (TypeError, ValueError) as err:
        print(f"{type(err).__name__}: {err}")
