"""The fact-check matcher through its public API, on a small library of fact-checks written here."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.checks import match, schema, store
from tui.core.checks.match import Matcher, meaning, shipped
from tui.core.checks.model import FactCheck
from tui.core.checks.query import statement

LIBRARY = [
    FactCheck("The U.S. Army is sending text messages informing people they've been selected "
              "for the military draft.", "False", "https://example.org/draft", "Checkers",
              title="Is the US Army Sending Texts About a Military Draft?"),
    FactCheck("Rapper PnB Rock was shot and killed in December 2019 while buying shoes for his "
              "daughter.", "False", "https://example.org/pnb", "Checkers",
              title="PnB Rock Death Hoax"),
    FactCheck("Iran has offered an $80 million bounty for the head of U.S. President Donald "
              "Trump.", "Unproven", "https://example.org/bounty", "Checkers",
              title="Did Iran Offer an $80M Bounty for Trump's Head?"),
    FactCheck("The popular video game Minecraft is shutting down in 2020.", "False",
              "https://example.org/minecraft", "Checkers", title="Is Minecraft Shutting Down?"),
    FactCheck("A photograph shows former President Barack Obama shaking hands with Iranian "
              "President Hassan Rouhani.", "Miscaptioned", "https://example.org/rouhani",
              "Checkers", title="Is This a Real Photo of Obama Shaking Hands with Rouhani?"),
    FactCheck("The U.S. listed the fictional country of Wakanda as a free trade partner.", "True",
              "https://example.org/wakanda", "Checkers",
              title="Did the US List Fictional Wakanda as a Trading Partner?"),
    FactCheck("Drinking hot water every fifteen minutes kills the coronavirus.", "False",
              "https://example.org/water", "Checkers",
              title="Does Hot Water Kill the Coronavirus?"),
    FactCheck("Bill Gates said vaccines will be used to reduce the world population.",
              "Mixture", "https://example.org/gates", "Checkers",
              title="Did Bill Gates Say Vaccines Will Reduce the Population?"),
    FactCheck("Wind turbines cause cancer in people living nearby.", "False",
              "https://example.org/wind", "Checkers", title="Do Wind Turbines Cause Cancer?"),
    FactCheck("A shark was photographed swimming on a flooded highway after Hurricane Harvey.",
              "False", "https://example.org/shark", "Checkers",
              title="Shark Swimming on Flooded Highway"),
    FactCheck("The Amazon rainforest produces twenty percent of the world's oxygen.",
              "Mostly false", "https://example.org/amazon", "Checkers",
              title="Does the Amazon Produce 20 Percent of the World's Oxygen?"),
    FactCheck("Senator Elizabeth Warren said taxpayers must fund sex reassignment surgery.",
              "False", "https://example.org/warren", "Checkers",
              title="Did Elizabeth Warren Say Taxpayers Should Fund Surgery?"),
]

PARAPHRASE = ("Fraudulent text messages telling people they have been picked for a military "
              "draft are going around this week, says the Army.")
UNRELATED = "The committee will meet again on Tuesday afternoon to discuss the school budget."


@pytest.fixture
def conn(tmp_path):
    connection = sqlite3.connect(tmp_path / "checks.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    store.add(connection, LIBRARY)
    yield connection
    connection.close()


VARIANTS = ["lexical"] + (["meaning"] if meaning() is not None else [])


@pytest.fixture(params=VARIANTS)
def matcher(request, conn):
    made = Matcher(conn, shipped(request.param))
    yield made
    made.close()


def test_a_reworded_statement_finds_its_fact_check_first(matcher):
    # Shown by the model of meaning; the lexical one (for machines without it) ranks it first
    # but is less sure of words it cannot see are alike ("picked" for "selected").
    found = matcher.match(PARAPHRASE, everything=not matcher.model.meaning)
    assert found, "the reworded statement is shown no fact-check"
    assert found[0].check.url == "https://example.org/draft"
    assert found[0].check.rating == "False"


def test_a_quoted_tweet_finds_the_fact_check_of_what_it_says(matcher):
    tweet = ("I ain't dead, still here #PnBRock pic.twitter.com/abc123 — PNBROCK (@pnbrock) "
             "December 11, 2019")
    assert matcher.match(tweet, everything=True)[0].check.url == "https://example.org/pnb"


def test_an_unrelated_statement_is_shown_nothing(matcher):
    assert matcher.match(UNRELATED) == []
    # Nothing is hidden from who asks for everything, but none of it reaches the threshold.
    assert all(m.score < matcher.model.threshold
               for m in matcher.match(UNRELATED, everything=True))


@pytest.mark.parametrize("text", [
    "Bill Gates was there.",
    "Minecraft is popular.",
    "Senator Elizabeth Warren spoke in Boston on Tuesday.",
    "Hurricane Harvey hit the Texas coast in August 2017.",
])
def test_a_news_sentence_that_only_names_what_a_fact_check_names_is_shown_nothing(matcher, text):
    # The fact-check is its best candidate (it shares the names), but verifies nothing of it.
    assert matcher.match(text, everything=True), "the names found no candidate at all"
    assert matcher.match(text) == []


def test_a_news_sentence_that_restates_a_checked_claim_is_shown_it(matcher):
    text = ("The Army said on Tuesday that texts telling people they had been selected for a "
            "military draft are fake.")
    assert matcher.match(text)[0].check.url == "https://example.org/draft"


def test_scores_are_confidences_best_first_and_the_threshold_holds(matcher):
    everything = matcher.match(PARAPHRASE, limit=50, everything=True)
    scores = [m.score for m in everything]
    assert len(everything) > 1
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    shown = matcher.match(PARAPHRASE, limit=50)
    assert shown == [m for m in everything if m.score >= matcher.model.threshold]
    assert len(shown) < len(everything)
    assert matcher.match(PARAPHRASE, limit=1, everything=True) == everything[:1]


def test_the_module_threshold_is_the_shipped_models():
    assert match.THRESHOLD == shipped().threshold
    assert 0.0 < match.THRESHOLD < 1.0


@pytest.mark.parametrize("text", [
    'army AND draft NOT text',  # read as FTS5, NOT would drop the draft fact-check
    'NEAR(army draft, 2) OR "text',
    "claim: army draft messages",
    'title : "Military Draft" ^army* -text +messages',
    "army\x00draft\x1b[31m text\x07 messages\x9b",
])
def test_fts5_syntax_and_control_characters_are_only_words(matcher, text):
    found = matcher.match(text, everything=True)
    assert found[0].check.url == "https://example.org/draft"


@pytest.mark.parametrize("text", ["", "   ", "the of and is to", "!!! ??? …", "@ # $ %",
                                  "https://t.co/abcdef pic.twitter.com/xyz", "\x1b[2J\x00\x7f"])
def test_a_statement_without_a_word_worth_searching_has_no_match(matcher, text):
    assert matcher.match(text, everything=True) == []


def test_hostile_texts_never_raise(matcher):
    for text in ["\ud800 lone half \udfff army", "x" * 100_000, "army draft " * 10_000,
                 '"' * 5_000, "NEAR(" * 1_000, "*^:()-+{}[]" * 1_000, "١٢٣ ٤٥٦ 𝕬𝖗𝖒𝖞 draft",
                 "\u202eesrever army\u2066", "\n".join(["army"] * 1_000)]:
        found = matcher.match(text, everything=True)
        assert all(0.0 <= m.score <= 1.0 for m in found)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_can_be_matched(matcher, text):
    found = matcher.match(text, everything=True)
    assert all(0.0 <= m.score <= 1.0 for m in found)
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


def test_an_article_s_statements_are_matched_each(matcher):
    texts = [PARAPHRASE, UNRELATED, "Is Minecraft really shutting down next year?", ""]
    assert matcher.match_all(texts) == [matcher.match(t) for t in texts]
    assert [len(found) for found in matcher.match_all(texts, everything=True)][3] == 0


def test_a_fact_check_imported_after_the_matcher_was_made_is_found(matcher, conn):
    text = "Eating carrots at night gives people perfect night vision, a viral post says."
    assert all("carrots" not in m.check.claim for m in matcher.match(text, everything=True))
    store.add(conn, [FactCheck("Eating carrots improves night vision.", "Mixture",
                               "https://example.org/carrots", "Checkers",
                               title="Do Carrots Help You See in the Dark?")])
    assert matcher.match(text, everything=True)[0].check.url == "https://example.org/carrots"


def test_an_empty_library_matches_nothing(tmp_path):
    connection = sqlite3.connect(tmp_path / "empty.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    assert Matcher(connection).match(PARAPHRASE, everything=True) == []


def test_a_tweet_is_read_as_the_words_it_says():
    said = statement("Wow. #DefundTheCBC now https://t.co/CsHG8R9cHp pic.twitter.com/0eJ "
                     "\U0001F1E8\U0001F1E6 @BradTrostCPC — Brad Trost (@BradTrostCPC) "
                     "December 26, 2019")
    assert "http" not in said.text and "pic" not in said.text and "@" not in said.text
    assert {"defund", "cbc", "defundthecbc", "brad", "trost"} <= set(said.terms)
    assert (said.year, said.month, said.picture) == ("2019", "december", True)
    assert "Brad Trost" in said.text  # who signed it is often whom the claim is about


def test_a_long_session_forgets_what_it_remembered_and_matches_the_same(conn, monkeypatch):
    """Every cache of the matcher is bounded; emptied when full, it still gives the same."""
    texts = [PARAPHRASE, UNRELATED, "Is Minecraft shutting down?", "Obama met Rouhani, a photo",
             "Wakanda is a trade partner of the USA", "hot water kills the virus"] * 3
    fresh = [Matcher(conn).match(t, everything=True) for t in texts]
    from tui.core.checks import match_index, match_meaning
    monkeypatch.setattr(match_index, "_CACHE", 5)
    monkeypatch.setattr(match, "_SIDES", 3)
    monkeypatch.setattr(match_meaning, "_WORDS", 4)
    small = Matcher(conn)
    assert [small.match(t, everything=True) for t in texts] == fresh


def test_one_claim_checked_by_two_publishers_shows_both(tmp_path):
    connection = sqlite3.connect(tmp_path / "two.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    again = FactCheck("The US Army is sending text messages informing people that they have been "
                      "selected for the military draft.", "False", "https://other.example/draft",
                      "Other Desk", title="No, the Army is not texting draft notices")
    store.add(connection, LIBRARY + [again])
    made = Matcher(connection)  # the model this machine matches with
    try:
        found = made.match(PARAPHRASE)
        assert {m.check.url for m in found[:2]} == {"https://example.org/draft",
                                                    "https://other.example/draft"}
    finally:
        made.close()
        connection.close()


def test_leads_count_a_claim_checked_twice_once_and_the_best_other_scores_the_floor():
    scores = [3.0, 2.9, 1.0, 0.5]
    assert match.leads(scores, -9.0) == pytest.approx([0.1, -0.1, -2.0, -2.5])
    # 1 checks the claim 0 checks: both are ahead of the rest, not behind each other.
    assert match.leads(scores, -9.0, [1]) == pytest.approx([2.0, 1.9, -2.0, -2.5])
    # The rest score less than the floor: as if a large library had one that scored it.
    assert match.leads(scores, 1.5, [1]) == pytest.approx([1.5, 1.4, -2.0, -2.5])
    assert match.leads([3.0, 2.9], 1.0, [1]) == pytest.approx([2.0, 1.9])
    assert match.leads([3.0], 1.0) == [2.0]  # an only candidate
    assert match.leads([], 1.0) == []


def test_the_only_fact_check_on_a_subject_is_not_shown_on_every_sentence_about_it(tmp_path):
    # A small library: one fact-check on the subject. It leads every other candidate by far on
    # any sentence about the subject; it is shown on the one that says what it checked.
    connection = sqlite3.connect(tmp_path / "small.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    ukraine = FactCheck("In May the Biden administration let Ukraine use some US weapons to "
                        "strike inside Russia but kept barring long-range missiles.", "True",
                        "https://example.org/ukraine", "Checkers")
    store.add(connection, LIBRARY + [ukraine])
    made = Matcher(connection)
    try:
        about = ["When asked if the administration would lift restrictions on the use of "
                 "long-range weapons, Biden told reporters Tuesday: “We’re working that out now.”",
                 "And it signals the Biden administration may be ready to finally agree to Kyiv’s "
                 "requests to enable Ukraine’s military to make more aggressive moves inside Russia."]
        for text in about:
            assert made.match(text, everything=True)[0].check.url == "https://example.org/ukraine"
            assert made.match(text) == [], text
        says = ("In May, the Biden administration decided to let Ukraine use certain weapons to "
                "hit inside Russia, but prevented Kyiv from using long-range missiles.")
        assert made.match(says)[0].check.url == "https://example.org/ukraine"
    finally:
        made.close()
        connection.close()


UKRAINE = FactCheck("In May the Biden administration let Ukraine use some US weapons to strike "
                    "inside Russia but kept barring long-range missiles.", "True",
                    "https://example.org/ukraine", "Checkers")
RESTATED = ("In May, the Biden administration decided to let Ukraine use certain weapons to hit "
            "inside Russia, but prevented Kyiv from using long-range missiles.")
ABOUT = ("When asked if the administration would lift restrictions on the use of long-range "
         "weapons, Biden told reporters Tuesday: “We’re working that out now.”")


@pytest.mark.parametrize("others", [0, 1, 3, len(LIBRARY)])
def test_a_library_of_any_size_shows_the_fact_check_a_statement_restates(tmp_path, others):
    # A desk's library may hold a single fact-check: its words weigh what they weigh in
    # fact-checks at large, not what a library of one makes of them.
    connection = sqlite3.connect(tmp_path / "small.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    store.add(connection, [UKRAINE] + LIBRARY[:others])
    made = Matcher(connection)
    try:
        found = made.match(RESTATED)
        assert [m.check.url for m in found] == ["https://example.org/ukraine"]
        assert made.match(ABOUT) == []
        assert made.match(UNRELATED) == []
    finally:
        made.close()
        connection.close()


def test_the_background_weighs_rare_words_above_common_ones(tmp_path):
    from tui.core.checks import background
    shipped_bg = background.shipped()
    assert shipped_bg.size > 10_000 and 10 < shipped_bg.length < 60
    assert shipped_bg.counts.get("trump", 0) > shipped_bg.counts.get("wakanda", 0)
    connection = sqlite3.connect(tmp_path / "bg.db")
    connection.executescript(schema.MIGRATION + ";" + schema.READS_MIGRATION)
    store.add(connection, LIBRARY)
    made = background.of_store(connection)
    assert made.size == len(LIBRARY)
    from tui.core.checks.match_index import Index
    index = Index(connection)
    president, draft = index.stems(["president", "draft"])
    index.close()
    assert made.counts[president] == 2  # Iran's bounty and Obama's photo
    assert draft not in made.counts  # in one fact-check only (its claim and its title)
    connection.close()
