"""Remove one protection at a time, in a scratch copy of the project, and run the tests that
attack it: each must fail. Run on demand (it takes a few minutes):

    .venv/bin/python tests/hostile/mutants.py            # every protection
    .venv/bin/python tests/hostile/mutants.py sanitize   # those named "sanitize…"

Prints one line a protection: the tests' summary, and the first tests that failed. A line that
says "exit 0" names a protection no test defends.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SRC = pathlib.Path(__file__).resolve().parents[2]
#: (what is removed, [(file, its code, the code without the protection), ...], the tests that must fail)
MUTATIONS = [
    ("sanitize removed", [("tui/core/text.py",
     'return unicodedata.normalize("NFC", scrub(_NEWLINES.sub("\\n", text)))',
     'return unicodedata.normalize("NFC", _NEWLINES.sub("\\n", text))')],
     ["tests/hostile/test_terminal.py::test_article_escape_sequences_never_reach_the_terminal",
      "tests/hostile/test_inputs.py", "tests/hostile/test_properties.py", "tests/hostile/test_app_inputs.py"]),
    ("palette reads article text as markup", [("tui/app/commands.py",
     'display = Content.assemble((f"Go to statement {result.item.statement + 1}: ", "dim"),\n                                       shown)',
     'display = f"Go to statement {result.item.statement + 1}: {shown.plain}"')],
     ["tests/hostile/test_terminal.py::test_markup_shows_literally_in_article_sidebar_finder_palette_and_notices"]),
    ("export notice reads the path as markup", [("tui/app/app.py",
     'title="Export", timeout=10, markup=False)', 'title="Export", timeout=10, markup=True)')],
     ["tests/hostile/test_terminal.py::test_markup_shows_literally_in_article_sidebar_finder_palette_and_notices"]),
    ("Markdown escaping removed", [("tui/core/commonmark.py",
     '    text = (_NOTE_APP_SPECIAL if note_apps else _SPECIAL).sub(r"\\\\\\1", text)',
     '    pass')],
     ["tests/hostile/test_properties.py", "tests/hostile/test_inputs.py::test_cat_and_export_of_an_injecting_article_hold_no_html_or_foreign_links"]),
    ("nesting not capped", [("tui/core/document/markdown.py",
     "    tokens = commonmark.parser().parse(cap_nesting(body))",
     "    tokens = commonmark.parser().parse(body)")],
     ["tests/hostile/test_inputs.py", "tests/hostile/test_app_inputs.py"]),
    ("size limit removed", [("tui/core/load/read.py",
     "    if info.st_size > MAX_BYTES:", "    if False:")],
     ["tests/hostile/test_inputs.py"]),
    ("FIFO read blocking", [("tui/core/load/read.py",
     "    if stat.S_ISFIFO(info.st_mode):", "    if False:")],
     ["tests/hostile/test_inputs.py"]),
    ("reader runs without a terminal", [("tui/cli/commands.py",
     "    if not _is_terminal(sys.stdout):", "    if False:")],
     ["tests/hostile/test_inputs.py"]),
    ("terminal stdin waited on", [("tui/core/load/read.py",
     "        if interactive:", "        if False:")],
     ["tests/hostile/test_inputs.py::test_a_terminal_on_stdin_is_not_waited_on"]),
    ("failed save not retried", [("tui/app/note_actions.py",
     'keep=keep), retry)', 'keep=keep))')],
     ["tests/hostile/test_store_faults.py"]),
    ("locked database set aside", [("tui/core/notes/store.py",
     "            if not schema.is_damaged(exc):", "            if False:")],
     ["tests/hostile/test_store_faults.py"]),
    ("notes not scrubbed", [
        ("tui/core/notes/store.py", "from ..text import safe_output, scrub\n",
         "from ..text import safe_output\nscrub = str  # identity\n"),
        ("tui/core/notes/schema.py", "from ..text import scrub\n", "scrub = str  # identity\n"),
        ("tui/core/notes/model.py", "from ..text import scrub\n", "scrub = str  # identity\n")],
     ["tests/hostile/test_notes_input.py"]),
    ("typed-ahead keys reach the reader", [("tui/app/app.py",
     "        if isinstance(screen, TypeAhead) and screen.take_typed_ahead(event):",
     "        if False:")],
     ["tests/app/test_typeahead.py"]),
    ("devices and pipes replaced by a file", [("tui/core/files.py",
     "    if mode is not None and not stat.S_ISREG(mode):", "    if False:")],
     ["tests/hostile/test_outputs.py"]),
    ("links replaced by a file", [("tui/core/files.py",
     "    path = Path(os.path.realpath(path))", "    path = Path(path)")],
     ["tests/hostile/test_outputs.py"]),
    ("damaged database inspected read-write", [("tui/core/notes/schema.py",
     '    conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True,\n                           timeout=BUSY_TIMEOUT_MS / 1000)',
     '    conn = connect(path)')],
     ["tests/hostile/test_store_faults.py"]),
    ("stale analysis applied to another document", [("tui/app/app.py",
     "        if message.document is not self.document:\n            return  # for a document no longer shown",
     "        if False:\n            return")],
     ["tests/app/test_switching.py"]),
    ("import reads huge numbers as ints", [("tui/core/session.py",
     "            notes, skipped = w3c.parse_w3c(w3c.loads(raw))",
     "            notes, skipped = w3c.parse_w3c(json.loads(raw))")],
     ["tests/hostile/test_notes_input.py::test_an_import_skips_each_bad_annotation_with_why_and_keeps_the_good_ones"]),
    ("import keeps lone surrogates", [("tui/core/notes/w3c.py",
     "            item = _clean(item)\n", "")],
     ["tests/hostile/test_notes_input.py::test_an_import_skips_each_bad_annotation_with_why_and_keeps_the_good_ones"]),
    ("import takes any position", [("tui/core/notes/selector.py",
     "            if end > MAX_POSITION:", "            if False:")],
     ["tests/hostile/test_notes_input.py::test_an_import_skips_each_bad_annotation_with_why_and_keeps_the_good_ones"]),
    ("output fails on what the terminal cannot show", [("tui/cli/main.py",
     "    _shown_whole()\n    streams", "    streams")],
     ["tests/hostile/test_file_names.py::test_a_terminal_that_cannot_show_a_name_gets_question_marks"]),
    ("file: URIs lose a name's bytes", [("tui/core/notes/w3c.py",
     'unquote(parsed.path, errors="surrogateescape")', "unquote(parsed.path)")],
     ["tests/hostile/test_file_names.py"]),
    ("notes that fail to open unsaid", [("tui/app/app.py",
     "            except (StoreError, sqlite3.Error, OSError, ValueError) as exc:",
     "            except StoreError as exc:")],
     ["tests/hostile/test_store_faults.py::test_notes_that_cannot_be_opened_are_said_with_why_and_the_article_stays"]),
    ("re-anchoring without the old text", [("tui/core/notes/reanchor.py",
     "    results = resolve_all(text, [n.selector for n in notes], old.text,",
     "    results = resolve_all(text, [n.selector for n in notes], None,")],
     ["tests/hostile/test_notes_stay.py::test_re_anchoring_follows_the_old_text_where_the_selector_alone_could_not_tell"]),
    ("a moved note anchored on one of several copies", [("tui/core/notes/policy.py",
     "        if len(perfect) == 1 and (hint is None or self.is_unique(exact)):",
     "        if len(perfect) >= 1:")],
     ["tests/core/notes/test_anchoring_adversarial.py"]),
    ("a note followed through a rewrite anchored beside a copy", [("tui/core/notes/policy.py",
     "            if mapped.certain or ((mapped.only or job.perfect(own.start))\n"
     "                                  and self.is_unique(sel.exact)):",
     "            if True:")],
     ["tests/core/notes/test_anchoring_adversarial.py", "tests/cli/test_cli_notes.py"]),
    ("offsets from an old text stored", [("tui/core/notes/store.py",
     "                if row is not None and row[0] != text_hash:",
     "                if False:")],
     ["tests/hostile/test_notes_stay.py::test_the_store_refuses_offsets_for_a_text_it_no_longer_holds",
      "tests/hostile/test_notes_stay.py::test_a_note_written_on_an_old_text_lands_on_its_own_sentence"]),
    ("the reader writes on a changed article", [("tui/app/note_actions.py",
     "        return not self.article_changed()", "        return True")],
     ["tests/hostile/test_notes_stay.py::test_the_reader_reads_a_changed_article_again_before_it_writes"]),
    ("writes into a database set aside", [("tui/core/notes/store.py",
     "        if self.replaced():\n            # Never write",
     "        if False:\n            # Never write")],
     ["tests/hostile/test_notes_stay.py::test_a_backup_put_back_under_an_open_reader_gets_the_next_note"]),
    ("a leftover journal unexplained", [("tui/core/notes/store.py",
     "            if schema.is_unwritable(exc) and journal.exists() and os.access(directory, os.W_OK):",
     "            if False:")],
     ["tests/hostile/test_notes_stay.py::test_a_leftover_journal_is_named_with_what_to_do_and_never_deleted"]),
    ("a full disk stops reading", [("tui/core/notes/store.py",
     "            if schema.out_of_space(directory, exc) and path.exists():",
     "            if False:")],
     ["tests/hostile/test_full_disk.py"]),
    ("a newer database called broken", [("tui/core/notes/store.py",
     "                aside = schema.set_aside(path, kind)", "                aside = schema.set_aside(path)")],
     ["tests/hostile/test_store_faults.py::test_a_future_database_is_set_aside_by_the_reader_with_a_message"]),
    ("signals end the reader abruptly", [("tui/app/app.py",
     "    app.ends_on_signals = True\n", "")],
     ["tests/hostile/test_signals.py"]),
    ("a signal drops the editor's words", [("tui/app/app.py",
     "            if isinstance(screen, NoteEditor):\n                screen.keep_now()",
     "            if False:\n                screen.keep_now()")],
     ["tests/app/test_drafts.py"]),
    ("drafts not kept as typed", [("tui/app/note_editor.py",
     "        self.remove_class(\"-notice\")\n        self._keep_soon()",
     "        self.remove_class(\"-notice\")")],
     ["tests/app/test_drafts.py"]),
    ("keys after ctrl+s typed into the note", [("tui/app/note_editor.py",
     "class _Body(_InOrder, TextArea):", "class _Body(TextArea):")],
     ["tests/app/test_many_notes.py"]),
    ("the highlight kept by position, not by note", [("tui/app/note_list.py",
     "        elif self.highlighted_id not in self._where:",
     "        elif True:")],
     ["tests/app/test_many_notes.py"]),
    ("command output unsanitized", [("tui/cli/main.py",
     "    sys.stdout, sys.stderr = _Sanitized(sys.stdout), _Sanitized(sys.stderr)\n", "")],
     ["tests/hostile/test_output_sanitizer.py"]),
    ("JSON passes C1 and bidi controls raw", [("tui/core/text.py",
     '    text = _JSON_UNSAFE.sub(lambda m: f"\\\\u{ord(m.group()):04x}", text)\n', "")],
     ["tests/hostile/test_output_sanitizer.py"]),
    ("exported files unsanitized", [("tui/core/session.py",
     "        write_atomic(path, safe_output(content))", "        write_atomic(path, content)")],
     ["tests/hostile/test_output_sanitizer.py"]),
    ("the reader shows a file name raw", [("tui/app/app.py",
     "    def validate_sub_title(self, sub_title: str) -> str:\n        return safe_output(",
     "    def validate_sub_title(self, sub_title: str) -> str:\n        return (")],
     ["tests/hostile/test_terminal.py::test_a_file_name_cannot_steer_the_terminal"]),
    ("an import reads the files its annotations name", [("tui/core/session.py",
     "                if record is None:\n                    texts = store.texts() if texts is None else texts",
     "                if record is None and Path(item.source).is_file():\n"
     "                    record = self.register(self.analyse(self.load(item.source).document)).record\n"
     "                if record is None:\n                    texts = store.texts() if texts is None else texts")],
     ["tests/hostile/test_notes_input.py::test_an_import_reads_no_file_but_its_own"]),
    ("waiting notes never join their article", [("tui/core/session.py",
     "            joined = store.take_pending(record.id, document_key(doc))", "            joined = 0")],
     ["tests/hostile/test_notes_input.py::test_an_import_reads_no_file_but_its_own"]),
    ("a moved article not found by its words", [("tui/core/session.py",
     "    return store.document(found[0]) if len(found) == 1 else None", "    return None")],
     ["tests/hostile/test_notes_input.py::test_an_import_finds_a_moved_article_by_its_words"]),
    ("an annotation file called an article", [("tui/core/session.py",
     "stdin,\n                                ANNOTATIONS)", "stdin)")],
     ["tests/hostile/test_notes_input.py::test_an_annotation_file_over_the_limit_is_refused_as_one"]),
    ("no deadline over the whole download", [("tui/core/load/web/fetch.py",
     "        self._timer.start()\n", "")],
     ["tests/hostile/test_web_deadline.py::test_one_deadline_covers_headers_body_and_redirects"]),
    ("an address's password sent and shown", [("tui/core/load/web/fetch.py",
     "    if credentials:\n        raise LoadError(", "    if False:\n        raise LoadError(")],
     ["tests/hostile/test_web_deadline.py::test_a_password_in_an_address_is_never_sent_or_shown"]),
    ("a redirect to a file answered by urllib", [("tui/core/load/web/fetch.py",
     "            if location and urllib.parse.urlsplit(target).scheme.lower() not in",
     "            if False and urllib.parse.urlsplit(target).scheme.lower() not in")],
     ["tests/hostile/test_web_deadline.py::test_a_redirect_to_a_local_file_is_one_clear_line"]),
    ("raw deflate read as zlib", [("tui/core/load/web/fetch.py",
     "zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS", "zlib.MAX_WBITS")],
     ["tests/hostile/test_web_deadline.py::test_deflate_raw_or_wrapped_is_read"]),
    # Issue 13, item 4: every shape of input, bounded, and what is left out said.
    ("a page nested past the parser is not made shallower", [("tui/core/load/web/clean.py",
     'if not any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log) or attempt == 2:',
     "if True:")],
     ["tests/hostile/test_limits.py::test_a_page_nested_past_the_parser_keeps_every_paragraph_and_says_so"]),
    ("flattening a deep page is not said", [("tui/core/load/web/clean.py",
     "notices.append(DEEP_NOTICE)", "pass")],
     ["tests/hostile/test_limits.py::test_the_item_of_a_20000_deep_list_is_kept_once_and_what_follows_too"]),
    ("a table inside a cell is read again for each table", [("tui/core/load/web/tree.py",
     "for row in _rows(elem):", 'for row in (r for r in elem.iter() if _tag(r) in ("tr", "row")):')],
     ["tests/hostile/test_limits.py::test_the_cell_of_a_nested_table_is_read_once"]),
    ("lists of links are kept", [("tui/core/load/web/extract.py",
     "for links in prune_link_lists(tree):", "for links in []:")],
     ["tests/hostile/test_limits.py::test_a_page_of_50000_links_is_read_and_the_list_left_out_is_said"]),
    ("a page cut at its size says nothing", [("tui/core/load/web/extract.py",
     'notices.append(f"the page is {len(text):,} characters long: only its first "\n'
     '                       f"{MAX_HTML_CHARS:,} were read")', "pass")],
     ["tests/hostile/test_limits.py::test_a_page_over_the_size_read_says_it_was_cut"]),
    ("the command line does not say what was not analysed", [("tui/cli/commands.py",
     'if article.notice():\n        _warn(f"warning: {article.notice()}")', "pass")],
     ["tests/hostile/test_limits.py::test_the_command_line_says_what_was_not_analysed"]),
    ("the reader does not say what was not analysed", [("tui/app/app.py",
     "        if article.notice():\n            self.notify(", "        if False:\n            self.notify(")],
     ["tests/hostile/test_limits.py::test_the_reader_says_what_was_not_analysed"]),
    ("the library keeps every statement of a huge article", [("tui/core/session.py",
     "islice(article.statements, article.analysed)", "iter(article.statements)"),
     ("tui/core/session.py", "islice(article.claims, article.analysed)", "iter(article.claims)")],
     ["tests/hostile/test_limits.py::test_statements_past_the_analysis_limit_are_shown_not_analysed_and_said"]),
    ("claims --json gathers every row first", [("tui/cli/commands.py",
     "for chunk in json_array_chunks(\n", "for chunk in json_array_chunks(*[list(\n"),
     ("tui/cli/commands.py", '"cue": c.cue, "score": c.score, "reasons": list(c.reasons)} for c in rows):',
      '"cue": c.cue, "score": c.score, "reasons": list(c.reasons)} for c in rows)]):')],
     ["tests/hostile/test_limits.py::test_claims_json_streams_from_a_generator"]),
    ("every text takes the segmenter's fast path", [("tui/core/analysis/segment.py",
     "            text, 0, len(text) - 1):", "            text, 0, 0):")],
     ["tests/core/analysis/test_segment.py::test_the_fast_path_is_taken_only_where_nothing_inside_can_end_a_sentence"]),
    ("indents grow with every level", [("tui/app/article_view.py",
     "return min(block.quote_depth, MAX_QUOTE_BARS), min(block.list_depth, MAX_LIST_LEVELS)",
     "return block.quote_depth, block.list_depth")],
     ["tests/hostile/test_limits.py::test_text_nested_thirty_lists_deep_stays_on_the_screen"]),
    ("wide characters are laid out on their length", [("tui/app/layout.py",
     "while (m := _NOT_NARROW.search(text, pos)) is not None:", "while False:")],
     ["tests/app/test_lines.py"]),
]

def main(only: list[str]) -> int:
    undefended = 0
    for name, edits, tests in MUTATIONS:
        if only and not any(o in name for o in only):
            continue
        with tempfile.TemporaryDirectory(prefix="margin-mutant-") as tmp:
            undefended += run(name, pathlib.Path(tmp) / "project", edits, tests)
    return 1 if undefended else 0


def run(name, MUT, edits, tests) -> int:
    shutil.copytree(SRC, MUT, ignore=shutil.ignore_patterns(".git", "__pycache__", ".venv", "*.egg-info"))
    for rel, old, new in edits:
        path = MUT / rel
        text = path.read_text()
        if text.count(old) != 1:
            print(f"{name}: the protection's code changed in {rel}; update this script")
            return 1
        path.write_text(text.replace(old, new))
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           "-n", "2", "-x", *tests], cwd=MUT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(MUT)}, timeout=1800)
    lines = proc.stdout.strip().splitlines()
    summary = lines[-1] if lines else proc.stderr[-300:]
    print(f"{name}: exit {proc.returncode}: {summary}", flush=True)
    for line in [x for x in lines if x.startswith("FAILED")][:2]:
        print("    ", line[:200], flush=True)
    return 1 if proc.returncode == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
