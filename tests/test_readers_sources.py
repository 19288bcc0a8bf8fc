"""iter_sources dispatch: directories, JSONL, stdin, HTML files and strings, feeds."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from presslens import Article
from presslens.errors import ExtractError
from presslens.readers import ReadFailure, iter_sources
from presslens.readers.html import fragment_to_text, read_html_string
from presslens.readers.jsonl import split_lines

ENGLISH = "The council approved the budget on Tuesday after a long debate, the mayor said."


def _articles(items: list[Article | ReadFailure]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _failures(items: list[Article | ReadFailure]) -> list[ReadFailure]:
    return [i for i in items if isinstance(i, ReadFailure)]


# -- directories -------------------------------------------------------------------

def test_directory_is_recursive_sorted_and_skips_other_files(tmp_path: Path) -> None:
    files = {
        "b.txt": "Second text file.",
        "a.txt": "First text file.",
        "a-b.txt": "Dash after a: sorts after the a/ folder.",
        "a/z.txt": "Inside folder a.",
        "a/deeper/y.TXT": "Upper-case suffix, deeper.",
        "c/page.html": f"<html><body><article><p>{ENGLISH}</p></article></body></html>",
        "c/old.htm": f"<html><body><p>{ENGLISH} Again.</p></body></html>",
        "d/corpus.jsonl": json.dumps({"id": "j1", "text": "From JSONL."}) + "\n",
        "notes.md": "skipped: not a reader suffix",
        "data.csv": "skipped,too",
        ".hidden.txt": "skipped: hidden",
        ".git/x.txt": "skipped: hidden folder",
    }
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    items = list(iter_sources([tmp_path]))
    assert _failures(items) == []
    got = [(a.id, Path(a.meta["source"]).relative_to(tmp_path).as_posix()) for a in
           _articles(items)]
    assert got == [
        ("y", "a/deeper/y.TXT"),
        ("z", "a/z.txt"),
        ("a-b", "a-b.txt"),
        ("a", "a.txt"),
        ("b", "b.txt"),
        ("old", "c/old.htm"),
        ("page", "c/page.html"),
        ("j1", "d/corpus.jsonl"),
    ]
    # deterministic: a second run gives the same order
    assert [a.id for a in _articles(list(iter_sources([tmp_path])))] == [g[0] for g in got]


def test_directory_with_nothing_readable_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    (item,) = list(iter_sources([tmp_path]))
    assert isinstance(item, ReadFailure) and "holds no" in str(item.error)


def test_one_bad_file_does_not_stop_the_directory(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text("First good file.", encoding="utf-8")
    (tmp_path / "2.txt").write_bytes(b"")
    (tmp_path / "3.txt").write_bytes(b"bad \xff byte")
    (tmp_path / "4.txt").write_text("Last good file.", encoding="utf-8")
    items = list(iter_sources([tmp_path]))
    assert [a.id for a in _articles(items)] == ["1", "4"]
    assert [(Path(f.source).name, type(f.error)) for f in _failures(items)] == [
        ("2.txt", ExtractError), ("3.txt", ExtractError)
    ]
    assert "byte offset 4" in str(_failures(items)[1].error)


def test_duplicate_ids_are_renamed_with_a_warning(tmp_path: Path) -> None:
    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "story.txt").write_text(f"Story in {sub}.", encoding="utf-8")
    a, b = _articles(list(iter_sources([tmp_path])))
    assert (a.id, b.id) == ("story", "story-2")
    assert a.meta["warnings"] == []
    assert "renamed 'story-2'" in b.meta["warnings"][0]


def test_missing_path_and_unsupported_scheme_are_failures(tmp_path: Path) -> None:
    items = list(iter_sources([str(tmp_path / "nope.txt"), "file:///etc/passwd", "ftp://x/y"]))
    assert [type(i) for i in items] == [ReadFailure] * 3
    assert "no such file" in str(items[0].error)
    assert "only http(s)" in str(items[1].error)


# -- JSONL --------------------------------------------------------------------------

def test_jsonl_bad_lines_are_failures_and_the_rest_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "text": "Caf\u00e9\r\nline", "title": "T1", "outlet": "Gazette"}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"id": "a2"}),
        json.dumps({"id": "a3", "text": "   "}),
        json.dumps({"id": {"x": 1}, "text": "bad id"}),
        json.dumps({"text": "No id here.", "meta": {"published": "2024-01-02", "missing": []}}),
        json.dumps({"id": 7, "text": "Integer id."}),
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(iter_sources([path]))
    arts = _articles(items)
    assert [a.id for a in arts] == ["a1", "corpus-8", "7"]
    assert arts[0].text == "Caf\u00e9\r\nline"  # the JSON string, exactly
    assert arts[0].meta["title"] == "T1" and arts[0].meta["outlet"] == "Gazette"
    assert arts[0].meta["source"] == str(path) and arts[0].meta["line"] == 1
    assert arts[1].meta["published"] == "2024-01-02" and "missing" not in arts[1].meta
    fails = _failures(items)
    assert [f.source for f in fails] == [f"{path}:{n}" for n in (3, 4, 5, 6, 7)]
    messages = [str(f.error) for f in fails]
    assert "not valid JSON" in messages[0]
    assert "expected a JSON object" in messages[1]
    assert '"text" must be a string, got nothing' in messages[2]
    assert '"text" is empty' in messages[3]
    assert '"id" must be a string or integer' in messages[4]
    assert all(m.startswith(f"{path}:") for m in messages)


def test_jsonl_invalid_utf8_and_overlong_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    good = json.dumps({"id": "ok", "text": "Fine."}).encode()
    long = json.dumps({"id": "long", "text": "x" * 500}).encode()
    path.write_bytes(good + b"\n" + b'{"id": "u", "text": "\xff"}\n' + long + b"\n" + good + b"\n")
    items = list(iter_sources([path], max_bytes=200))
    assert [a.id for a in _articles(items)] == ["ok", "ok-2"]
    f1, f2 = _failures(items)
    assert f1.source == f"{path}:2" and "byte offset 21" in str(f1.error)
    assert f2.source == f"{path}:3" and "over the 200 bytes limit" in str(f2.error)


def test_jsonl_html_records_are_extracted(tmp_path: Path) -> None:
    page = f"<html><head><title>Budget</title></head><body><p>{ENGLISH}</p></body></html>"
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "p1", "html": page, "outlet": "Gazette"}) + "\n", "utf-8")
    (article,) = _articles(list(iter_sources([path])))
    assert article.text == ENGLISH
    assert article.meta["outlet"] == "Gazette" and article.meta["source"] == str(path)


def test_empty_jsonl_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    (item,) = list(iter_sources([path]))
    assert isinstance(item, ReadFailure) and "is empty" in str(item.error)


@pytest.mark.parametrize(
    ("chunks", "expected"),
    [
        ([b"a\nb", b"c\n", b"d"], [b"a\n", b"bc\n", b"d"]),
        ([b"12345678901\nok\n"], [b"12345678901", b"ok\n"]),  # overlong: cut to cap+1
        ([b"1234", b"56789", b"0123\nok"], [b"12345678901", b"ok"]),
        ([b"\n\n"], [b"\n", b"\n"]),
    ],
)
def test_split_lines_caps_each_line(chunks: list[bytes], expected: list[bytes]) -> None:
    assert list(split_lines(chunks, 10)) == expected


# -- stdin ---------------------------------------------------------------------------

def test_stdin_text_is_one_article_kept_exactly() -> None:
    raw = "Caf\u00e9 \U0001f600\r\nsecond line".encode()
    (article,) = list(iter_sources(["-"], stdin=io.BytesIO(raw)))
    assert isinstance(article, Article)
    assert article.text == raw.decode() and article.id == "stdin"
    assert article.meta["source"] == "-"


def test_stdin_jsonl_is_streamed_line_by_line() -> None:
    raw = b"\n".join(
        json.dumps({"id": f"s{n}", "text": f"Article number {n}."}).encode() for n in range(3)
    ) + b"\nbroken\n"
    items = list(iter_sources(["-"], stdin=io.BytesIO(raw)))
    assert [a.id for a in _articles(items)] == ["s0", "s1", "s2"]
    (fail,) = _failures(items)
    assert fail.source == "-:4"


def test_stdin_html_and_size_cap() -> None:
    page = f"<!DOCTYPE html><html><body><p>{ENGLISH}</p></body></html>".encode()
    (article,) = list(iter_sources(["-"], stdin=io.BytesIO(page)))
    assert isinstance(article, Article) and article.text == ENGLISH
    (fail,) = list(iter_sources(["-"], stdin=io.BytesIO(b"x" * 101), max_bytes=100))
    assert isinstance(fail, ReadFailure) and "standard input is over" in str(fail.error)
    (empty,) = list(iter_sources(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(empty, ReadFailure) and "is empty" in str(empty.error)


# -- HTML -----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves budget | Riverside Gazette</title>
<meta property="og:site_name" content="Riverside Gazette">
<meta property="og:title" content="Council approves budget">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta name="author" content="Jane Doe">
<link rel="canonical" href="https://gazette.example/news/council-budget.html">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/sport">Sport</a></nav>
<article>
<h1>Council approves budget</h1>
<p>The city council approved the new budget on Tuesday after a long debate, the mayor said.</p>
<p>“This is a good day for Riverside,” said Mayor Ana L&oacute;pez, adding that taxes would
not rise this year.</p>
</article>
<footer>Copyright 2024 Riverside Gazette. All rights reserved. Cookie settings.</footer>
<script>var tracking = "should never be text";</script>
</body></html>"""


def test_read_html_string_extracts_text_and_metadata() -> None:
    article = read_html_string(PAGE)
    text = article.text
    assert "The city council approved the new budget on Tuesday" in text
    assert "“This is a good day for Riverside,” said Mayor Ana López" in text
    for boilerplate in ("Cookie settings", "Sport", "tracking"):
        assert boilerplate not in text
    meta = article.meta
    assert meta["title"] == "Council approves budget"
    assert meta["outlet"] == "Riverside Gazette"
    assert meta["url"] == "https://gazette.example/news/council-budget.html"
    assert meta["published"] == "2024-03-05"
    assert meta["author"] == "Jane Doe"
    assert meta["language"] == "en"
    assert article.id == "council-budget"  # from the canonical URL
    start = text.index("Mayor Ana López")
    assert text[start : start + len("Mayor Ana López")] == "Mayor Ana López"


def test_read_html_string_explicit_id_and_url() -> None:
    article = read_html_string(PAGE, id="mine", url="https://other.example/x")
    assert article.id == "mine"
    assert article.meta["source"] == "https://other.example/x"


@pytest.mark.parametrize(
    "html",
    ["", "   ", "<html><body><script>render()</script></body></html>"],
)
def test_html_without_text_is_an_extract_error(html: str) -> None:
    with pytest.raises(ExtractError):
        read_html_string(html)


def test_html_file_by_suffix_and_by_content(tmp_path: Path) -> None:
    (tmp_path / "page.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "saved").write_text(PAGE, encoding="utf-8")  # no suffix: sniffed
    (tmp_path / "latin1.html").write_bytes(
        PAGE.replace('charset="utf-8"', 'charset="iso-8859-1"').replace("“", '"')
        .replace("”", '"').encode("latin-1")
    )
    items = list(iter_sources([tmp_path / "page.htm", tmp_path / "saved",
                               tmp_path / "latin1.html"]))
    a, b, c = _articles(items)
    assert (a.id, b.id, c.id) == ("page", "saved", "latin1")
    assert a.text == b.text
    assert "Mayor Ana López" in c.text
    assert a.meta["source"] == str(tmp_path / "page.htm")


def test_html_looking_txt_file_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "raw.txt"
    path.write_text(PAGE, encoding="utf-8")
    (article,) = _articles(list(iter_sources([path])))
    assert article.text == PAGE


def test_fragment_to_text() -> None:
    assert fragment_to_text(
        "<p>One  <b>bold</b>\n word.</p><p>Two &amp; three</p><script>x()</script>"
    ) == "One bold word.\nTwo & three"


# -- feeds --------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>Riverside Gazette</title><link>https://gazette.example/</link>
<item>
  <title>Council approves budget</title>
  <link>https://gazette.example/news/council-budget.html</link>
  <guid>gazette-1</guid>
  <pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>The council approved the budget.</p><p>Taxes stay.</p>]]>
  </content:encoded>
</item>
<item>
  <title>Bridge reopens</title>
  <link>https://gazette.example/news/bridge</link>
  <pubDate>Wed, 06 Mar 2024 08:30:00 +0100</pubDate>
  <description>&lt;p&gt;The old bridge reopened on
    &lt;b&gt;Wednesday&lt;/b&gt;.&lt;/p&gt;</description>
</item>
<item><title>Empty one</title><link>https://gazette.example/news/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<!-- an Atom feed -->
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Valley News</title>
  <entry>
    <title>Flood warning lifted</title>
    <link href="https://valley.example/2024/flood-warning"/>
    <id>urn:uuid:1</id>
    <updated>2024-04-01T12:00:00Z</updated>
    <summary type="text">The flood warning was lifted on Monday.</summary>
  </entry>
</feed>"""


def test_rss_file_gives_one_article_per_entry(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")
    items = list(iter_sources([path]))
    a, b = _articles(items)
    assert a.text == "The council approved the budget.\nTaxes stay."
    assert a.id == "council-budget"
    assert a.meta["title"] == "Council approves budget"
    assert a.meta["url"] == "https://gazette.example/news/council-budget.html"
    assert a.meta["published"] == "2024-03-05"
    assert a.meta["outlet"] == "Riverside Gazette"
    assert a.meta["guid"] == "gazette-1"
    assert a.meta["source"] == str(path)
    assert b.text == "The old bridge reopened on Wednesday."
    assert b.id == "bridge" and b.meta["published"] == "2024-03-06"
    (fail,) = _failures(items)
    assert fail.source == f"{path}#entry3" and "no text" in str(fail.error)


def test_atom_feed_detected_by_content_whatever_the_suffix(tmp_path: Path) -> None:
    path = tmp_path / "valley.txt"
    path.write_text(ATOM, encoding="utf-8")
    (article,) = list(iter_sources([path]))
    assert isinstance(article, Article)
    assert article.text == "The flood warning was lifted on Monday."
    assert article.id == "flood-warning"
    assert article.meta["published"] == "2024-04-01"
    assert article.meta["outlet"] == "Valley News"


def test_broken_xml_is_not_a_feed_failure_crash(tmp_path: Path) -> None:
    path = tmp_path / "broken.rss"
    path.write_text("<?xml version='1.0'?><rss><channel><item>", encoding="utf-8")
    (item,) = list(iter_sources([path]))
    assert isinstance(item, ReadFailure)
    assert str(path) in str(item.error)
