"""The Document: blocks and inline spans as offsets into one canonical text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.document.model import PROSE_KINDS
from tui.core.document.parse import parse, readable_name

MARKDOWN = """---
author: A. Writer
---
# Missiles *and* policy

The White House said **on Tuesday** that [talks](https://example.com/a "t") continue.
A soft break joins this line.

> “It is not about geography,” he said.
>
> > A nested quotation.

- First item
  continues here.
- Second item

  with a second paragraph.

3. Third
4. Fourth

```python
print("not prose")
```

Hard break here\\
and `code` plus <b>inline html</b> and ![an image](x.png).

---
"""


def blocks_text(doc):
    return [(b.kind, doc.text[b.start:b.end]) for b in doc.blocks]


def test_markdown_blocks_kinds_and_text():
    doc = parse(MARKDOWN, "markdown", name="a.md")
    assert doc.title == "Missiles and policy"
    assert doc.meta == (("author", "A. Writer"),)
    assert blocks_text(doc) == [
        ("heading", "Missiles and policy"),
        ("paragraph", "The White House said on Tuesday that talks continue. A soft break joins this line."),
        ("quote", "“It is not about geography,” he said."),
        ("quote", "A nested quotation."),
        ("list_item", "First item continues here."),
        ("list_item", "Second item"),
        ("list_item", "with a second paragraph."),
        ("list_item", "Third"),
        ("list_item", "Fourth"),
        ("code", 'print("not prose")'),
        ("paragraph", "Hard break here\nand code plus inline html and an image."),
        ("rule", ""),
    ]
    quotes = [b for b in doc.blocks if b.kind == "quote"]
    assert [q.quote_depth for q in quotes] == [1, 2]
    markers = [b.marker for b in doc.blocks if b.kind == "list_item"]
    assert markers == ["•", "•", "", "3.", "4."]
    assert doc.blocks[0].level == 1


def test_inline_spans_point_at_their_text():
    doc = parse(MARKDOWN, "markdown")
    spans = [(s.kind, doc.text[s.start:s.end], s.href) for b in doc.blocks for s in b.spans]
    assert ("emphasis", "and", None) in spans
    assert ("strong", "on Tuesday", None) in spans
    assert ("link", "talks", "https://example.com/a") in spans
    assert ("code", "code", None) in spans
    for b in doc.blocks:
        for s in b.spans:
            assert b.start <= s.start < s.end <= b.end


def test_plain_text_one_paragraph_per_line_and_readable_title():
    doc = parse("First paragraph here.\nSecond one.\n\nThird.", "text", name="2024-us_policy.txt")
    assert blocks_text(doc) == [("paragraph", "First paragraph here."),
                                ("paragraph", "Second one."), ("paragraph", "Third.")]
    assert doc.title == "2024 us policy"


def test_plain_text_short_first_line_is_the_title():
    doc = parse("Ukraine may strike deeper\n\nThe plan is final. It was agreed.", "text")
    assert doc.title == "Ukraine may strike deeper"
    assert doc.blocks[0].kind == "heading"


def test_hard_wrapped_text_is_reflowed():
    para = ("It is a truth universally acknowledged, that a single man in possession\n"
            "of a good fortune, must be in want of a wife. However little known the\n"
            "feelings or views of such a man may be on his first entering a\n"
            "neighbourhood, this truth is so well fixed.\n")
    text = "Chapter 1\n\n" + para + "\n" + para + "\nEnd\n"
    doc = parse(text, "text")
    kinds = blocks_text(doc)
    assert kinds[0] == ("heading", "Chapter 1")
    assert kinds[1][1].startswith("It is a truth universally acknowledged, that a single man in possession of a good")
    assert kinds[1][1].endswith("this truth is so well fixed.")
    assert len(kinds) == 4


def test_empty_documents():
    for fmt in ("text", "markdown"):
        doc = parse("", fmt, name="empty.txt")
        assert doc.text == "" and doc.blocks == () and doc.title == "Empty"


def test_readable_name():
    assert readable_name("/x/000_f8d1.txt") == "000 f8d1"
    assert readable_name("<stdin>") == "Untitled"


def test_block_at():
    doc = parse("One.\nTwo.\nThree.", "text")
    assert [doc.block_at(b.start) for b in doc.blocks] == [0, 1, 2]
    assert doc.block_at(doc.blocks[1].end) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab *_`#>-1.[]()\n!\\<>|~\"“”")), max_size=200),
       st.sampled_from(["markdown", "text"]))
def test_any_input_gives_consistent_offsets(source, fmt):
    doc = parse(source, fmt)
    last = -1
    for b in doc.blocks:
        assert last <= b.start <= b.end <= len(doc.text)
        last = b.end
        if b.kind in PROSE_KINDS:
            assert doc.text[b.start:b.end].strip()
        for s in b.spans:
            assert b.start <= s.start < s.end <= b.end
