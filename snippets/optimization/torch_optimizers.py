import torch

from dlnotes.torch import optimization as dto

device = "cuda" if torch.cuda.is_available() else "cpu"
torch.manual_seed(0)
x = torch.randn(256, 5, device=device, dtype=torch.float64)
y = x @ torch.randn(5, 1, device=device, dtype=torch.float64)


def train(make_optimizer, epochs=20):
    torch.manual_seed(1)
    model = torch.nn.Linear(5, 1).to(device, torch.float64)
    optimizer = make_optimizer(model.parameters())
    for _ in range(epochs):
        optimizer.zero_grad()
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
    return model.weight.detach()


pairs = {  # (ours, torch's built-in) with matching hyperparameters
    "Adam": (lambda p: dto.Adam(p, lr=0.1),
             lambda p: torch.optim.Adam(p, lr=0.1)),
    "RMSprop": (lambda p: dto.RMSprop(p, lr=0.01, beta=0.99),
                lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99)),
    "Momentum (sum)": (lambda p: dto.Momentum(p, lr=0.1, convention="sum"),
                       lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9)),
}
for name, (ours, builtin) in pairs.items():
    gap = (train(ours) - train(builtin)).abs().max().item()
    print(f"{name:15s} same weights as torch.optim: {gap < 1e-12}")
