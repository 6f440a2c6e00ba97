"""Similarity of meaning between a statement and a fact-check: WordLlama's static token
embeddings, averaged over each text (the model ships inside the ``wordllama`` wheel; nothing is
downloaded).

Lexical features cannot see that "narcotics made to look like candy" and "heroin disguised as
SweeTarts" say one thing, nor that "Soleimani" and "Suleimani" are one man: sub-word embeddings
see both. On the CheckThat! 2020 dev queries they lift MAP@5 from about 0.83 to 0.86
(tests/perf/eval_checked.py). Without the package the matcher still works, with the model
trained without these features (see match.Matcher).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain
from pathlib import Path

#: The WordLlama model (its Llama 2 vocabulary, 256 dimensions), as its wheel ships it.
CONFIG, DIMENSIONS = "l2_supercat", 256


#: Words whose tokens are remembered (most of an article's words recur).
_WORDS = 100_000


class Meaning:
    """Embeds texts as WordLlama does (the mean of their tokens' vectors), each word tokenized
    once and remembered; ``similarity`` compares two. Build it with ``load``."""

    #: The name its vectors are kept under (reads.py): another model reads every fact-check again.
    name = f"wordllama/{CONFIG}/{DIMENSIONS}"

    def __init__(self, vectors, tokenizer, numpy) -> None:
        self._vectors = vectors  # one row per token
        self._tokenizer = tokenizer
        self.numpy = numpy
        #: Words whose tokens are remembered at most (an import of many fact-checks keeps more).
        self.words = _WORDS
        self._ids: dict[str, list[int]] = {}

    @classmethod
    def load(cls) -> Meaning | None:
        """The model shipped inside the ``wordllama`` wheel, or None when it cannot be had (the
        package missing or broken): never a download, never an exception."""
        try:
            # A few words at a time: a thread pool costs more than it gives.
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            import numpy
            import wordllama
            from wordllama import WordLlama

            logging.getLogger("wordllama").setLevel(logging.ERROR)
            # The wheel keeps the weights and the tokenizer in its own folder: read them there
            # (WordLlama.load would otherwise look for the tokenizer online).
            model = WordLlama.load(config=CONFIG, dim=DIMENSIONS,
                                   cache_dir=Path(wordllama.__file__).parent,
                                   disable_download=True)
            model.tokenizer.no_padding()
            if model.tokenizer.get_vocab_size() > len(model.embedding):
                return None  # a token without its vector: not the model this was made for
            made = cls(model.embedding, model.tokenizer, numpy)
            made.vectors(["a test"])
        except Exception:  # noqa: BLE001 - any failure means: match without it
            return None
        return made

    def vectors(self, texts: Sequence[str]) -> list:
        """One unit vector for each of ``texts`` (a text without a token: zeros)."""
        np = self.numpy
        split = [text.split() for text in texts]
        known = self._ids
        new = list({w for ws in split for w in ws if w not in known})
        if new:
            if len(known) + len(new) > self.words:
                known.clear()
                new = list({w for ws in split for w in ws})
            # A word alone is tokenized as it is after a space in a text (SentencePiece).
            for word, got in zip(new, self._tokenizer.encode_batch(new, add_special_tokens=False)):
                known[word] = got.ids
        table = self._vectors
        zeros = np.zeros(table.shape[1], np.float32)
        ids_of = known.__getitem__
        each = [list(chain.from_iterable(map(ids_of, ws))) for ws in split]
        ends = np.cumsum(np.fromiter(map(len, each), np.int64, len(each)))
        if not len(ends) or not ends[-1]:
            return [zeros.copy() for _ in texts]
        # Every token's vector at once, then each text's run of them summed (the same sums as
        # a text at a time; add.reduceat was several times slower).
        rows = table[np.fromiter(chain.from_iterable(each), np.int64, int(ends[-1]))]
        out = []
        start = 0
        for end in ends.tolist():
            if end > start:
                total = rows[start:end].sum(axis=0)
                norm = float(np.linalg.norm(total))
                out.append(total / norm if norm else zeros.copy())
            else:
                out.append(zeros.copy())
            start = end
        return out

    @staticmethod
    def similarity(a, b) -> float:
        """The cosine of two unit vectors."""
        return float(a @ b)


@lru_cache(maxsize=1)
def loaded() -> Meaning | None:
    """The model of meaning, loaded once (about half a second), or None without it."""
    return Meaning.load()
