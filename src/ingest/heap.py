"""Keep long-lived objects out of the garbage collector's way.

spaCy's pipelines, jieba's dictionary and the KB are millions of Python objects that live as
long as the process. CPython's cyclic collector walks every tracked object in each full
collection, and allocation-heavy steps (unpickling gold's state, resolving names) start many:
measured on a 1,000-document lake, gold's step took 0.54 s to unpickle a 1.7 MB state that
loads in 0.04 s in a small process. :func:`settle` moves what is alive now into the permanent
generation (``gc.freeze``), so later collections only look at what came after.
"""

from __future__ import annotations

import gc


def settle() -> None:
    """Collect once, then freeze everything still alive: call after loading models or the KB."""
    gc.collect()
    gc.freeze()
