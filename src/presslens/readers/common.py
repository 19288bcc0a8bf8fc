"""Pieces every reader shares: size caps, strict decoding, sniffing, ids, language.

Readers never rewrite text: whatever they decode is what analyzers see and
what offsets refer to. This module holds the checks that decide whether an
input is usable at all (empty, binary, too big, not UTF-8), the content
sniffers that let a file or a URL say what it is (feed, HTML, JSONL) whatever
its name, and the cheap language guess that warns when a text is not English
(presslens models are trained on English news).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..article import Article
from ..errors import ExtractError, ReaderError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ReadFailure",
    "add_warning",
    "decode_utf8",
    "finish",
    "guess_language",
    "human_size",
    "looks_like_feed",
    "looks_like_html",
    "looks_like_jsonl",
    "slug_id",
]

#: Default cap on one input (a file, an HTTP body, one JSONL line, stdin): 10 MB.
#: A news article is a few kilobytes; anything this large is a mistake or an attack.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024



@dataclass
class ReadFailure:
    """An input (a file, a URL, one JSONL line) that could not be read, and why.

    ``source`` names the input (``path``, ``path:line`` or the URL) so a
    corpus run can report it and go on.
    """

    source: str
    error: ReaderError


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def human_size(n: int) -> str:
    """``10485760`` -> ``'10 MB'`` (binary megabytes, as the cap is set)."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def decode_utf8(raw: bytes, source: str, *, replace_errors: bool = False) -> str:
    """Decode ``raw`` as UTF-8 exactly, or raise an :class:`ExtractError` that helps.

    The text is ``raw.decode("utf-8")``: a UTF-8 byte-order mark stays in the
    text as U+FEFF at offset 0, so every character offset is the index of the
    same character in the decoded file (nothing is stripped or normalised).
    Binary input (a NUL byte, a UTF-16 BOM) is refused even with
    ``replace_errors``, because replacing would turn it into garbage text.
    """
    if raw.startswith(_UTF16_BOMS):
        raise ExtractError(
            f"{source} looks like UTF-16 text (it starts with a UTF-16 byte-order mark); "
            "re-encode it as UTF-8"
        )
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ExtractError(
            f"{source} looks binary (NUL byte at byte offset {nul}); "
            "presslens reads UTF-8 text, HTML, JSONL and RSS/Atom feeds"
        )
    try:
        return raw.decode("utf-8", errors="replace" if replace_errors else "strict")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ExtractError(
            f"{source} is not valid UTF-8: byte 0x{raw[exc.start]:02x} at byte offset "
            f"{exc.start} (line {line}) cannot be decoded; re-encode the file as UTF-8 or "
            "pass --replace-errors (replace_errors=True) to decode it with U+FFFD"
        ) from exc


def check_not_empty(text: str, source: str) -> None:
    """Refuse a text with nothing but whitespace: there is nothing to analyse."""
    if not text.strip():
        raise ExtractError(f"{source} is empty (no text to analyse)")


# -- sniffing ------------------------------------------------------------------

_PROLOG = re.compile(
    rb"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*",
    re.DOTALL | re.IGNORECASE,
)
_FIRST_TAG = re.compile(rb"<\s*([A-Za-z_][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf"}


def _strip_bom(head: bytes) -> bytes:
    return head[3:] if head.startswith(_UTF8_BOM) else head


def _root_tag(head: bytes) -> bytes | None:
    head = _strip_bom(head[:4096])
    rest = head[_PROLOG.match(head).end() :]  # type: ignore[union-attr]
    m = _FIRST_TAG.match(rest)
    if m is None:
        return None
    return m.group(1).split(b":")[-1].lower()


def looks_like_feed(head: bytes) -> bool:
    """True when the document's root element is ``rss``, ``feed`` (Atom) or ``rdf:RDF``."""
    return _root_tag(head) in _FEED_ROOTS


def looks_like_html(head: bytes) -> bool:
    """True for ``<!DOCTYPE html ...>`` or a document whose first element is ``html``."""
    start = _strip_bom(head[:4096]).lstrip()
    if start[:14].lower() == b"<!doctype html":
        return True
    return _root_tag(head) in {b"html", b"head", b"body"}


def looks_like_jsonl(head: bytes) -> bool:
    """True when the first non-blank line is a JSON object (a JSONL corpus)."""
    for line in _strip_bom(head).splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith(b"{"):
            return False
        try:
            return isinstance(json.loads(line), dict)
        except ValueError:
            return False
    return False


# -- ids -----------------------------------------------------------------------

_SLUG_BAD = re.compile(r"[^A-Za-z0-9._-]+")


def slug_id(value: str, *, fallback: str = "") -> str:
    """A file-name-safe id from a URL or name: its last path segment, without suffix.

    Ids end up as file names (one HTML report per article), so slashes and
    odd characters go. Falls back to a 12-hex-digit hash of ``fallback or value``.
    """
    path = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/]*", "", value)
    path = path.split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/") if s]
    if segments:
        last = segments[-1]
        if "." in last[1:]:
            last = last.rsplit(".", 1)[0]
        slug = _SLUG_BAD.sub("-", last).strip("-.")[:80]
        if slug:
            return slug
    digest = hashlib.sha1((fallback or value).encode("utf-8")).hexdigest()[:12]
    return digest


# -- language ------------------------------------------------------------------

#: The most frequent function words of each language the guess can name.
_STOPWORD_LISTS = {
    "en": """the of and to a in is that for it on was with as he be by at said his from
        have are this not but had they has were an which its their will would been who or
        she her we there after also more than""",
    "de": """der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als
        auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem
        über einen so zum war haben nur oder""",
    "fr": """le de la et les des en un une du est que dans qui pour pas par sur au il a ce
        avec sont plus ne se aux elle ont mais été cette son ses leur nous vous était comme""",
    "es": """de la que el en y los del se las por un para con no una su al es lo como más
        pero sus le ya o fue este ha sí porque esta entre cuando muy sin sobre también me
        hasta hay donde""",
    "it": """di e il la che in un per è del della non una con i le si da al dei alla sono
        gli anche come più ha ma delle nel questo dal nella essere stato""",
    "pt": """de a o que e do da em um para é com não uma os no se na por mais as dos como
        mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também pelo
        pela""",
    "nl": """de en van het een in is dat op te zijn met voor niet aan er om ook als dan maar
        bij of uit nog wel door naar heeft over hij ze werd worden wordt was""",
}
_STOPWORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORD_LISTS.items()}
_SCRIPTS = {
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "HANGUL": "Kore",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
}
#: Letters outside Basic Latin, Latin-1, Latin Extended-A/B and Latin Extended Additional.
_NON_LATIN = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
#: Below this many words the guess is ``"und"`` (undetermined) and nobody is warned.
MIN_WORDS = 8
#: The best stop-word share must reach this for a language to be named.
MIN_STOPWORD_SHARE = 0.12


def guess_language(text: str, *, sample: int = 10_000) -> str:
    """A cheap language guess: ``"en"``, ``"de"``, ..., ``"und-Cyrl"`` or ``"und"``.

    Counts which language's most common function words make up the largest
    share of the words in the first ``sample`` characters (news English is
    about 40% stop words). Texts mostly in a non-Latin script are tagged with
    the script (BCP 47 ``und-<Script>``). Good enough to warn that a text is
    not English; not a language identifier.
    """
    return _guess(text, sample)[0]


def _guess(text: str, sample: int = 10_000) -> tuple[str, int]:
    """(language, number of words in the sample)."""
    sample_text = text[:sample].lower().replace("’", "'")
    words = _WORD.findall(sample_text)
    if len(words) < MIN_WORDS:
        return "und", len(words)
    letters = sum(map(len, words))
    # cheap upper bound on non-ASCII characters: extra bytes of their UTF-8 encoding
    if len(sample_text.encode("utf-8", "surrogatepass")) - len(sample_text) > letters / 2:
        non_latin = _NON_LATIN.findall(sample_text)
        if len(non_latin) > letters / 2:
            scripts = Counter(
                unicodedata.name(ch, "").split(" ", 1)[0] for ch in non_latin[:500]
            )
            top = scripts.most_common(1)[0][0]
            return f"und-{_SCRIPTS.get(top, 'Zyyy')}", len(words)
    counts = Counter(words)
    shares = {
        lang: sum(counts[w] for w in stop) / len(words) for lang, stop in _STOPWORDS.items()
    }
    best = max(shares, key=lambda k: shares[k])
    return (best if shares[best] >= MIN_STOPWORD_SHARE else "und"), len(words)


def add_warning(article: Article, warning: str) -> None:
    warnings = article.meta.setdefault("warnings", [])
    if warning not in warnings:
        warnings.append(warning)


def finish(article: Article, source: str, **meta: Any) -> Article:
    """Give every article ``meta["source"]``, ``meta["language"]`` and ``meta["warnings"]``.

    A declared language (HTML ``lang``, a JSONL field) is kept when the text
    is too short to guess; otherwise the guess wins, because declarations are
    often template defaults. Non-English text is kept, with a warning.
    """
    for key, value in meta.items():
        if value is not None and value != "":
            article.meta.setdefault(key, value)
    article.meta["source"] = source
    article.meta.setdefault("warnings", [])
    declared = article.meta.get("language")
    guessed, words = _guess(article.text)
    language = guessed if guessed != "und" or not declared else str(declared)
    article.meta["language"] = language
    too_short = language == "und" and words < MIN_WORDS
    if language != "en" and not too_short:
        if language.startswith("und"):
            note = "could not be identified"
            if "-" in language:
                note = f"is written in a non-Latin script ({language.split('-', 1)[1]})"
            add_warning(
                article,
                f"language {note}; presslens models are trained on English news, "
                "so results will be unreliable",
            )
        elif language.split("-")[0].lower() != "en":
            add_warning(
                article,
                f"text looks like language {language!r}, not English; presslens models are "
                "trained on English news, so results will be unreliable",
            )
    return article


def unique_id(wanted: str, seen: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... if an earlier input already used it."""
    if wanted not in seen:
        seen.add(wanted)
        return wanted
    n = 2
    while f"{wanted}-{n}" in seen:
        n += 1
    new = f"{wanted}-{n}"
    seen.add(new)
    return new

