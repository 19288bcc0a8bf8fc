"""Find quotations in messy news text.

News text mixes curly and straight double quotes, forgets to close quotes,
and continues long quotes over several paragraphs by opening every
paragraph with a quote mark and closing only the last one. The scanner
works paragraph by paragraph (a paragraph is a run of text between line
breaks):

* ``“`` and ``«`` open, ``”`` and ``»`` close; a straight ``"`` opens when no
  quote is open and closes otherwise.
* A quote still open at the paragraph end is closed there (``closed`` is
  false). When the next paragraph starts with an opening mark, that quote
  continues the previous one (``continues`` is true): the convention for
  multi-paragraph quotes.
* Two apostrophes (``''``) count as a straight double quote, as in
  some newspaper archives.
* A closing mark with no open quote closes a quote that started at the
  paragraph start (the writer dropped the opening mark).
* A curly mark of the wrong shape is read by its position: “ glued to the
  end of a word inside an open quote closes it, ” at the start of a word
  with no quote open opens one.

Single quotes (``‘...’`` and ``'...'``) count only in a text with no
double quote mark at all, as from newspapers that quote with single marks
('We will fight,' he said.). Elsewhere they mark quotes within quotes or
headline quotes. Because they double as apostrophes, only a pair counts: an
opening mark at the start of a word, closed by a mark that does not sit
inside a word (``don't`` and ``Smith's`` are no closers, ``the members'
vote`` still is); or a paragraph's opening mark left open when the next
paragraph opens with one too (a quote over several paragraphs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Quote", "find_quotes", "paragraphs"]

OPEN = "“«„"
CLOSE = "”»"
STRAIGHT = '"'
_PARA = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quote:
    """A quotation ``text[start:end]`` including its marks (when present)."""

    start: int
    end: int
    closed: bool = True
    continues: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets without the quote marks (assumes one-character marks, not ``''``)."""
        return (self.start + 1, self.end - 1 if self.closed else self.end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines as ``(start, end)`` without surrounding whitespace."""
    out = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


#: ", the mayor told" inside an unclosed quote: the writer forgot the closing mark there.
_SWALLOWED_CUE = re.compile(
    r",\s+(?:[^,.;:“”\"]{1,40}?\s)?(?:said|says|told|tells|added|adds|asked|asks|noted|"
    r"explained|insisted|warned|wrote|continued|argued|declared|stressed)\b"
)


def find_quotes(text: str) -> list[Quote]:
    """All quoted stretches of ``text``, in order.

    An unclosed quote that runs into ", the mayor said" is closed at that
    comma: the missing mark belongs there, not at the paragraph end.
    """
    out = []
    for q in _scan(_single_pairs_as_double(text)):
        if not q.closed:
            m = _SWALLOWED_CUE.search(text, q.start, q.end)
            if m:
                q = Quote(q.start, m.start() + 1, closed=False, continues=q.continues)
        out.append(q)
    return out


_DOUBLE = set(OPEN + CLOSE + STRAIGHT)


def _single_pairs_as_double(text: str) -> str:
    """``text`` with its single-quote pairs as “ and ”, if it has no double quotes.

    A paragraph that opens with a single mark left unclosed, followed by a
    paragraph that opens with one too, is the open first part of a quote over
    several paragraphs: its mark becomes “ as well. Same length, so offsets
    stay valid.
    """
    if _DOUBLE.intersection(text) or "''" in text:
        return text
    chars = list(text)
    paras = paragraphs(text)
    for n, (ps, pe) in enumerate(paras):
        start: int | None = None
        for i in range(ps, pe):
            ch = text[i]
            before = text[i - 1] if i > ps else " "
            after = text[i + 1] if i + 1 < pe else " "
            if ch in "‘'" and start is None and not after.isspace() \
                    and (before.isspace() or before in "([—–-/"):
                start = i
            elif ch in "’'" and start is not None and not before.isspace() \
                    and not after.isalnum():
                chars[start], chars[i] = "“", "”"
                start = None
        if start == ps and n + 1 < len(paras) and text[paras[n + 1][0]] in "‘'":
            chars[start] = "“"
    return "".join(chars)


def _by_position(text: str, i: int, width: int, ch: str, ps: int, pe: int,
                 is_open: bool) -> str:
    """A curly mark of the wrong shape, read by where it stands.

    “It's unusual,“ said Ann: an opening mark glued to the word before it and
    followed by a space, while a quote is open, closes it; ”Fear. I am afraid”
    at a word start, with no quote open, opens one.
    """
    before = text[i - 1] if i > ps else " "
    after = text[i + width] if i + width < pe else " "
    if ch in OPEN and is_open and not before.isspace() and (after.isspace() or after in ".,;:!?)"):
        return CLOSE[0]
    if ch in CLOSE and not is_open and before.isspace() and after.isalnum():
        return OPEN[0]
    return ch


def _scan(text: str) -> list[Quote]:
    quotes: list[Quote] = []
    prev_open_at_end = False
    for ps, pe in paragraphs(text):
        start: int | None = None
        first = True
        cont_flag = False
        i = ps - 1
        while i + 1 < pe:
            i += 1
            ch = text[i]
            if ch == "'" and text[i + 1 : i + 2] == "'":
                # two apostrophes stand for a straight double quote (NYT archive text)
                width = 2
                ch = STRAIGHT
            else:
                width = 1
            ch = _by_position(text, i, width, ch, ps, pe, start is not None)
            if ch in OPEN or (ch == STRAIGHT and start is None):
                if start is not None:  # a second opener: close the first before it
                    end = i
                    while end > start + 1 and text[end - 1].isspace():
                        end -= 1
                    quotes.append(Quote(start, end, closed=False))
                start = i
                continues = first and i == ps and prev_open_at_end
                first = False
                cont_flag = continues
                i += width - 1
            elif ch in CLOSE or (ch == STRAIGHT and start is not None):
                if start is None:
                    if ch == STRAIGHT:
                        continue
                    # closing mark without an opener: quote from paragraph start
                    quotes.append(Quote(ps, i + 1, closed=True, continues=prev_open_at_end))
                else:
                    quotes.append(Quote(start, i + width, closed=True, continues=cont_flag))
                    start = None
                first = False
                i += width - 1
            elif not ch.isspace():
                first = False
        prev_open_at_end = start is not None
        if start is not None:
            quotes.append(Quote(start, pe, closed=False, continues=cont_flag))
    return quotes
