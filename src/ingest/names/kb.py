"""The reference knowledge base of people and organisations, and user alias files.

``load_kb()`` reads ``data/kb.yaml`` (shipped with the package) plus any user alias files:

- CSV with a header ``entity_id,alias[,scheme][,kind]`` — one alias a row; an ``entity_id``
  not in the KB creates a new entity (then ``kind`` is required);
- YAML with either ``entities:`` (the same format as ``kb.yaml``) or ``aliases:`` (a list of
  ``{entity_id, alias, scheme, kind}`` mappings).

A bad row raises :class:`AliasFileError` naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .normalise import normalise_mention
from .romanise import fold, is_cjk, to_simplified

KB_PATH = Path(__file__).with_name("data") / "kb.yaml"
KINDS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
ALIAS_SCHEMES = ("english", "cantonese", "pinyin", "wade_giles", "acronym", "mt_rendering", "zh", "user")


class KBError(ValueError):
    """The knowledge base file itself is malformed."""


class AliasFileError(ValueError):
    """A user alias file has a bad row; the message gives the file and line and what to fix."""

    def __init__(self, path: Path, line: int, problem: str) -> None:
        super().__init__(f"{path}:{line}: {problem}")
        self.path, self.line, self.problem = path, line, problem


@dataclass(frozen=True)
class Role:
    """An office held, with dates (None when not known)."""

    title: str
    title_zh: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    start_text: str = ""  # as the KB gives it: '2018', '2020-04' or '2020-04-22'
    end_text: str = ""

    def held_on(self, day: dt.date) -> bool:
        """True when the role is known to cover ``day`` (open-ended roles cover every later day)."""
        return self.start is not None and self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class KBEntity:
    """One person, organisation or place of the knowledge base."""

    id: str
    kind: str
    name_en: str = ""
    zh_hant: str = ""
    zh_hans: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (alias, scheme)
    roles: tuple[Role, ...] = ()

    @property
    def entity_id(self) -> str:
        return f"kb:{self.id}"

    def all_aliases(self) -> list[tuple[str, str]]:
        """Every written form with its scheme, canonical names first."""
        out = [(self.name_en, "english"), (self.zh_hant, "zh_hant"), (self.zh_hans, "zh_hans"), *self.aliases]
        return list(dict.fromkeys((a, s) for a, s in out if a))

    def person_names(self) -> list[str]:
        return [a for a, s in self.all_aliases() if s != "acronym"]


@functools.lru_cache(maxsize=1 << 16)
def alias_key(text: str) -> str:
    """Lookup key: titles stripped; Simplified for Chinese; case, spacing and punctuation folded."""
    bare = normalise_mention(text).name or text
    if any(is_cjk(c) for c in bare):
        return to_simplified(re.sub(r"\s", "", bare))
    return " ".join(w for w in (fold(x) for x in re.split(r"[^\w]+", bare.replace("&", " and "))) if w)


# Written before a government body's Chinese name (Simplified, longest first); plain 香港 only
# before a bureau, department, office or committee (香港大学 is not 大学).
_GOV_PREFIXES = (
    "香港特别行政区政府",
    "香港特区政府",
    "特别行政区政府",
    "特区政府",
    "香港政府",
    "港府",
    "香港",
)
_GOV_BODIES = ("局", "署", "处", "办", "委员会")

ROLE_SYNONYMS = {
    "特首": "行政长官",
    "港府特首": "行政长官",
    "香港特首": "行政长官",
    "chief executive of hong kong": "chief executive",
}


@functools.lru_cache(maxsize=4096)
def _role_key(title: str) -> str:
    t = " ".join(to_simplified(title).lower().split())
    return ROLE_SYNONYMS.get(t, t) if t else "\0"


def _date(v: object, end: bool = False) -> dt.date | None:
    if v is None or v == "":
        return None
    if isinstance(v, dt.date):
        return v
    s = str(v)
    if re.fullmatch(r"\d{4}", s):
        return dt.date(int(s), 12, 31) if end else dt.date(int(s), 1, 1)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", s):
        y, mo = int(m[1]), int(m[2])
        if end:
            nxt = dt.date(y + (mo == 12), mo % 12 + 1, 1)
            return nxt - dt.timedelta(days=1)
        return dt.date(y, mo, 1)
    return dt.date.fromisoformat(s)


def _entity(d: dict, where: str) -> KBEntity:
    if not isinstance(d, dict) or not d.get("id") or d.get("kind") not in KINDS:
        raise KBError(f"{where}: an entity needs an id and a kind in {KINDS}, got {d!r}")
    aliases: list[tuple[str, str]] = []
    for scheme, names in (d.get("aliases") or {}).items():
        if scheme not in ALIAS_SCHEMES:
            raise KBError(f"{where}: alias scheme {scheme!r} of {d['id']} is not one of {ALIAS_SCHEMES}")
        aliases += [(str(n), scheme) for n in names]
    for r in d.get("roles") or []:
        unknown = set(r) - {"title", "title_zh", "from", "to"} if isinstance(r, dict) else {"?"}
        if unknown or not r.get("title"):
            raise KBError(
                f"{where}: role {r!r} of {d['id']} needs a title and only title_zh, from, to"
                f" (unknown: {sorted(map(str, unknown))}); quote a title with a comma in it"
            )
    roles = tuple(
        Role(
            str(r["title"]),
            str(r.get("title_zh", "")),
            _date(r.get("from")),
            _date(r.get("to"), end=True),
            str(r.get("from") or ""),
            str(r.get("to") or ""),
        )
        for r in d.get("roles") or []
    )
    return KBEntity(
        str(d["id"]),
        d["kind"],
        str(d.get("name_en", "")),
        str(d.get("zh_hant", "")),
        str(d.get("zh_hans", "")),
        tuple(aliases),
        roles,
    )


@dataclass
class KnowledgeBase:
    """Entities and an index from alias keys to entities."""

    entities: dict[str, KBEntity] = field(default_factory=dict)
    _index: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _people: dict[str, list[tuple[KBEntity, object]]] | None = field(default=None, repr=False)
    _by_signature: dict[frozenset[str], list[tuple[KBEntity, object]]] = field(
        default_factory=dict, repr=False
    )
    _matches: dict[object, list[tuple[float, KBEntity, str, str]]] = field(default_factory=dict, repr=False)
    _roles: dict[str, list[tuple[KBEntity, Role]]] | None = field(default=None, repr=False)
    _ruler: tuple[tuple[str, str], ...] | None = field(default=None, repr=False)

    def add(self, e: KBEntity) -> None:
        self._people = None
        self._by_signature.clear()
        self._roles = None
        self._ruler = None
        self._matches.clear()
        old = self.entities.get(e.id)
        if old is not None:
            e = KBEntity(
                old.id,
                old.kind,
                old.name_en or e.name_en,
                old.zh_hant or e.zh_hant,
                old.zh_hans or e.zh_hans,
                tuple(dict.fromkeys(old.aliases + e.aliases)),
                old.roles + e.roles,
            )
        self.entities[e.id] = e
        for alias, _ in e.all_aliases():
            ids = self._index.setdefault(alias_key(alias), [])
            if e.id not in ids:
                ids.append(e.id)

    def lookup(self, text: str) -> list[KBEntity]:
        """Entities one of whose aliases is ``text`` (after titles, script and case are folded).

        A Chinese name with the government written before it (香港特别行政区政府创新科技及工业局,
        港府創科局, 香港創新及科技局) is also looked up without it.
        """
        key = alias_key(text)
        ids = self._index.get(key, [])
        if not ids and key and is_cjk(key[0]):
            for pre in _GOV_PREFIXES:
                rest = key[len(pre) :]
                if key.startswith(pre) and len(rest) >= 2 and (pre != "香港" or rest.endswith(_GOV_BODIES)):
                    ids = self._index.get(rest, [])
                    if ids:
                        break
        return [self.entities[i] for i in ids]

    def people_by_signature(self, parsed: object) -> list[tuple[KBEntity, object]]:
        """(KB person, parsed name) pairs sharing a surname signature with ``parsed``."""
        from .cluster import name_signature
        from .parse import parse_name

        if self._people is None:
            idx: dict[str, list[tuple[KBEntity, object]]] = {}
            for e in self:
                if e.kind == "PERSON":
                    for n in e.person_names():
                        q = parse_name(n)
                        for sig in name_signature(q):
                            idx.setdefault(sig, []).append((e, q))
            self._people = idx
        sigs = name_signature(parsed)  # type: ignore[arg-type]
        got = self._by_signature.get(sigs)
        if got is None:  # names share signatures (a surname's characters): remembered per signature
            seen: dict[tuple[str, str], tuple[KBEntity, object]] = {}
            for sig in sorted(sigs):
                for e, q in self._people.get(sig, []):
                    seen.setdefault((e.id, q.raw), (e, q))  # type: ignore[attr-defined]
            got = [seen[k] for k in sorted(seen)]
            self._by_signature[sigs] = got
        return list(got)

    def match_people(self, parsed: object) -> list[tuple[float, KBEntity, str, str]]:
        """(score, person, method, explanation) for KB persons whose names fit ``parsed``, best first.

        A person one of whose names conflicts with ``parsed`` (same surname, other given name:
        'Paul Chan Ka-wai' against Paul Chan Mo-po) is left out, however well a shorter alias
        ('Paul Chan') fits.
        """
        from .compare import compare_parsed

        if parsed in self._matches:  # a corpus or a pairs file repeats the same names
            return list(self._matches[parsed])
        best: dict[str, tuple[float, KBEntity, str, str]] = {}
        conflicted: set[str] = set()
        for e, q in self.people_by_signature(parsed):
            sc, m, ex = compare_parsed(q, parsed)  # type: ignore[arg-type]
            if m == "conflict" and not self.spells_characters(e, parsed):
                conflicted.add(e.id)
            if sc > best.get(e.id, (-1.0,))[0]:
                best[e.id] = (sc, e, m, f"{ex} (KB name {q.bare!r})")  # type: ignore[attr-defined]
        out = sorted(
            (v for k, v in best.items() if k not in conflicted and v[0] > 0), key=lambda t: (-t[0], t[1].id)
        )
        if len(self._matches) < 65536:
            self._matches[parsed] = out
        return list(out)

    def spells_characters(self, e: KBEntity, parsed: object) -> bool:
        """Whether ``parsed`` spells the person's Chinese name in some scheme.

        Then a Latin alias in another scheme is no conflict: 'Yang Weixiong' (pinyin of
        楊偉雄) and 'Nicholas Yang Wei-hsiung' (Wade-Giles) disagree letter by letter only.
        """
        from .compare import DEFAULT_THRESHOLD, compare_parsed
        from .parse import parse_name

        for z in dict.fromkeys(x for x in (e.zh_hans, e.zh_hant) if x):
            sc, m, _ = compare_parsed(parse_name(z), parsed)  # type: ignore[arg-type]
            if m != "conflict" and sc >= DEFAULT_THRESHOLD:
                return True
        return False

    def fuzzy_people(self, parsed: object, threshold: float) -> list[KBEntity]:
        """KB persons one of whose names compares as the same as ``parsed`` (a ParsedName)."""
        return sorted((e for sc, e, _, _ in self.match_people(parsed) if sc >= threshold), key=lambda e: e.id)

    def __iter__(self) -> Iterator[KBEntity]:
        return iter(self.entities[k] for k in sorted(self.entities))

    def get(self, entity_id: str) -> KBEntity | None:
        """The entity of a ``kb:<id>`` entity id, if the KB has it."""
        return self.entities.get(entity_id[3:]) if entity_id.startswith("kb:") else None

    def fingerprint(self) -> str:
        """A hash of every entity with its aliases and roles: equal for equal KBs (shipped KB
        and alias files alike), so gold can tell when resolution must start over."""
        h = hashlib.sha256()
        for e in self:
            h.update(repr(e).encode())
            h.update(b"\0")
        return h.hexdigest()

    def ruler_entries(self) -> list[tuple[str, str]]:
        """(alias text, label) for the NER entity ruler and jieba's user dictionary, both scripts.

        Worked out once per KB (~0.5 s: every person's romanised variants) and kept until an
        entity is added."""
        if self._ruler is None:
            from .variants import kb_person_variants

            out: list[tuple[str, str]] = []
            for e in self:
                forms = [a for a, _ in e.all_aliases()]
                if e.kind == "PERSON":
                    forms += kb_person_variants(e)
                for f in dict.fromkeys(forms):
                    if len(f) >= 2:
                        out.append((f, e.kind))
            self._ruler = tuple(sorted(set(out)))
        return list(self._ruler)

    def latin_name_tokens(self) -> frozenset[str]:
        """Latin words of person names, hyphenated givens included ('Yuet-ngor', 'Wing-hang')."""
        toks: set[str] = set()
        for text, label in self.ruler_entries():
            if label == "PERSON" and not any(is_cjk(c) for c in text):
                bare = normalise_mention(text).name
                toks.update(t.strip(".,") for t in bare.split() if len(t.strip(".,")) > 1)
        return frozenset(toks)

    def roles_on(self, title: str, day: dt.date) -> list[KBEntity]:
        """People who held a role of this title on ``day``.

        Titles compare with case, spacing and script folded; 特首 is 行政長官 (Chief Executive).
        """
        if self._roles is None:  # asked for every mention that may be a title: index them once
            self._roles = {}
            for e in self:
                for r in e.roles:
                    for k in dict.fromkeys((_role_key(r.title), _role_key(r.title_zh))):
                        self._roles.setdefault(k, []).append((e, r))
        held = [e for e, r in self._roles.get(_role_key(title), ()) if r.held_on(day)]
        return list({e.id: e for e in held}.values())


def _user_rows_csv(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or not {"entity_id", "alias"} <= set(reader.fieldnames):
            raise AliasFileError(path, 1, "the header must name at least the columns entity_id,alias")
        for row in reader:
            yield reader.line_num, row


def _user_rows_yaml(path: Path) -> Iterator[tuple[int, dict]]:
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise AliasFileError(path, (mark.line + 1) if mark else 1, f"not valid YAML: {exc}") from exc
    if not isinstance(data, dict) or not ({"aliases", "entities"} & set(data)):
        raise AliasFileError(path, 1, "expected a mapping with 'aliases:' or 'entities:'")
    for key in ("entities", "aliases"):
        items = data.get(key) or []
        seq = next((v for k, v in node.value if k.value == key), None)
        for i, item in enumerate(items):
            line = seq.value[i].start_mark.line + 1 if seq is not None and i < len(seq.value) else 1
            yield line, ({"_entity": item} if key == "entities" else item)


def _apply_user_file(kb: KnowledgeBase, path: Path) -> None:
    if not path.exists():
        raise AliasFileError(path, 0, "file not found")
    rows = _user_rows_csv(path) if path.suffix.lower() == ".csv" else _user_rows_yaml(path)
    for line, row in rows:
        if "_entity" in row:
            try:
                kb.add(_entity(row["_entity"], f"{path}:{line}"))
            except (KBError, ValueError, KeyError, TypeError) as exc:
                raise AliasFileError(path, line, str(exc)) from exc
            continue
        if not isinstance(row, dict):
            raise AliasFileError(path, line, f"expected entity_id and alias, got {row!r}")
        eid = str(row.get("entity_id") or "").strip().removeprefix("kb:")
        alias = str(row.get("alias") or "").strip()
        scheme = str(row.get("scheme") or "user").strip()
        kind = str(row.get("kind") or "").strip().upper()
        if not eid or not alias:
            raise AliasFileError(path, line, "entity_id and alias must both be given")
        if scheme not in ALIAS_SCHEMES:
            raise AliasFileError(path, line, f"scheme {scheme!r} is not one of {', '.join(ALIAS_SCHEMES)}")
        if eid not in kb.entities:
            if kind not in KINDS:
                raise AliasFileError(
                    path, line, f"{eid!r} is not in the KB; give its kind (one of {', '.join(KINDS)})"
                )
            zh = any(is_cjk(c) for c in alias)
            kb.add(
                KBEntity(
                    eid, kind, "" if zh else alias, alias if zh else "", to_simplified(alias) if zh else ""
                )
            )
        kb.add(KBEntity(eid, kb.entities[eid].kind, aliases=((alias, scheme),)))


@functools.lru_cache(maxsize=4)
def _base_kb_entities() -> tuple[KBEntity, ...]:
    try:
        data = yaml.safe_load(KB_PATH.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KBError(f"{KB_PATH}: not valid YAML: {exc}") from exc
    ents = tuple(_entity(d, f"{KB_PATH} entity {i}") for i, d in enumerate(data.get("entities") or []))
    ids = [e.id for e in ents]
    if len(ids) != len(set(ids)):
        raise KBError(f"{KB_PATH}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return ents


def load_kb(extra_alias_files: Sequence[Path] = (), include_base: bool = True) -> KnowledgeBase:
    """The shipped KB (unless ``include_base`` is False) extended by user alias files."""
    kb = KnowledgeBase()
    for e in _base_kb_entities() if include_base else ():
        kb.add(e)
    for p in extra_alias_files:
        _apply_user_file(kb, Path(p))
    return kb
