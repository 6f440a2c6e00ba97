"""The tables of ``margin`` as wide as the terminal, whole in a pipe, aligned with wide characters."""

from __future__ import annotations

import json

import pytest
from rich.cells import cell_len

from tests.conftest import SAMPLE, run_margin
from tests.hostile.pty_app import Terminal
from tui.cli.table import Column, fit, table

# Wide characters in every column that is padded: speakers, titles and tags in CJK and emoji.
WIDE = ("Crime fell by 12% last year, said 李明.\n\n"
        "Unemployment rose to 7% in March, according to Zoë 😀 Analytics.\n\n"
        "The 東京 budget grew by 4 percent, the 市長 said on Monday in a long statement to the "
        "press corps about the city's finances and its plans for the coming fiscal year.\n")
CJK_TITLE = "東京都の人口は二〇二三年に千四百万人を超えたと都知事が述べた"


def ok(*args, **kw) -> str:
    out = run_margin(*args, **kw)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout.decode()


@pytest.fixture(scope="module")
def library(tmp_path_factory):
    """A library of the sample and two articles full of wide characters, with notes tagged in
    CJK (run_margin gives no $COLUMNS but a test's own). One for the module: its tests read it,
    and what they run again (claims) only opens the same articles again."""
    tmp_path = tmp_path_factory.mktemp("wide-library")
    data = ["--data-dir", str(tmp_path / "d")]
    wide = tmp_path / "wide.txt"
    wide.write_text(WIDE, encoding="utf-8")
    cjk = tmp_path / "cjk.md"
    cjk.write_text(f"# {CJK_TITLE}\n\n{CJK_TITLE}と発表した。\n", encoding="utf-8")
    ok(*data, "notes", "add", str(wide), "-s", "3", "-t", "市の予算書 😀 を確認する", "--tag", "予算",
       "--tag", "東京")
    ok(*data, "notes", "add", str(cjk), "-s", "1", "-t", "check the census", "--tag", "統計")
    ok(*data, "notes", "add", str(SAMPLE), "-s", "7", "-t", "Check TASS and the Kremlin readout.",
       "--tag", "escalation")
    return data, wide, cjk


def cells(line: str) -> list[str]:
    """The line as a terminal lays it out: one entry per cell ("" for the right half of a wide
    character)."""
    out: list[str] = []
    for ch in line:
        out.append(ch)
        out.extend([""] * (cell_len(ch) - 1))
    return out


def assert_table(text: str, width: int | None, titles: list[str], texts: list[str]) -> None:
    """Every line at most ``width`` cells; each row's last column (its ``texts``, in order)
    starts in the cell where the header's last title starts, after a space — so every column
    before it, wide characters and all, took exactly its width."""
    lines = text.splitlines()
    header, rows = lines[0], [line for line in lines[1:] if line and not line.startswith("article")]
    assert header.split() == " ".join(titles).split(), header
    for line in lines:
        assert width is None or cell_len(line) <= width, (width, line)
    start = cells(header).index(titles[-1][0], len(cells(header)) - cell_len(titles[-1]))
    assert len(rows) == len(texts)
    for line, whole in zip(rows, texts):
        laid = cells(line)
        assert laid[start - 1] == " " and laid[start] == whole[0], (line, whole)
        shown = "".join(laid[start:])
        if width is None:
            assert shown == whole
        else:
            assert shown == whole or (shown.endswith("…") and whole.startswith(shown[:-1])), line


@pytest.mark.parametrize("width", [None, 200, 80])
def test_claims_fill_the_width_and_line_up(library, width):
    data, wide, _ = library
    env = {} if width is None else {"COLUMNS": str(width)}
    for article in (wide, SAMPLE):
        rows = json.loads(ok(*data, "claims", str(article), "--json"))
        out = ok(*data, "claims", str(article), env=env)
        assert_table(out, width, ["#", "kinds", "speaker", "score", "text"],
                     [r["text"] for r in rows])
        assert ("…" in out) == (width is not None), out  # both have a statement over 150 cells
    assert "Zoë 😀 Analytics" in ok(*data, "claims", str(wide), env={"COLUMNS": "200"})


@pytest.mark.parametrize("width", [None, 200, 80])
def test_notes_search_and_library_line_up(library, width):
    data, wide, cjk = library
    env = {} if width is None else {"COLUMNS": str(width)}
    notes = json.loads(ok(*data, "notes", "list", "--json"))
    shown = [f"“{n['quote']}”" + (f" — {n['body']}" if n["body"] else "") for n in notes]
    assert_table(ok(*data, "notes", "list", env=env), width,
                 ["#", "id", "state", "verdict", "tags", "quote — note"], shown)
    found = json.loads(ok(*data, "search", "東京", "--json"))
    assert {r["title"] for r in found} >= {CJK_TITLE, "Wide"}
    assert_table(ok(*data, "search", "東京", env=env), width,
                 ["match", "article", "#", "kinds", "statement"],
                 [f"note: {r['note']['body']} — on: {r['text']}" if "note" in r else r["text"]
                  for r in found])
    entries = json.loads(ok(*data, "library", "--json"))
    assert CJK_TITLE in [e["title"] for e in entries]
    assert_table(ok(*data, "library", env=env), width,
                 ["id", "last opened", "stmts", "notes", "title — source"],
                 [f"{e['title']} — {e['source']}" for e in entries])


def test_a_cut_falls_between_words():
    """At 80 columns each statement is cut after a whole word (or a CJK character), never
    inside one."""
    rows = json.loads(ok("claims", str(SAMPLE), "--json"))
    lines = ok("claims", str(SAMPLE), env={"COLUMNS": "80"}).splitlines()[1:]
    cut = 0
    for row, line in zip(rows, lines):
        text = " ".join(row["text"].split())
        shown = line[line.index(f"{row['score']:.2f}  ") + 6:]
        if shown.endswith("…"):
            cut += 1
            assert text.startswith(shown[:-1]) and text[len(shown) - 1] in " ,;:—–-", line
    assert cut > 10


def test_fit_counts_cells_and_keeps_graphemes_whole():
    assert fit("東京都の人口は増えた", 9) == "東京都の…"  # 8 cells and the ellipsis
    assert fit("a 👨‍👩‍👧 family of three", 8) == "a 👨‍👩‍👧…"  # the family is one 2-cell emoji
    assert fit("see https://example.org/a/very/long/path", 20) == "see https://example…"
    assert fit("two\nlines\x1b[31m", None) == "two lines\ufffd[31m"  # one line, no escape
    rows = [("市長", "said it"), ("Zoë 😀 Analytics", "x")]
    columns = [Column("who", most=8), Column("text")]
    for width, who in ((40, 16), (24, 10), (20, 6)):  # whole; down to most=8 first; to 6
        header, lines = table(columns, rows, width)
        assert ["".join(cells(line)[who:]) for line in (header, *lines)] == \
            ["  text", "  said it", "  x"], width
    assert table(columns, rows, 40)[1][1].startswith("Zoë 😀 Analytics  x")
    assert table(columns, rows, 20)[1][1].startswith("Zoë…")


@pytest.mark.parametrize("cols", [200, 80])
def test_a_terminal_gives_its_width(cols):
    """In a real terminal (a pty, no $COLUMNS) the table takes the terminal's width: at 200
    columns the sample's statements are shown to 140 cells, not cut at about 56."""
    term = Terminal(["claims", str(SAMPLE)], {}, cols=cols, rows=50)
    while term.proc.poll() is None:
        term.pump(0.1)
    term.pump(60)  # reads to the end of the output: the program has ended (60 s bounds a hang)
    assert term.close() == 0
    lines = term.raw.decode().replace("\r\n", "\n").splitlines()
    assert lines[0].split() == ["#", "kinds", "speaker", "score", "text"]
    assert len(lines) == 20 and all(cell_len(line) <= cols for line in lines)
    longest = max(cell_len(line) for line in lines)
    assert longest > cols - 10 and any(line.endswith("…") for line in lines)
