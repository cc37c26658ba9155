"""Names: one person, many names — knowledge base, variants, comparison and resolution.

Public interface::

    load_kb(extra_alias_files=()) -> KnowledgeBase
    variants(name) -> dict[str, list[str]]
    compare_names(a, b, kb=None) -> Comparison
    resolve(mentions, docs, kb, config=ResolveConfig()) -> Resolution
"""

from .compare import DEFAULT_THRESHOLD, BadNameError, Comparison, compare_names
from .context import DocContext
from .kb import AliasFileError, KBEntity, KBError, KnowledgeBase, Role, load_kb
from .normalise import NormalisedName, normalise_mention
from .resolve import Resolution, ResolveConfig, stable_id
from .resolver import Resolver, resolve
from .variants import variants


def warm_up() -> None:
    """Load the tables name comparison otherwise reads on first need — jieba's single
    characters and ngender's given-name counts (bridges between romanised names), the
    ToJyutping dictionary (rare characters; ~2–4 s) — so that no run pays for them midway."""
    from .latin import bridge_chars, name_char_freq
    from .romanise import _tojyutping_readings

    bridge_chars()
    name_char_freq()
    _tojyutping_readings("熺")


__all__ = [
    "DEFAULT_THRESHOLD",
    "AliasFileError",
    "BadNameError",
    "Comparison",
    "DocContext",
    "KBEntity",
    "KBError",
    "KnowledgeBase",
    "NormalisedName",
    "Resolution",
    "ResolveConfig",
    "Resolver",
    "Role",
    "compare_names",
    "load_kb",
    "normalise_mention",
    "resolve",
    "stable_id",
    "variants",
    "warm_up",
]
