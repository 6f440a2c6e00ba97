"""``margin correct``: give a statement the speaker and kinds the reader says it has (or the detected
ones again), list an article's corrections; and how ``margin claims`` shows them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..core.notes.corrections import applied_at, described, detected, waiting
from .parser import CliError

if TYPE_CHECKING:
    from ..core.analysis.article import Article

#: The mark of a corrected statement's number in the tables.
MARK = "*"
FOOTNOTE = (f"{MARK} corrected by you: 'margin correct ARTICLE' lists what was detected, "
            "'margin correct ARTICLE N --undo' shows it again")


def claim_json(article: Article, claim) -> dict:
    """A claim as ``margin claims --json`` prints it; one the reader corrected also has
    ``"corrected": true`` and what the detector said (``detected``), as a note in review has
    its ``now`` in ``margin notes list --json``."""
    text = article.document.text
    row = {"index": claim.index + 1, "start": claim.start, "end": claim.end,
           "text": text[claim.start:claim.end], "kinds": list(claim.kinds),
           "speaker": claim.speaker, "cue": claim.cue, "score": claim.score,
           "reasons": list(claim.reasons)}
    fix = applied_at(article, claim.index)
    if fix is not None:
        was = fix.detected
        row["corrected"] = True
        row["detected"] = {"kinds": list(was.kinds), "speaker": was.speaker, "cue": was.cue}
    return row


def number(article: Article, claim) -> str:
    """A statement's number in a table: marked when the reader corrected it."""
    return f"{claim.index + 1}{MARK if applied_at(article, claim.index) else ''}"


def tell_waiting(article: Article, warn) -> None:
    """Say (on stderr) that some corrections are not applied: their sentences changed."""
    late = waiting(article)
    if late:
        warn(f"{len(late)} of your corrections {'is' if len(late) == 1 else 'are'} not applied "
             "(the sentence changed or is gone): 'margin correct ARTICLE' lists "
             f"{'it' if len(late) == 1 else 'them'}")


def _number(raw: str | None, count: int) -> int | None:
    if raw is None:
        return None
    try:
        n = int(raw)
    except ValueError:
        raise CliError(f"not a statement number: {raw!r}") from None
    if not 1 <= n <= count:
        raise CliError(f"no statement {n}: the article has {count} "
                       f"statement{'s' if count != 1 else ''}")
    return n


def correct(session, args: argparse.Namespace, open_article) -> int:
    """``margin correct`` on ``session``; ``open_article()`` opens the article the arguments
    name (PATH or --document) and gives it, corrected, with its record."""
    from ..core.notes.model import StoreError

    if args.document is not None and args.path is not None and args.statement is None:
        args.statement, args.path = args.path, None  # margin correct --document 3 N
    changes = args.speaker is not None or args.kinds is not None
    if args.undo and changes:
        raise CliError("--undo shows the detected speaker and kinds again: give it alone")
    if (args.undo or changes) and args.statement is None:
        raise CliError("say which statement: margin correct ARTICLE N (as 'margin claims' "
                       "numbers them)")
    try:
        article, record = open_article()
        n = _number(args.statement, len(article.statements))
        if n is None:
            return _list(article, args.json)
        if not (args.undo or changes):
            raise CliError("say what to correct: --speaker NAME, --kinds K,K (or both), or "
                           "--undo")
        if args.undo:
            changed = session.uncorrect(record, article, n - 1)
        else:  # what is not given stays as shown now
            shown = article.claims[n - 1] if n - 1 < article.analysed else None
            speaker = args.speaker if args.speaker is not None else getattr(shown, "speaker", None)
            kinds = getattr(shown, "kinds", ())
            if args.kinds is not None:
                given = args.kinds.replace(" ", ",")
                kinds = [] if given.strip(",").lower() == "none" else given.split(",")
            changed = session.correct(record, article, n - 1, speaker, kinds)
    except (ValueError, StoreError) as exc:
        raise CliError(str(exc)) from None
    was = detected(article)[n - 1]
    if changed.after is not None:
        print(f"statement {n} corrected: {changed.after.describe()} "
              f"(detected: {described(was.speaker, was.kinds)})")
    elif changed.before:
        print(f"statement {n} shows what was detected again: {described(was.speaker, was.kinds)}")
    else:
        print(f"statement {n}: nothing to correct ({described(was.speaker, was.kinds)} is what "
              "was detected)")
    return 0


def _list(article: Article, as_json: bool) -> int:
    """Every correction of the article: those applied (with what was detected), then those
    waiting (in review on an edited sentence, or whose sentence is gone)."""
    claims = article.claims
    applied = sorted(getattr(claims, "applied", {}).items())
    late = waiting(article)
    text = article.document.text
    rows = []
    for i, fix in applied:
        st = article.statements[i]
        rows.append((fix.correction, "applied", i, fix.detected, text[st.start:st.end]))
    for w in late:
        rows.append((w.correction, w.correction.state if w.statement is not None else "orphan",
                     w.statement, None, w.correction.selector.exact))
    if as_json:
        from ..core.text import json_text

        sys.stdout.write(json_text([
            {"id": c.id, "state": state, "statement": None if i is None else i + 1,
             "speaker": c.speaker, "kinds": list(c.kinds),
             "detected": None if was is None else {"speaker": was.speaker,
                                                   "kinds": list(was.kinds)},
             "quote": quote, "created": c.created, "modified": c.modified}
            for c, state, i, was, quote in rows]) + "\n")
        return 0
    if not rows:
        print("no corrections on this article (make one: margin correct ARTICLE N --speaker "
              "NAME --kinds quote,attribution)")
        return 0
    from .table import Column, line_width, table

    columns = (Column("#", right=True), Column("state"), Column("yours", most=30),
               Column("detected", most=30), Column("statement"))
    header, lines = table(columns, [
        ("-" if i is None else str(i + 1), state, described(c.speaker, c.kinds),
         "-" if was is None else described(was.speaker, was.kinds), quote)
        for c, state, i, was, quote in rows], line_width())
    print(header, *lines, sep="\n")
    return 0
