import torch
import torch.nn.functional as F

torch.manual_seed(0)
emb = torch.nn.Embedding(10_000, 300)      # weight (V, n_e): one ROW per word
ids = torch.tensor([4321, 7])
rows = emb(ids)                            # (2, 300): a table lookup
one_hot = F.one_hot(ids, 10_000).float()   # (2, V)
print("rows:", tuple(rows.shape))
print("same as one-hot @ weight:", torch.equal(rows, one_hot @ emb.weight))
