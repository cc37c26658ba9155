"""Supplied metadata: the one validator for sidecars (``<article>.meta.json``) and front matter.

A sidecar is read with limits before any JSON parser sees it: at most
:data:`SIDECAR_MAX_BYTES` bytes, UTF-8, nested at most :data:`MAX_DEPTH` levels (checked by
a linear scan, so 100,000 ``[`` cannot exhaust the stack), no key twice. Then every value
is checked by :func:`validate_supplied`, which front matter goes through too
(:func:`ingest.metadata.parse_supplied`), so both accept and refuse the same values. Each
message names the field and says what to write instead.

Sidecars are strict: an unknown key is an error and every value must have its JSON type.
Front matter is shared with other tools and typed implicitly by YAML, so there unknown
keys are ignored, a number is taken as text (``title: 2046``) and a YAML date is a date.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from .errors import SidecarError
from .model import Lang

SIDECAR_MAX_BYTES = 64 * 1024  # a sidecar holds five short fields; anything this big is not one
MAX_DEPTH = 16  # a valid sidecar is one object deep
SUPPLIED_KEYS = frozenset({"published_on", "url", "outlet", "title", "lang"})
SUPPLIED_LANGS = frozenset(m.value for m in Lang)
_TEXT_KEYS = ("url", "outlet", "title")


class SuppliedMetadataError(SidecarError):
    """Supplied metadata (sidecar or front matter) has a value that cannot be used."""


def parse_sidecar(data: bytes, where: str) -> dict[str, str]:
    """The validated metadata in a sidecar's bytes; raises :class:`SidecarError` saying why not."""
    if len(data) > SIDECAR_MAX_BYTES:
        raise sidecar_too_large(where, len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SidecarError(f"{where} is not UTF-8 ({e.reason} at byte {e.start}); save it as UTF-8.") from e
    depth = json_depth(text)
    if depth > MAX_DEPTH:
        raise SidecarError(
            f"{where} is nested {depth} levels deep; a sidecar is one JSON object of plain values."
        )
    try:
        meta = json.loads(text, object_pairs_hook=_no_repeated_keys(where))
    except (ValueError, RecursionError) as e:  # JSONDecodeError, an integer of 5,000 digits, …
        raise SidecarError(
            f"{where} is not valid JSON ({e}); fix it and the article is picked up next run."
        ) from e
    return validate_supplied(meta, where)


def sidecar_too_large(where: str, size: int) -> SidecarError:
    return SidecarError(
        f"{where} has {size:,} bytes, over the {SIDECAR_MAX_BYTES:,} a sidecar may have; "
        "it should hold only published_on, url, outlet, title and lang."
    )


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (0 for a scalar), by one linear scan."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_repeated_keys(where: str):
    def hook(pairs: list[tuple[str, object]]) -> dict:
        out: dict = {}
        for key, value in pairs:
            if key in out:
                raise SidecarError(f"{where} gives {key!r} twice; keep one.")
            out[key] = value
        return out

    return hook


def validate_supplied(meta: object, where: str, *, strict: bool = True) -> dict[str, str]:
    """Check supplied metadata and return it normalised: ``published_on`` as ``YYYY-MM-DD``.

    ``strict`` (sidecars): unknown keys are an error and values must be JSON strings.
    ``strict=False`` (front matter): unknown keys are ignored, numbers are taken as text and
    dates may be ``datetime.date`` values. Text is kept as written (stripping is the
    reader's business), so the stored sidecar of an unchanged file never changes. A null
    value, or an empty ``published_on`` or ``lang``, is the same as leaving the key out.
    """
    if not isinstance(meta, Mapping):
        what = "a JSON object" if strict else "a mapping (key: value lines)"
        raise SuppliedMetadataError(f"{where} must hold {what} with any of {sorted(SUPPLIED_KEYS)}.")
    keys = [k for k in meta if isinstance(k, str)]
    if strict:
        unknown = sorted(set(map(str, meta)) - SUPPLIED_KEYS)
        if unknown:
            raise SuppliedMetadataError(
                f"{where} has unknown keys {unknown}; allowed: {sorted(SUPPLIED_KEYS)}."
            )
    out: dict[str, str] = {}
    for key in sorted(SUPPLIED_KEYS.intersection(keys)):
        value = meta[key]
        if value is None or (key in ("published_on", "lang") and value == ""):
            continue
        if key == "published_on":
            out[key] = _date(value, where, strict)
        elif key == "lang":
            if not isinstance(value, str) or value not in SUPPLIED_LANGS:
                raise SuppliedMetadataError(
                    f"{where}: lang {value!r} is not one of {sorted(SUPPLIED_LANGS)}; write one of them "
                    "or leave lang out."
                )
            out[key] = value
        else:
            out[key] = _text(key, value, where, strict)
    return out


def _kind(value: object) -> str:
    return {list: "a list", dict: "an object", bool: "true/false"}.get(type(value), type(value).__name__)


def _text(key: str, value: object, where: str, strict: bool) -> str:
    if not strict and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise SuppliedMetadataError(f"{where}: {key} must be a string, not {_kind(value)}.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise SuppliedMetadataError(
            f"{where}: {key} holds {value[e.start : e.end]!r}, half of a UTF-16 pair, which is not text; "
            "fix the \\u escape."
        ) from e
    return value


def _date(value: object, where: str, strict: bool) -> str:
    """``published_on`` as ``YYYY-MM-DD``: a full ISO date, or the date of an ISO date-time."""
    if not strict and isinstance(value, dt.datetime):
        return value.date().isoformat()
    if not strict and isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        for parse in (dt.date.fromisoformat, lambda s: dt.datetime.fromisoformat(s).date()):
            try:
                return parse(value.strip()).isoformat()
            except ValueError:
                pass
        shown = repr(value)
    else:
        shown = f"{_kind(value)} {value!r}"[:80]
    raise SuppliedMetadataError(
        f"{where}: published_on {shown} is not a date; write it as YYYY-MM-DD (like 2021-12-03) or leave it out."
    )
