"""Plain-text reading: exact offsets, bad input, size caps, language warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from presslens.errors import ExtractError, ReaderError
from presslens.readers import ReadFailure, iter_sources, read_text_file
from presslens.readers.common import DEFAULT_MAX_BYTES, guess_language

# (file bytes, substrings that must be found at the offsets where they occur in the decoded file)
EXACT_CASES = {
    "crlf": (
        b"Line one.\r\nThe mayor said \"no\".\r\n\r\nLast line.\r\n",
        ["Line one.", "\r\n", "The mayor said \"no\".", "Last line."],
    ),
    "bom": (
        b"\xef\xbb\xbf" + b"Officials said the plan works.",
        ["\ufeff", "Officials", "plan works."],
    ),
    "nbsp": (
        "A 10\u00a0000 euro fine, said Mr\u00a0Smith.".encode(),
        ["10\u00a0000", "Mr\u00a0Smith", "fine"],
    ),
    "emoji": (
        "Fans 😀👍🏽 cheered; the 🇫🇷 team won. Then 👨‍👩‍👧 left.".encode(),
        ["😀👍🏽", "cheered", "🇫🇷", "team won", "👨‍👩‍👧", "left."],
    ),
    "combining": (
        "Cafe\u0301 owner Zoe\u0308 said: “Ñandú” is n\u0303andu\u0301.".encode(),
        ["Cafe\u0301", "Zoe\u0308", "“Ñandú”", "n\u0303andu\u0301"],
    ),
    "mixed": (
        b"\xef\xbb\xbf" + "Title\r\n\r\nCaf\u00e9\u00a0\U0001f600 e\u0301\r\nEnd  \t".encode(),
        ["Title", "Caf\u00e9\u00a0\U0001f600", "e\u0301", "End  \t"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXACT_CASES))
def test_text_is_kept_exactly_and_offsets_match_the_file(tmp_path: Path, name: str) -> None:
    raw, pieces = EXACT_CASES[name]
    path = tmp_path / f"article813452859-{name}.txt"
    path.write_bytes(raw)
    article = read_text_file(path)
    decoded = raw.decode("utf-8")  # the file's characters, BOM included
    assert article.text == decoded
    assert len(article.text) == len(decoded)
    assert article.id == f"article813452859-{name}"
    assert article.meta["source"] == str(path)
    for piece in pieces:
        start = decoded.index(piece)
        end = start + len(piece)
        assert article.text[start:end] == piece
        # the character offset maps back onto the very bytes of the file
        byte_start = len(decoded[:start].encode("utf-8"))
        assert raw[byte_start : byte_start + len(piece.encode("utf-8"))] == piece.encode("utf-8")


def test_bom_is_kept_as_first_character_and_flagged(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello")
    article = read_text_file(path)
    assert article.text[0] == "\ufeff"
    assert article.text[1:6] == "Hello"
    assert article.meta["bom"] is True
    no_bom = tmp_path / "plain.txt"
    no_bom.write_bytes(b"Hello")
    assert "bom" not in read_text_file(no_bom).meta


def test_id_is_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "article813452859.txt"
    path.write_text("The council met.", encoding="utf-8")
    assert read_text_file(path).id == "article813452859"


@pytest.mark.parametrize(
    ("raw", "offset", "line"),
    [
        (b"abc\xffdef", 3, 1),
        (b"line one\nline two \xc3\x28 bad", 18, 2),
        (b"ok\n\nsplit emoji \xf0\x9f\x98", 16, 3),  # truncated 4-byte sequence at the end
    ],
)
def test_invalid_utf8_names_file_and_byte_offset(
    tmp_path: Path, raw: bytes, offset: int, line: int
) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(raw)
    with pytest.raises(ExtractError) as info:
        read_text_file(path)
    message = str(info.value)
    assert str(path) in message
    assert f"byte offset {offset} " in message
    assert f"(line {line})" in message
    assert "replace-errors" in message


def test_replace_errors_decodes_with_replacement_and_warns(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"abc\xffdef")
    article = read_text_file(path, replace_errors=True)
    assert article.text == "abc\ufffddef"
    assert article.text[4:7] == "def"
    assert any("U+FFFD" in w for w in article.meta["warnings"])


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"", "is empty"),
        (b"   \r\n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary (NUL byte at byte offset 8)"),
        (b"\xff\xfeH\x00i\x00", "UTF-16"),
    ],
)
def test_empty_and_binary_files_are_refused(tmp_path: Path, raw: bytes, needle: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(raw)
    with pytest.raises(ExtractError, match=needle.replace("(", r"\(").replace(")", r"\)")):
        read_text_file(path)
    # replace_errors never turns binary or empty input into text
    with pytest.raises(ExtractError):
        read_text_file(path, replace_errors=True)
    # and through iter_sources it is a failure, not an exception
    (item,) = list(iter_sources([path]))
    assert isinstance(item, ReadFailure)
    assert item.source == str(path)
    assert needle.split(" (")[0] in str(item.error)


def test_size_cap_is_configurable_and_exact(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1000)
    assert len(read_text_file(path, max_bytes=1000).text) == 1000
    with pytest.raises(ExtractError, match="is 1000 bytes, over the 999 bytes limit"):
        read_text_file(path, max_bytes=999)


def test_default_cap_refuses_huge_file_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: costs no disk and must not be read
        fh.truncate(DEFAULT_MAX_BYTES + 1)
    with pytest.raises(ExtractError, match="over the 10 MB limit"):
        read_text_file(path)
    (item,) = list(iter_sources([path]))
    assert isinstance(item, ReadFailure) and "10 MB" in str(item.error)


def test_missing_file_is_reader_error(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="cannot read"):
        read_text_file(tmp_path / "nope.txt")


ENGLISH = (
    "The city council approved the budget on Tuesday after a long debate, and the mayor "
    "said that it was a good day for the town."
)
LANGUAGE_CASES = [
    (ENGLISH, "en"),
    ("Der Stadtrat hat am Dienstag nach einer langen Debatte den Haushalt beschlossen, und "
     "der Bürgermeister sagte, dass es ein guter Tag für die Stadt sei.", "de"),
    ("Le conseil municipal a approuvé le budget mardi après un long débat, et le maire a dit "
     "que c'était une bonne journée pour la ville.", "fr"),
    ("El ayuntamiento aprobó el presupuesto el martes después de un largo debate, y el "
     "alcalde dijo que era un buen día para la ciudad.", "es"),
    ("Городской совет во вторник после долгих дебатов утвердил бюджет, и мэр сказал, что "
     "это хороший день для города.", "und-Cyrl"),
    ("Short headline here", "und"),
]


@pytest.mark.parametrize(("text", "language"), LANGUAGE_CASES)
def test_language_guess(text: str, language: str) -> None:
    assert guess_language(text) == language


@pytest.mark.parametrize(("text", "language"), LANGUAGE_CASES)
def test_non_english_text_is_kept_with_a_warning(
    tmp_path: Path, text: str, language: str
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    article = read_text_file(path)
    assert article.text == text
    assert article.meta["language"] == language
    warnings = article.meta["warnings"]
    assert isinstance(warnings, list)
    if language in ("en", "und"):  # English, or too short to tell: no warning
        assert warnings == []
    else:
        assert len(warnings) == 1 and "English" in warnings[0]


def test_iter_sources_passes_replace_errors_on(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Caf\u00e9 owners said the plan works.".encode("latin-1"))
    (strict,) = list(iter_sources([path]))
    assert isinstance(strict, ReadFailure) and "byte offset 3" in str(strict.error)
    (lenient,) = list(iter_sources([path], replace_errors=True))
    assert not isinstance(lenient, ReadFailure)
    assert lenient.text == "Caf\ufffd owners said the plan works."
