"""Reading only the notes that changed: stamps, the changed notes placed, merged in document order
exactly as placing them all again would."""

from __future__ import annotations

import random

from tests.conftest import SAMPLE
from tui.core.analysis.article import analyse
from tui.core.document.parse import parse
from tui.core.notes.place import merge, stamp
from tui.core.notes.selector import describe
from tui.core.notes.store import Store
from tui.core.session import Session


def test_what_changed_merged_in_is_what_placing_all_again_gives(tmp_path):
    article = analyse(parse(SAMPLE.read_text(encoding="utf-8"), "text", source="/a/sample.txt",
                            name="sample.txt"))
    text, statements = article.document.text, article.statements
    rnd = random.Random(3)
    with Session(Store.open(tmp_path, backup=False)) as session:
        store = session.store
        record = session.register(article).record

        def add(i: int) -> str:
            st = statements[rnd.randrange(len(statements))]
            return store.add_note(record.id, describe(text, st.start, st.end), body=f"n{i}",
                                  statement=st.index, text_hash=record.hash).id

        ids = [add(i) for i in range(60)]
        shown = session.placed(article, record)
        known = {p.note.id: stamp(p.note) for p in shown}
        assert store.note_stamps(record.id) == known
        nothing = session.placed_changes(article, record, known)
        assert nothing.placed == [] and nothing.gone == [] and nothing.stamps == known
        for round_ in range(5):  # another writer: adds, edits, deletes, restores
            for i in range(3):
                ids.append(add(100 * round_ + i))
            for note_id in rnd.sample(ids, 3):
                note = store.note(note_id)
                if note.deleted is None:
                    store.update_note(note, body=note.body + " edited")
            deleted = rnd.choice(ids)
            if store.note(deleted).deleted is None:
                store.delete_note(deleted)
            changes = session.placed_changes(article, record, known)
            shown = merge(shown, changes.placed, changes.gone)
            known = changes.stamps
            assert shown == session.placed(article, record)
            assert known == {p.note.id: stamp(p.note) for p in shown}
