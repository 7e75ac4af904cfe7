import torch

from dlnotes.torch import mini_batch as tmb

if __name__ == "__main__":  # the worker processes must not run this again
    g = torch.Generator().manual_seed(1)
    X = torch.randn(192, 4, dtype=torch.float64, generator=g)
    Y = torch.sin(X.sum(dim=1, keepdim=True))
    # 3 mini-batches of 64
    batches = tmb.random_mini_batches(X, Y, batch_size=64, seed=0)
    model = tmb.make_model(n_x=4, n_h=8, seed=0)

    one = tmb.single_process_train(model, batches, lr=0.1)
    # 32 examples per process
    two = tmb.ddp_train(model, batches, lr=0.1, world_size=2)

    diff = max((one[k] - two[k]).abs().max().item() for k in one)
    start = model.state_dict()["2.weight"]
    moved = (one["2.weight"] - start).abs().max().item()
    print(f"3 steps; largest change of a weight: {moved:.3f}")
    print("2 processes (DDP, gloo) == 1 process, to 1e-12:", diff < 1e-12)
