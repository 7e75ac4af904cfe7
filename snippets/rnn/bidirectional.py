import torch
from torch import nn

from dlnotes.torch.optimization import Adam

# Tag each word by what comes NEXT: y<t> = 1 when x<t+1> is token 0
# (is "Teddy" followed by "bears"?).
torch.set_num_threads(1)  # tiny tensors: extra threads cost more than they save
torch.manual_seed(0)
vocab, steps = 4, 8
tokens = torch.randint(vocab, (256, steps))
x = torch.nn.functional.one_hot(tokens, vocab).float()
y = torch.zeros(256, steps)
y[:, :-1] = (tokens[:, 1:] == 0).float()


def train(bidirectional):
    torch.manual_seed(1)
    rnn = nn.RNN(vocab, 8, batch_first=True, bidirectional=bidirectional)
    head = torch.nn.Linear(16 if bidirectional else 8, 1)
    opt = Adam([*rnn.parameters(), *head.parameters()], lr=0.1)
    for _ in range(60):
        logits = head(rnn(x)[0]).squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        predicted = (head(rnn(x)[0]).squeeze(-1) > 0).float()
        return (predicted == y).float().mean().item()


print(f"share of label 0 (always guessing 0): {1 - y.mean().item():.3f}")
print(f"one-way RNN accuracy:       {train(False):.3f}")
print(f"bidirectional RNN accuracy: {train(True):.3f}")
