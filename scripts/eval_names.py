"""Pairwise precision and recall of name matching over clusters of one person's names.

Datasets (read by path, never copied):
  everypolitician: ../shared/corpora/everypolitician_hk_legco/clusters.jsonl (101 legislators)
  cedict:          ../shared/corpora/cedict_person_names/cedict_persons_hk_macau.tsv (50 entries)

Pairs: every two distinct forms of one cluster are a true pair; every two forms of different
people whose Chinese surname is the same are a hard negative. Two decisions are scored:
  direct  — compare_names(a, b) says same;
  resolve — the resolver, fed every form as a mention in a document of its own, gives both
            forms the same entity (so 'Alan Leong' may reach 梁家傑 through 'Alan LEONG Kah-kit').
Each runs with the shipped KB and with --no-kb semantics (both are reported).

Forms excluded as noise, by rule (counts are printed):
  non_chinese_scheme — Latin letters with diacritics that are not tone-marked pinyin
                       (Vietnamese, Hakka, Min readings such as 'Lương Gia Kiệt');
  mandarinised       — an English given name with the Mandarin pinyin of the Chinese surname
                       while the person's other Latin forms use a different (Cantonese) spelling
                       ('Albert Chen' for 陳偉業 known as Albert CHAN Wai-yip);
  not_a_transliteration — a Latin form none of whose words romanises any character of the
                       Chinese name ('Chris Patten' for 彭定康): there is nothing to match;
  not_a_person       — a CEDICT entry whose Chinese is longer than four characters.
Pairs are also split by whether the strings can decide them: a form with no Chinese given
name ('Andy Lau', 'Mrs Lam') against a form that does not share its English given name is
'undecidable' — surname agreement is all the strings hold. So is a form whose only name beside
the surname is a repeated syllable ('Yoyo Mung', 'Run Run Shaw'), which the matcher reads as a
nickname (``compare.is_nickname``), against a Chinese given name that is not reduplicated; how
many pairs this rule takes out is printed (``nickname_pairs``). Figures are given for decidable
pairs and for all pairs, with every missed true pair put down to its cause
(``all_misses_by_cause``), and ``recall_linkable``: recall over all true pairs except those
where an English name or a nickname alone has no bridging form anywhere in the set.

Usage: .venv/bin/python scripts/eval_names.py [--corpus DIR] [--no-kb] [--show N]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ingest.model import Mention
from ingest.names import DocContext, KnowledgeBase, compare_names, load_kb, resolve
from ingest.names.compare import compare_parsed, is_nickname
from ingest.names.parse import parse_name
from ingest.names.romanise import SCHEMES, fold, is_cjk, readings, segment, to_simplified
from ingest.names.surnames import surname_spellings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora"


@dataclass
class Person:
    id: str
    forms: list[str]
    noise: dict[str, str]  # form -> rule

    @property
    def surname(self) -> str | None:
        zh = [f for f in self.forms if any(is_cjk(c) for c in f)]
        return parse_name(zh[0]).surnames[0][0] if zh else None


def _chars(person_forms: list[str]) -> str:
    return "".join(dict.fromkeys(to_simplified(c) for f in person_forms for c in f if is_cjk(c)))


def _romanises_any(form: str, chars: str) -> bool:
    reads = {r for ch in chars for s in SCHEMES for r in readings(ch)[s]}
    reads |= {r for ch in chars for r in surname_spellings(ch)}
    for w in parse_name(form).words:
        if any(s in reads for s in w.syllables) or w.joined in reads:
            return True
        if any(w.joined.startswith(r) and len(r) >= 2 for r in reads):
            return True
    return False


def _noise_rule(form: str, person_forms: list[str]) -> str | None:
    if any(is_cjk(c) for c in form):
        return None
    chars = _chars(person_forms)
    if any(ord(c) > 127 and c.isalpha() for c in form):
        syls = [fold(s) for s in re.split(r"[\s\-'’]+", unicodedata.normalize("NFC", form)) if fold(s)]
        if not all(segment(s, "pinyin", limit=1) for s in syls):
            return "non_chinese_scheme"
    if chars:
        p = parse_name(form)
        words = [w for w in p.words if not w.initial]
        sur_ch = chars[0]
        py = set(readings(sur_ch)["pinyin"])
        canto = set(readings(sur_ch)["hk"]) | set(readings(sur_ch)["jyutping"]) | surname_spellings(sur_ch)
        other_latin = [f for f in person_forms if f != form and not any(is_cjk(c) for c in f)]
        others_sur = {w.joined for f in other_latin for w in parse_name(f).words}
        if (
            len(words) == 2
            and words[0].english
            and words[1].joined in py
            and words[1].joined not in canto
            and words[1].joined not in others_sur
        ):
            return "mandarinised"
        if not _romanises_any(form, chars):
            return "not_a_transliteration"
    return None


def load_everypolitician(path: Path) -> list[Person]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        forms = list(dict.fromkeys(d["latin"] + d["cjk"]))
        out.append(Person(d["id"], forms, {}))
    return out


def _cedict_pinyin(p: str) -> str:
    words: list[str] = []
    for syl in p.split():
        s = re.sub(r"\d", "", syl).replace("u:", "ü")
        if words and s[:1].islower():
            words[-1] += ("'" if s[:1] in "aeo" else "") + s
        else:
            words.append(s[:1].upper() + s[1:])
    return " ".join(words)


def load_cedict(path: Path) -> list[Person]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            forms = [row["traditional"], row["simplified"], _cedict_pinyin(row["pinyin"])]
            head = row["definition"].split(" (1")[0].split(" (2")[0]
            inner = re.findall(r"\(([A-Z][^()0-9]*)\)", head)
            head = re.sub(r"\([^()]*\)", "", head)
            head = re.sub(r'"+[^"]*"+', "", head)
            for part in re.split(r"\s+or\s+|,", head) + inner:
                part = re.sub(r"^(?:Sir|Justice|Lord|Dame)\s+", "", part.strip())
                if part and part[0].isupper() and len(part.split()) <= 5:
                    forms.append(part)
            p = Person(row["traditional"], list(dict.fromkeys(forms)), {})
            if len(row["traditional"]) > 4:
                p.noise = {f: "not_a_person" for f in p.forms}
            out.append(p)
    return out


def mark_noise(people: list[Person]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for p in people:
        for f in p.forms:
            if f in p.noise:
                continue
            rule = _noise_rule(f, p.forms)
            if rule:
                p.noise[f] = rule
        counts.update(p.noise.values())
    return counts


def chinese_given(form: str) -> bool:
    p = parse_name(form)
    if p.script == "cjk":
        return bool(p.given)
    return len([w for w in p.words if not w.initial and not w.english]) >= 2


def _doubled_given(form: str) -> str:
    """A stand-in Chinese given name for ``is_nickname``: two equal characters when the form's
    given name is reduplicated (王莉莉, 'Wang Lili'), else none."""
    p = parse_name(form)
    if p.script == "cjk":
        return p.given
    native = [w for w in p.words if not w.initial and not w.english]
    doubled = any(is_nickname([w], "") for w in native) or any(
        x.joined == y.joined for x, y in itertools.pairwise(native)
    )
    return "xx" if doubled else ""  # is_nickname only asks whether the two characters are equal


def nickname_only(form: str, other: str) -> bool:
    """Whether the form's only non-English name beside the surname is a repeated syllable that the
    matcher reads as a nickname ('Yoyo Mung', 'Run Run Shaw'): like an English given name, it says
    nothing of a Chinese given name that is not itself reduplicated (the rule of
    ``compare.is_nickname``)."""
    p = parse_name(form)
    if p.script == "cjk":
        return False
    native = [w for w in p.words if not w.initial and not w.english]
    given = _doubled_given(other)
    # the surname is one of the native words, or an English-looking one (Shaw)
    return any(is_nickname(rest, given) for rest in (native, native[1:], native[:-1]) if rest)


def decidable(a: str, b: str) -> bool:
    if nickname_only(a, b) or nickname_only(b, a):
        return False
    if chinese_given(a) and chinese_given(b):
        return True
    ea = {w.joined for w in parse_name(a).words if w.english}
    eb = {w.joined for w in parse_name(b).words if w.english}
    return bool(ea & eb)


def make_pairs(people: list[Person]) -> list[tuple[str, str, bool]]:
    kept = [(p, [f for f in p.forms if f not in p.noise]) for p in people]
    pairs = [(a, b, True) for _, fs in kept for a, b in itertools.combinations(fs, 2)]
    by_sur: dict[str, list[list[str]]] = {}
    for p, fs in kept:
        if p.surname and fs:
            by_sur.setdefault(p.surname, []).append(fs)
    for groups in by_sur.values():
        for ga, gb in itertools.combinations(groups, 2):
            pairs += [(a, b, False) for a in ga for b in gb]
    return pairs


def bridged(form: str, person: Person) -> bool:
    """Whether another form of the person carries both this form's English given name and a
    Chinese given name ('Alan LEONG Kah-kit' for 'Alan Leong'): the resolver can chain through it."""
    eng = {w.joined for w in parse_name(form).words if w.english}
    for f in person.forms:
        if f == form or f in person.noise:
            continue
        if chinese_given(f) and eng & {w.joined for w in parse_name(f).words if w.english}:
            return True
    return False


def miss_causes(
    people: list[Person], pairs: list[tuple[str, str, bool]], same
) -> tuple[Counter[str], dict[str, list[tuple[str, str]]]]:
    """Missed true pairs by cause.

    - ``english_name_only``: undecidable (one form has an English given name and no Chinese
      one) and no form of the person bridges it — nothing in the set links the two strings;
    - ``bridge_not_followed``: undecidable, but a bridging form exists that was not linked;
    - ``nickname_only``: one form's only name beside the surname is a repeated-syllable nickname
      ('Yoyo Mung'): like an English name with no bridging form, nothing in the strings links it;
    - ``spelling``: decidable, missed: a spelling the schemes do not produce ('Chee-hwa' for 建華).
    """
    owner = {f: p for p in people for f in p.forms}
    counts: Counter[str] = Counter()
    examples: dict[str, list[tuple[str, str]]] = {}
    for a, b, t in pairs:
        if not t or same(a, b):
            continue
        if nickname_only(a, b) or nickname_only(b, a):
            cause = "nickname_only"
        elif decidable(a, b):
            cause = "spelling"
        else:
            p = owner[a]
            loose = [f for f in (a, b) if not chinese_given(f)]
            cause = "bridge_not_followed" if all(bridged(f, p) for f in loose) else "english_name_only"
        counts[cause] += 1
        examples.setdefault(cause, []).append((a, b))
    return counts, examples


def resolve_same(people: list[Person], kb: KnowledgeBase) -> dict[str, str | None]:
    forms = list(dict.fromkeys(f for p in people for f in p.forms if f not in p.noise))
    docs = {f"d{i}": DocContext("und", None, i, f) for i, f in enumerate(forms)}
    ms = [Mention(f"d{i}", 0, len(f), f, "PERSON", "eval") for i, f in enumerate(forms)]
    res = resolve(ms, docs, kb)
    by_doc = {m["doc_id"]: m["entity_id"] for m in res.mentions}
    return {f: by_doc.get(f"d{i}") for i, f in enumerate(forms)}


def score(pairs: list[tuple[str, str, bool]], same) -> dict[str, float | int]:
    tp = sum(1 for a, b, t in pairs if t and same(a, b))
    fp = sum(1 for a, b, t in pairs if not t and same(a, b))
    pos = sum(1 for *_, t in pairs if t)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / pos if pos else 1.0
    return {
        "pairs": len(pairs),
        "true_pairs": pos,
        "tp": tp,
        "fp": fp,
        "precision": round(p, 4),
        "recall": round(r, 4),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder holding the shared corpora")
    ap.add_argument("--no-kb", action="store_true", help="only run without the knowledge base")
    ap.add_argument("--show", type=int, default=0, help="print up to N errors per dataset and mode")
    args = ap.parse_args()
    sets = {
        "everypolitician": (
            args.corpus / "everypolitician_hk_legco" / "clusters.jsonl",
            load_everypolitician,
        ),
        "cedict_hk_macau": (args.corpus / "cedict_person_names" / "cedict_persons_hk_macau.tsv", load_cedict),
    }
    kbs = {"no-kb": None} if args.no_kb else {"kb": load_kb(), "no-kb": None}
    report: dict[str, dict] = {}
    for name, (path, loader) in sets.items():
        if not path.exists():
            print(f"{name}: {path} not found, skipped", file=sys.stderr)
            continue
        people = loader(path)
        noise = mark_noise(people)
        pairs = make_pairs(people)
        dec = [x for x in pairs if decidable(x[0], x[1])]
        nick = sum(1 for a, b, _ in pairs if (nickname_only(a, b) or nickname_only(b, a)))
        entry: dict[str, object] = {
            "people": len(people),
            "forms": sum(len(p.forms) for p in people),
            "noise_forms": dict(noise),
            "pairs": len(pairs),
            "decidable_pairs": len(dec),
            "nickname_pairs": nick,
        }
        for kname, kb in kbs.items():
            compare_parsed.cache_clear()  # time each pass from cold caches
            parse_name.cache_clear()
            t0 = time.perf_counter()
            cache = {(a, b): compare_names(a, b, kb).same for a, b, _ in pairs}
            dt = time.perf_counter() - t0
            ids = resolve_same(people, kb if kb is not None else KnowledgeBase())

            def direct(a: str, b: str, cache=cache) -> bool:
                return cache[(a, b)]

            def resolved(a: str, b: str, ids=ids) -> bool:
                return ids.get(a) is not None and ids.get(a) == ids.get(b)

            for mode, fn in (("direct", direct), ("resolve", resolved)):
                entry[f"{kname}/{mode}/decidable"] = score(dec, fn)
                entry[f"{kname}/{mode}/all"] = score(pairs, fn)
                causes, examples = miss_causes(people, pairs, fn)
                entry[f"{kname}/{mode}/all_misses_by_cause"] = dict(sorted(causes.items()))
                # recall over the true pairs some string of the set can link (all pairs but those
                # where an English name or a nickname alone has no bridging form)
                linkable = (
                    entry[f"{kname}/{mode}/all"]["true_pairs"]
                    - causes["english_name_only"]
                    - causes["nickname_only"]
                )
                tp = entry[f"{kname}/{mode}/all"]["tp"]
                entry[f"{kname}/{mode}/recall_linkable"] = round(tp / linkable, 4) if linkable else 1.0
                if args.show:
                    for cause, exs in sorted(examples.items()):
                        for a, b in exs[: args.show]:
                            print(f"  {name} {kname}/{mode} MISS [{cause}]: {a!r} ~ {b!r}", file=sys.stderr)
                if args.show:
                    for a, b, _ in [x for x in pairs if not x[2] and fn(x[0], x[1])][: args.show]:
                        print(f"  {name} {kname}/{mode} FALSE: {a!r} ~ {b!r}", file=sys.stderr)
            entry[f"{kname}/compare_pairs_per_s"] = round(len(pairs) / dt) if dt else None
        report[name] = entry
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
