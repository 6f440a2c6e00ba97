"""How much of a news page the reader marks: before this design every claim's whole sentence
was coloured and underlined; now only the marks inside claims scored 0.5 or more are accented.

    python tools/page_calm.py DIR_OF_TEXT_ARTICLES [HOW_MANY]

for example ``python tools/page_calm.py ../shared/data/polnear/dev/text``. Prints the share of
statements and of characters marked both ways. Without the folder it says so and ends (exit 0).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        print("page_calm: give a folder of plain-text articles (none here: nothing to measure)")
        return 0
    os.environ["MARGIN_DATA_DIR"] = tempfile.mkdtemp()  # the analysis only: no store touched
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tui.core.document.parse import parse
    from tui.core.session import Session

    files = sorted(p for p in Path(argv[0]).iterdir() if p.is_file())
    files = files[: int(argv[1])] if len(argv) > 1 else files
    statements = claims = shown = chars = whole = accented = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        article = Session.analyse(parse(text, "text", source=str(path), name=path.name))
        for st, claim in zip(article.statements, article.claims):
            length = st.end - st.start
            statements += 1
            chars += length
            if not claim.kinds:
                continue
            claims += 1
            whole += length
            if claim.score >= 0.5:
                shown += 1
                marked: set[int] = set()
                for mark in claim.marks:
                    marked.update(range(mark.start, mark.end))
                accented += len(marked)
    print(f"{len(files)} articles, {statements} statements")
    print(f"before: {claims} statements highlighted whole ({claims / statements:.0%}), "
          f"{whole / chars:.0%} of the text coloured and underlined")
    print(f"now: {shown} claims accented ({shown / statements:.0%}), {accented / chars:.0%} of "
          "the text accented; every claim keeps its letter in the margin")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
