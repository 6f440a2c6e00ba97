"""``margin checks`` (the fact-check library: import, list, search, rm) and ``margin checked``
(each statement of an article with the fact-checks that match it)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.text import json_array_chunks
from .commands import _open, _session, _store, _warn
from .parser import EXIT_USAGE, CliError


def check_json(check, score: float | None = None) -> dict:
    """A fact-check as the JSON of every command shows it."""
    out = {"id": check.id, "claim": check.claim, "rating": check.rating,
           "publisher": check.publisher, "site": check.site, "url": check.url, "date": check.date,
           "title": check.title, "claimant": check.claimant, "claim_date": check.claim_date,
           "language": check.language, "source": check.source}
    if score is not None:
        out["score"] = round(score, 4)
    return out


def cmd_checks(args: argparse.Namespace) -> int:
    action = args.checks_command
    if action is None:
        raise CliError("say what to do: margin checks import FILE…, list, search QUERY or rm ID…")
    with _session() as session:
        conn = _store(session).conn
        if action == "import":
            return _import(conn, args.files)
        if action == "list":
            return _list(conn, args)
        if action == "search":
            return _search(conn, args)
        return _remove(conn, args)


def _import(conn, files: list[str]) -> int:
    from ..core.checks import formats, store

    failed = 0
    for name in files:
        path = Path(name)
        try:
            got = formats.read(path)
        except formats.FormatError as exc:
            _warn(f"{name}: not a fact-check file: {exc}")
            failed += 1
            continue
        except OSError as exc:
            _warn(f"{name}: cannot be read: {exc.strerror or exc}")
            failed += 1
            continue
        added, already = store.add(conn, got.checks)
        line = (f"{name}: {added} fact-check{'s' if added != 1 else ''} added"
                + (f", {already} already kept" if already else ""))
        skipped = sum(got.skipped.values())
        if skipped:
            why = "; ".join(f"{reason}: {n}" for reason, n in got.skipped.most_common())
            line += f", {skipped} skipped ({why})"
        print(line)
    return EXIT_USAGE if failed else 0


def _rows(checks, scores=None, as_json: bool = False) -> None:
    if as_json:
        rows = (check_json(c, None if scores is None else s)
                for c, s in zip(checks, scores or [None] * len(checks)))
        for chunk in json_array_chunks(rows):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return
    from .table import Column, line_width, table

    columns = [Column("id", right=True), Column("publisher", most=20), Column("rating", most=18),
               Column("date")]
    if scores is not None:
        columns.append(Column("score", right=True))
    columns.append(Column("claim — url"))
    lines = []
    for i, c in enumerate(checks):
        row = [str(c.id), c.publisher or "-", c.rating or "-", c.date or "-"]
        if scores is not None:
            row.append(f"{scores[i]:.2f}")
        row.append(c.claim + (f" — {c.url}" if c.url else ""))
        lines.append(tuple(row))
    header, body = table(tuple(columns), lines, line_width())
    print(header, *body, sep="\n")


def _list(conn, args: argparse.Namespace) -> int:
    from ..core.checks import store

    checks = store.listed(conn, args.limit)
    if not checks and not args.json:
        print("no fact-checks yet: 'margin checks import FILE' reads ClaimReview JSON-LD, "
              "DataCommons feeds, Fact Check Tools responses and CSV/TSV")
        return 0
    _rows(checks, as_json=args.json)
    return 0


def _search(conn, args: argparse.Namespace) -> int:
    from ..core.checks.match import Matcher

    found = Matcher(conn).match(args.query, limit=args.limit, everything=True)
    if not found and not args.json:
        print("no fact-check matches")
        return 0
    _rows([m.check for m in found], [m.score for m in found], as_json=args.json)
    return 0


def _remove(conn, args: argparse.Namespace) -> int:
    from ..core.checks import store

    if args.source:
        removed = store.remove_source(conn, args.source)
    elif args.ids:
        removed = store.remove(conn, args.ids)
    else:
        raise CliError("say which: margin checks rm ID… or --source FILE")
    print(f"{removed} fact-check{'s' if removed != 1 else ''} removed")
    return 0


def cmd_checked(args: argparse.Namespace) -> int:
    from ..core.checks.match import Matcher
    from .correct import number

    from ..core.checks import store

    with _session() as session:
        article, record = _open(session, args.path)
        conn = session.store.conn
        text = article.document.text
        statements = list(article.statements[:article.analysed or len(article.statements)])
        texts = [text[st.start:st.end] for st in statements]
        matcher = Matcher(conn)
        found = matcher.match_all(texts, everything=args.all)
        shown = found if not args.all else matcher.match_all(texts)
        # Kept for the finder's checked: and rating: (the matches shown by default).
        store.save_matches(conn, record.id, {st.index: [(m.check.id, m.score) for m in ms]
                                             for st, ms in zip(statements, shown) if ms})
    rows = [(st, t, m) for st, t, m in zip(statements, texts, found) if m or args.all]
    if args.json:
        items = ({"statement": st.index + 1, "text": t,
                  "matches": [check_json(x.check, x.score) for x in m]} for st, t, m in rows)
        for chunk in json_array_chunks(items):
            sys.stdout.write(chunk)
        sys.stdout.write("\n")
        return 0
    if not rows:
        print("no statement matches a fact-check kept (margin checks list shows them)")
        return 0
    for st, t, matches in rows:
        print(f"{number(article, article.claims[st.index])}  {' '.join(t.split())}")
        for m in matches:
            print(f"    {m.score:.2f}  {m.check.publisher or '-'}: {m.check.rating or '-'}"
                  f"{' (' + m.check.date + ')' if m.check.date else ''} — {m.check.claim}"
                  f"{' — ' + m.check.url if m.check.url else ''}")
    return 0


__all__ = ["cmd_checks", "cmd_checked", "check_json"]
