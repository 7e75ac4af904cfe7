"""Recurrent neural networks (chapter "Recurrent neural networks"), NumPy: the experiment. A
character-level language model of first names: the names the project ships, their character
vocabulary, and the training run (one name per step, Adam, gradients clipped by value). The
recurrence, its backward pass and the sampling of new names are in :mod:`dlnotes.numpy.rnn`,
with the shapes (examples as columns, time on the last axis).
"""

from __future__ import annotations

import numpy as np

from dlnotes import checks
from dlnotes.numpy.optimization import Adam
from dlnotes.numpy.rnn import clip_by_value, init_params, loss_and_grads

__all__ = [
    "NAMES",
    "CharVocab",
    "train_char_lm",
]

#: A small text the project ships for the character-level language model: first names,
#: lower case, one per line (written for this site, not downloaded).
NAMES = """
aaron abel ada adam adrian agnes alan albert alex alice alma amelia amy andrew angela anna
anne anthony arthur ava barbara beatrice ben benjamin bernard betty bianca bob bonnie brian
bruce carl carla carmen caroline catherine cecilia charles charlie chloe christine claire clara
colin daisy daniel david deborah dennis diana donald dora dorothy edgar edith edward eleanor
elena eli elise ella emily emma eric erica ernest esther eva evelyn felix fiona frank frida
gabriel george gerald gloria grace greta hannah harold harriet harry hazel helen henry hugo
ian ida irene iris isaac isabel ivan jack jacob james jane janet jasmine jean jessica joan
john jonathan joseph judith julia julian june karen kate kevin laura lawrence leo leon lily
linda lisa louis lucas lucy luke lydia margaret maria marie mark martha martin mary matthew
max megan michael mila miriam molly nancy natalie nathan nina noah nora oliver olivia oscar
pamela patrick paul pauline peter philip phoebe rachel ralph rebecca richard rita robert robin
rosa rose ruby ruth samuel sandra sarah sebastian simon sofia sophie stella stephen susan
sylvia teresa thomas tina tobias ursula valerie vera victor victoria vincent viola walter
wendy william xavier yvonne zachary zoe
""".split()



class CharVocab:
    """Characters of a word list plus ``"\\n"``, the end-of-name token (index 0)."""

    def __init__(self, words: list[str]):
        if isinstance(words, str) or not words or not all(
            isinstance(w, str) and w and "\n" not in w for w in words
        ):
            raise ValueError("words must be a non-empty list of non-empty strings without '\\n'")
        self.chars = ["\n", *sorted(set("".join(words)) - {"\n"})]
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, word: str) -> list[int]:
        unknown = sorted(set(word) - set(self.index))
        if unknown:
            raise ValueError(f"word contains characters outside the vocabulary: {unknown}")
        return [self.index[c] for c in word]

    def one_hot(self, ids: list[int]) -> np.ndarray:
        """``(n_x, 1, T)`` one-hot columns for a sequence of indices."""
        out = np.zeros((len(self), 1, len(ids)))
        out[ids, 0, np.arange(len(ids))] = 1.0
        return out


def _name_example(vocab: CharVocab, word: str) -> tuple[np.ndarray, np.ndarray]:
    """Inputs: a zero vector then the characters; targets: the characters then ``\\n``."""
    ids = vocab.encode(word)
    x = np.concatenate([np.zeros((len(vocab), 1, 1)), vocab.one_hot(ids)], axis=2)
    y = vocab.one_hot([*ids, 0])
    return x, y


def train_char_lm(words: list[str], n_a: int = 32, steps: int = 2000, lr: float = 0.01,
                  clip: float = 5.0, seed: int = 0, log_every: int = 100):
    """Train a character-level language model on ``words``, one word per step, with Adam.

    Every step feeds one word (``x^<1> = 0``, then its characters) and asks for the next
    character at each step (the last target is ``"\\n"``); gradients come from
    :func:`loss_and_grads` (softmax output) and are clipped by value to ``clip``.

    Returns ``(params, vocab, curve)``; ``curve`` lists ``(step, mean loss per character)``
    averaged over the last ``log_every`` steps.
    """
    seed = checks.seed("seed", seed)
    steps, log_every = checks.integer("steps", steps), checks.integer("log_every", log_every)
    clip = checks.positive("clip", clip)
    vocab = CharVocab(words)
    params = init_params(len(vocab), n_a, len(vocab), seed=seed)
    opt = Adam(lr=lr)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(words))
    curve, total, chars = [], 0.0, 0
    for step in range(1, steps + 1):
        word = words[order[(step - 1) % len(words)]]
        if step % len(words) == 0:
            order = rng.permutation(len(words))
        x, y = _name_example(vocab, word)
        loss, grads = loss_and_grads(params, x, y, activation="softmax")
        opt.step(params, clip_by_value(grads, clip))
        total, chars = total + loss, chars + x.shape[2]
        if step % log_every == 0:
            curve.append((step, total / chars))
            total, chars = 0.0, 0
    return params, vocab, curve
