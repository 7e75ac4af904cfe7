"""Mini-batch gradient descent (chapter "Mini-batch gradient descent"), PyTorch.

Tensors are batch-first: ``X`` has shape ``(m, n_x)``. ``random_mini_batches`` is the NumPy
half's shuffle-and-partition for tensors on any device. The rest shows how one mini-batch step
scales past one process with ``DistributedDataParallel`` (DDP): every process holds a replica
of the model and a slice of each mini-batch; after ``backward`` DDP averages the gradients of
all processes (an all-reduce), so every replica takes the same step. With equal slices and a
loss that averages over the examples, that step is the step one process would take on the
whole mini-batch.
"""

from __future__ import annotations

import copy
import importlib
import multiprocessing
import os
import sys
import tempfile
import time

import torch
import torch.distributed as dist
from torch import nn

from dlnotes import checks

__all__ = ["random_mini_batches", "make_model", "single_process_train", "ddp_train",
           "ddp_worker"]


# --8<-- [start:partition]
def random_mini_batches(X: torch.Tensor, Y: torch.Tensor, batch_size: int = 64, seed: int = 0):
    """Shuffle the rows of ``X`` ``(m, ...)`` and ``Y`` ``(m, ...)`` together (a permutation
    drawn on their device from ``seed``) and cut them into mini-batches of ``batch_size`` rows;
    the last one may be smaller. Returns a list of ``(X_t, Y_t)`` on the same device."""
    seed = checks.seed("seed", seed)
    batch_size = checks.mini_batch.rows(X, Y, batch_size)
    g = torch.Generator(device=X.device).manual_seed(seed)
    perm = torch.randperm(X.shape[0], generator=g, device=X.device)
    X, Y = X[perm], Y[perm]
    return list(zip(X.split(batch_size), Y.split(batch_size), strict=True))
# --8<-- [end:partition]


def make_model(n_x: int = 4, n_h: int = 8, seed: int = 0) -> nn.Module:
    """The chapter's small float64 regression network ``n_x -> n_h (tanh) -> 1``."""
    seed = checks.seed("seed", seed)
    n_x, n_h = checks.integer("n_x", n_x), checks.integer("n_h", n_h)
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(n_x, n_h), nn.Tanh(), nn.Linear(n_h, 1)).double()


# --8<-- [start:single]
def single_process_train(model: nn.Module, batches, *, lr: float) -> dict[str, torch.Tensor]:
    """One SGD step per mini-batch of ``batches`` (list of ``(X, Y)``), MSE loss, on a copy of
    ``model`` in this process. Returns the final ``state_dict`` (the model is not changed)."""
    lr = checks.mini_batch.single_process(model, batches, lr)
    model = copy.deepcopy(model)  # the caller's model is not changed
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    for X, Y in batches:
        opt.zero_grad()
        nn.functional.mse_loss(model(X), Y).backward()
        opt.step()
    return {k: v.detach().clone() for k, v in model.state_dict().items()}
# --8<-- [end:single]


# --8<-- [start:worker]
def ddp_worker(rank, world_size, store, model, batches, lr, out):
    """What each of the ``world_size`` processes runs (started by :func:`ddp_train`)."""
    torch.set_num_threads(1)  # the processes share the CPU cores
    dist.init_process_group("gloo", init_method=f"file://{store}", rank=rank,
                            world_size=world_size)
    # a private replica: with "spawn" the arguments arrive in memory both processes share
    model = copy.deepcopy(model)
    ddp = nn.parallel.DistributedDataParallel(model)  # broadcasts rank 0's weights
    opt = torch.optim.SGD(ddp.parameters(), lr=lr)
    for X, Y in batches:
        X_r, Y_r = X.chunk(world_size)[rank], Y.chunk(world_size)[rank]  # my slice
        opt.zero_grad()
        nn.functional.mse_loss(ddp(X_r), Y_r).backward()  # all-reduce: mean of gradients
        opt.step()
    if rank == 0:
        torch.save(model.state_dict(), out)
    dist.barrier()  # both processes are done with every collective
# --8<-- [end:worker]


def _worker_process(rank, *args):
    """A process of :func:`ddp_train`: :func:`ddp_worker`, then leave at once, because tearing
    down DDP's gloo threads in the interpreter's finalizers can deadlock (a gloo thread waits
    for the GIL while the main thread joins it)."""
    ddp_worker(rank, *args)
    os._exit(0)


def ddp_train(model: nn.Module, batches, *, lr: float, world_size: int = 2,
              start_method: str | None = None, timeout: float = 300.0
              ) -> dict[str, torch.Tensor]:
    """The same steps as :func:`single_process_train`, with each mini-batch split between
    ``world_size`` processes that train replicas with ``DistributedDataParallel`` (gloo
    backend, CPU tensors). Returns rank 0's final ``state_dict``.

    ``start_method``: how the processes start; ``None`` means ``"fork"`` on Linux (fast: the
    workers inherit the parent's imports) and ``"spawn"`` elsewhere, where fork is unsafe
    (each worker imports torch afresh; ``ddp_worker`` lives in this module so that it can be
    spawned). ``timeout``: seconds after which hung workers are killed (``TimeoutError``).
    """
    timeout = checks.positive("timeout", timeout)
    lr = checks.positive("lr", lr)
    if isinstance(world_size, bool) or not isinstance(world_size, int):
        raise TypeError(f"world_size must be an int, got {type(world_size).__name__}")
    if world_size < 2:
        raise ValueError(f"world_size must be >= 2 processes, got {world_size}")
    checks.mini_batch.batches(batches, world_size)
    for t, (X, Y) in enumerate(batches):
        if X.device.type != "cpu" or Y.device.type != "cpu":
            raise ValueError(f"batches[{t}] must be on the CPU (the gloo example), got {X.device}")
    methods = multiprocessing.get_all_start_methods()
    if start_method is None:
        start_method = "fork" if sys.platform.startswith("linux") else "spawn"
    if start_method not in methods:
        raise ValueError(f"start_method must be one of {methods}, got {start_method!r}")
    if start_method == "fork":
        # DDP imports torch._dynamo when it is built (seconds); import it once here so that
        # the forked workers inherit it instead of each importing it.
        importlib.import_module("torch._dynamo")
    model = copy.deepcopy(checks.module("model", model)).cpu()
    with tempfile.TemporaryDirectory() as tmp:
        store, out = os.path.join(tmp, "store"), os.path.join(tmp, "rank0.pt")
        context = torch.multiprocessing.start_processes(
            _worker_process, args=(world_size, store, model, list(batches), lr, out),
            nprocs=world_size, start_method=start_method, join=False)
        deadline = time.monotonic() + timeout
        while not context.join(timeout=0.05):  # raises if a worker failed
            if time.monotonic() > deadline:
                for process in context.processes:
                    if process.is_alive():
                        process.kill()
                raise TimeoutError(f"the DDP workers did not finish within {timeout} s")
        return torch.load(out)
