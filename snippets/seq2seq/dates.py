from dlnotes import data
from dlnotes.torch import seq2seq as ts

pairs = data.random_dates(4, seed=0)
for text, iso in pairs:
    print(f"{text} -> {iso}  (parse_date: {data.parse_date(text)})")

src_vocab, tgt_vocab = ts.date_vocabs()
print("ids:", len(src_vocab), "source,", len(tgt_vocab), "target")
src, src_lens, tgt_in, tgt_out = ts.encode_pairs(pairs, src_vocab, tgt_vocab)
print("src", tuple(src.shape), "src_lens", src_lens.tolist())
print("tgt_in  (decoder reads):", tgt_in[0].tolist())
print("tgt_out (labels):       ", tgt_out[0].tolist())
