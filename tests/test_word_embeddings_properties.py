"""Word embeddings: property tests (hypothesis) of the public API. The sigmoid and
negative-sampling losses against autograd; the skip-gram loss against the torch model; the
Huffman tree's prefix code and optimality; pairs, CBOW examples and the vocabulary against
brute force; cosines, neighbours and PCA against ``F.cosine_similarity`` and an
eigendecomposition (tests/properties_support.py)."""

import math

import numpy as np
import torch
import torch.nn.functional as F
from hypothesis import given
from hypothesis import strategies as st
from properties_support import CHAPTER_TESTS, GRAD, PROP, arr, close, covers, layouts, seeds, tt

from dlnotes.numpy import word_embeddings as we
from dlnotes.numpy import word_embeddings_experiment as wex
from dlnotes.torch import word_embeddings as te


@PROP
@given(seed=seeds, n_e=st.integers(1, 5), m=st.integers(1, 4), J=st.integers(1, 4),
       scale=st.sampled_from([0.1, 1.0, 30.0]), layout=layouts)
@covers("numpy.word_embeddings.sigmoid_loss", "numpy.word_embeddings.negative_sampling_loss",
        "torch.word_embeddings.sigmoid_loss", "torch.word_embeddings.negative_sampling_loss")
def test_sigmoid_losses_match_autograd(device, seed, n_e, m, J, scale, layout):
    rng = np.random.default_rng(seed)
    e_c, theta = arr(rng, (n_e, m), layout, scale), arr(rng, (n_e, m, J), layout, scale)
    signs = rng.choice([-1.0, 0.0, 1.0], (m, J))
    et, tht = tt(e_c.T, "cpu", grad=True), tt(theta.transpose(1, 2, 0), "cpu", grad=True)
    scores = torch.einsum("mjd,md->mj", tht, et)
    ref = -(torch.tensor(np.abs(signs)) * F.logsigmoid(torch.tensor(signs) * scores)).sum() / m
    ref.backward()
    loss, de, dth = we.sigmoid_loss(e_c, theta, signs)
    close(loss, ref)
    close(de, et.grad.T, GRAD)
    close(dth, tht.grad.permute(2, 0, 1), GRAD)
    close(te.sigmoid_loss(tt(e_c.T, device), tt(theta.transpose(1, 2, 0), device),
                           tt(signs, device)), ref)
    # negative sampling = the sigmoid loss with signs (+1, -1, ..., -1)
    ns = np.where(np.arange(J) == 0, 1.0, -1.0) * np.ones((m, 1))
    want = we.sigmoid_loss(e_c, theta, ns)
    got = we.negative_sampling_loss(e_c, theta[:, :, 0], theta[:, :, 1:])
    close(got[0], want[0])
    close(got[1], want[1])
    close(np.concatenate([got[2][:, :, None], got[3]], axis=2), want[2])
    close(te.negative_sampling_loss(tt(e_c.T, device), tt(theta[:, :, 0].T, device),
                                     tt(theta[:, :, 1:].transpose(1, 2, 0), device)), want[0])


@PROP
@given(seed=seeds, V=st.integers(2, 9), n_e=st.integers(1, 4), m=st.integers(1, 6),
       k=st.integers(1, 3), method=st.sampled_from(["negative", "hierarchical"]))
@covers("numpy.word_embeddings.skipgram_loss", "torch.word_embeddings.SkipGram")
def test_skipgram_loss_matches_torch_twin(device, seed, V, n_e, m, k, method):
    """The NumPy loss with its scatter-added gradients against the torch model's autograd
    (the same weights, transposed; the same classifier columns and labels)."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(1, 20, V)
    torch.manual_seed(seed)
    model = te.SkipGram(counts, n_e, method, k).double()
    with torch.no_grad():
        model.Theta.weight.normal_()       # zero at initialization: make it non-trivial
    centre = torch.tensor(rng.integers(0, V, m))
    context = torch.tensor(rng.integers(0, V, m))
    nodes, signs = model.classifiers(context, torch.Generator().manual_seed(seed))
    model.to(device)
    loss = model(centre.to(device), context.to(device), nodes=nodes.to(device),
                 signs=signs.to(device))
    loss.backward()
    E, Th = model.E.weight.detach().cpu().numpy().T, model.Theta.weight.detach().cpu().numpy().T
    got, grads = we.skipgram_loss(E, Th, centre.numpy(), nodes.numpy(), signs.numpy())
    close(got, loss)
    close(grads["E"], model.E.weight.grad.cpu().numpy().T, GRAD)
    close(grads["Theta"], model.Theta.weight.grad.cpu().numpy().T, GRAD)


@PROP
@given(seed=seeds, V=st.integers(2, 12), n_e=st.integers(1, 4), power=st.sampled_from(
    [0.0, 0.75, 1.0]))
@covers("numpy.word_embeddings.huffman_tree", "numpy.word_embeddings.HuffmanTree",
        "numpy.word_embeddings.hs_probabilities", "numpy.word_embeddings.noise_distribution",
        "numpy.word_embeddings.one_hot")
def test_huffman_tree_and_distributions(seed, V, n_e, power):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 50, V).astype(float)
    counts[0] += 1
    tree = we.huffman_tree(counts)
    codes = ["".join(map(str, c)) for c in tree.codes]
    # a prefix code with equality in Kraft's inequality (a full binary tree), V - 1 inner nodes
    assert not any(a != b and b.startswith(a) for a in codes for b in codes)
    assert math.isclose(sum(2.0 ** -len(c) for c in codes), 1.0)
    assert sorted({int(n) for p in tree.paths for n in p}) == list(range(V - 1))
    # Huffman's optimality: no code is longer than a code of a less frequent word
    lens = np.array([len(c) for c in codes])
    assert np.all((counts[:, None] > counts[None, :]) <= (lens[:, None] <= lens[None, :]))
    E, Theta = rng.standard_normal((n_e, V)), rng.standard_normal((n_e, V - 1))
    c = int(rng.integers(V))
    p = we.hs_probabilities(E, Theta, tree, c)
    assert np.all(p > 0) and math.isclose(p.sum(), 1.0, rel_tol=1e-12)
    same = we.hs_probabilities(E, Theta, we.HuffmanTree(tree.paths, tree.codes), c)
    close(same, p)
    q = we.noise_distribution(counts, power)
    close(q, counts**power / np.sum(counts**power))
    close((E @ we.one_hot(c, V))[:, 0], E[:, c])


@PROP
@given(seed=seeds, n=st.integers(0, 9), window=st.integers(1, 4), V=st.integers(2, 6))
@covers("numpy.word_embeddings.skipgram_pairs", "numpy.word_embeddings.cbow_examples",
        "numpy.word_embeddings_experiment.build_vocab",
        "numpy.word_embeddings_experiment.Vocabulary",
        "numpy.word_embeddings_experiment.corpus_pairs")
def test_pairs_examples_and_vocab(seed, n, window, V):
    rng = np.random.default_rng(seed)
    ids = list(rng.integers(0, V, n))
    pairs = we.skipgram_pairs(ids, window)
    brute = [(ids[i], ids[j]) for i in range(n) for j in range(n) if 0 < abs(i - j) <= window]
    assert sorted(pairs) == sorted(brute)
    cbow = we.cbow_examples(ids, window)
    assert len(cbow) == n
    assert sorted((c, o) for ctx, c in cbow for o in ctx) == sorted(pairs)  # the same pairs
    words = [f"w{i}" for i in range(V)]
    sentences = [" ".join(words[j] for j in rng.integers(0, V, 5)) for _ in range(3)] + [
        "w0 w1"]
    vocab = wex.build_vocab(sentences)
    from collections import Counter
    want = Counter(w for s in sentences for w in s.split())
    assert dict(zip(vocab.words, vocab.counts.tolist(), strict=True)) == dict(want)
    assert list(vocab.counts) == sorted(vocab.counts, reverse=True)
    assert all(vocab.words[vocab.index[w]] == w for w in want)
    s = sentences[0]
    assert [vocab.words[i] for i in vocab.encode(s)] == s.split()
    assert isinstance(vocab, wex.Vocabulary)
    every = [p for s in sentences for p in we.skipgram_pairs(vocab.encode(s), window)]
    assert wex.corpus_pairs(sentences, vocab, window).T.tolist() == [list(p) for p in every]


@PROP
@given(seed=seeds, scale=st.sampled_from([1.0, 30.0, 1e4]))
@covers("numpy.word_embeddings.log_sigmoid")
def test_log_sigmoid_matches_torch(seed, scale):
    """log sigma(x) against torch's logsigmoid, for small and huge |x| (no overflow, and
    log sigma(x) - log sigma(-x) = x)."""
    x = np.random.default_rng(seed).standard_normal((3, 4)) * scale
    got = we.log_sigmoid(x)
    close(got, torch.nn.functional.logsigmoid(torch.from_numpy(x)).numpy())
    assert np.all(np.isfinite(got)) and np.all(got <= 0)
    close(got - we.log_sigmoid(-x), x)


@PROP
@given(seed=seeds, n_e=st.integers(2, 5), V=st.integers(3, 8), layout=layouts)
@covers("numpy.word_embeddings.cosine_similarity", "numpy.word_embeddings.WordVectors",
        "numpy.word_embeddings.pca")
def test_cosines_neighbours_and_pca(seed, n_e, V, layout):
    rng = np.random.default_rng(seed)
    E = arr(rng, (n_e, V), layout)
    words = [f"w{i}" for i in range(V)]
    wv = we.WordVectors(E, words)
    ref = F.cosine_similarity(torch.tensor(E.T)[:, None], torch.tensor(E.T)[None], dim=2,
                              eps=0.0).numpy()
    close(we.cosine_similarity(E[:, 0], E[:, 1]), ref[0, 1])
    got = wv.nearest("w0", V - 1)
    order = np.argsort(-ref[0, 1:], kind="stable") + 1
    assert [w for w, _ in got] == [words[j] for j in order]
    close([c for _, c in got], ref[0, order])
    X = arr(rng, (V + 2, n_e), layout)
    k = int(rng.integers(1, n_e + 1))
    P = we.pca(X, k)
    Xc = X - X.mean(axis=0)
    vals, vecs = np.linalg.eigh(Xc.T @ Xc)
    want = Xc @ vecs[:, ::-1][:, :k]
    # the same projections up to each direction's sign (the covariance's eigenvectors)
    close(np.abs(P), np.abs(want), {"rtol": 1e-6, "atol": 1e-8})
    close(P.T @ P, np.diag(vals[::-1][:k]), {"rtol": 1e-7, "atol": 1e-8})


# Public callables without a property test, and why.
NO_ORACLE = dict.fromkeys([
    "numpy.word_embeddings_experiment.analogy_questions",
    "numpy.word_embeddings_experiment.analogy_accuracy",
    "numpy.word_embeddings_experiment.make_corpus",
    "numpy.word_embeddings_experiment.SkipGram",
    "numpy.word_embeddings_experiment.train_skipgram",
    "torch.word_embeddings.train_skipgram",
], CHAPTER_TESTS)
