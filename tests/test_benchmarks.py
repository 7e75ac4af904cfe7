"""The benchmark helpers and the committed results file the Benchmarks page renders.

The timing helper is checked on functions of known relative cost; the results file on its
structure and on the arithmetic the page relies on (each ratio is the time over the built-in's
time). The suite itself runs in ``--quick`` mode on a reduced CPU case list, and on CUDA only
where a GPU is present.

Then the bad-input sweep of the benchmark helpers (tests/sweep_support.py), and why they have
no property test (NO_ORACLE).
"""

import importlib.util
import json
import os
import time

import pytest
import torch
from sweep_support import BAD_INT, C, E, sweep_module

from dlnotes.torch import benchmarks as bm
from site_tools.doc_examples import ROOT

RESULTS = ROOT / "benchmarks" / "results" / "cpu.json"


def _run_module():
    """benchmarks/run.py as a module; the thread settings it makes are undone afterwards."""
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "benchmarks" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    env = dict(os.environ)
    try:
        spec.loader.exec_module(mod)
    finally:
        os.environ.clear()
        os.environ.update(env)
    return mod


@pytest.fixture(autouse=True)
def _keep_torch_threads():
    threads = torch.get_num_threads()
    yield
    torch.set_num_threads(threads)


def test_median_times_orders_known_costs():
    fast, slow = (lambda: None), (lambda: time.sleep(0.005))
    t_fast, t_slow = bm.median_times([fast, slow], repeats=5, warmup=1)
    assert t_fast < 0.001 < 0.004 < t_slow


@pytest.mark.parametrize(("kw", "name", "exc"), [({"repeats": 0}, "repeats", ValueError),
                                                 ({"warmup": -1}, "warmup", ValueError),
                                                 ({"repeats": True}, "repeats", TypeError)])
def test_median_times_rejects_bad_counts(kw, name, exc):
    with pytest.raises(exc, match=f"^{name} must"):
        bm.median_times([lambda: None], **kw)


def test_committed_results_are_consistent():
    data = bm.load_results(RESULTS)
    m = data["machine"]
    assert m["cpu"] and m["cores"] >= 1 and len(m["load_average"]) == 3
    assert m["gpu"] is None or isinstance(m["gpu"], str)
    cases = {r["case"] for r in data["results"]}
    assert set(_run_module().CASES) <= cases
    for r in data["results"]:
        base = r["times_ms"][r["builtin"]]
        for impl, ms in r["times_ms"].items():
            assert ms > 0
            assert r["ratios"][impl] == pytest.approx(ms / base, rel=2e-3, abs=1e-3)


def test_load_results_names_a_missing_key(tmp_path):
    path = tmp_path / "r.json"
    path.write_text(json.dumps({"machine": {}, "results": []}))
    with pytest.raises(ValueError, match="^path must be a benchmark results file; 'settings'"):
        bm.load_results(path)


def test_table_and_machine_line_in_both_languages():
    data = bm.load_results(RESULTS)
    en, zh = bm.format_table(data), bm.format_table(data, lang="zh")
    assert en.splitlines()[0].startswith("operation") and zh.splitlines()[0].startswith("运算")
    assert len(en.splitlines()) == len(zh.splitlines()) == 1 + len(bm.ratio_rows(data))
    assert "GPU: none" in bm.describe_machine(data) or data["machine"]["gpu"]
    with pytest.raises(ValueError, match="^lang must"):
        bm.format_table(data, lang="fr")


def test_machine_info_names_the_versions():
    info = bm.machine_info()
    assert info["torch"] == torch.__version__.split("+")[0]
    assert (info["gpu"] is None) == (not torch.cuda.is_available())


def test_every_case_builds_and_runs(device):
    """Each case of the suite builds on the device (every one on the CPU) and every timed
    function runs there."""
    run = _run_module()
    dev = torch.device(device)
    for name, make in run.CASES.items():
        case = make(dev)
        if case is None:
            assert dev.type == "cuda" and name == "NMS", name
            continue
        assert case["builtin"] in case["impls"], name
        for fns in case["impls"].values():
            for fn in fns.values():
                fn()  # runs without error on this device


@pytest.mark.parametrize("name", ["encoder block", "NMS"])
def test_the_timed_implementations_agree(name):
    """What the suite times side by side computes the same thing (forward pass, CPU)."""
    case = _run_module().CASES[name](torch.device("cpu"))
    outs = {k: fns["forward"]() for k, fns in case["impls"].items()}
    want = outs.pop(case["builtin"])
    for impl, got in outs.items():
        got, ref = (torch.as_tensor(t).detach().double() for t in (got, want))
        assert got.shape == ref.shape, impl
        assert torch.allclose(got, ref, atol=1e-5), impl


def test_the_suite_writes_a_results_file(tmp_path, monkeypatch):
    run = _run_module()
    monkeypatch.setattr(run, "CASES", {"max pool": run.case_pool})
    out = tmp_path / "r.json"
    run.main(["--quick", "--device", "cpu", "--out", str(out)])
    data = bm.load_results(out)
    assert {r["pass"] for r in data["results"]} == {"forward", "forward+backward"}
    assert data["settings"]["quick"] and data["machine"]["load_average_before"]


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message without CUDA")
def test_cuda_is_refused_cleanly_without_a_gpu(tmp_path):
    run = _run_module()
    with pytest.raises(SystemExit):
        run.main(["--device", "cuda", "--out", str(tmp_path / "r.json")])


# --------------------------------------------------- property tests (tests/properties_support.py)


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "torch.benchmarks.describe_machine",
    "torch.benchmarks.format_table",
    "torch.benchmarks.load_results",
    "torch.benchmarks.machine_info",
    "torch.benchmarks.median_times",
    "torch.benchmarks.ratio_rows",
], "reporting helpers: nothing to compare with (tested by the benchmarks page)")


# -------------------------------------------------- the bad-input sweep (tests/sweep_support.py)


def _torch_sweep():
    from dlnotes.torch import benchmarks as m

    results = ROOT / "benchmarks" / "results" / "cpu.json"
    data = m.load_results(results)
    return {
        "describe_machine": E(C(data), hyper={"data": [{}, None], "lang": ["fr"]}),
        "format_table": E(C(data), hyper={"data": [{}, None], "lang": ["fr"], "device": ["tpu"]}),
        # a missing file raises FileNotFoundError (naming the file), as open() does
        "load_results": E(C(results), hyper={"path": [None, 3]}),
        "machine_info": E(C()),
        "median_times": E(C([lambda: None], repeats=3, warmup=1),
                          hyper={"repeats": BAD_INT, "warmup": [-1, 2.5], "fns": [[], None, [3]],
                                 "device": ["tpu"]}),
        "ratio_rows": E(C(data), hyper={"data": [{}, None], "device": ["tpu"]}),
    }


SWEEP = {"torch.benchmarks": _torch_sweep}


@pytest.mark.api
def test_sweep_torch(device):
    sweep_module("torch.benchmarks", _torch_sweep, device)
