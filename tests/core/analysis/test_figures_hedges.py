"""Statistics and hedges on real news: which numbers count, and which words doubt.

Each case goes through ``analyse_text`` (the claim detector's public entry) and reads the claim's
kinds and its figure and hedge marks.
"""

from __future__ import annotations

import pytest

from tui.core.analysis.claims import analyse_text


def _marked(text: str, kind: str) -> list[str]:
    claim = analyse_text(text)
    return [text[m.start:m.end] for m in claim.marks if m.kind == kind]


def _figures(text: str) -> list[str]:
    claim = analyse_text(text)
    figures = _marked(text, "figure")
    assert ("statistic" in claim.kinds) == bool(figures), (claim.kinds, figures)
    return figures


def _hedges(text: str) -> list[str]:
    claim = analyse_text(text)
    hedges = _marked(text, "hedge")
    assert ("hedge" in claim.kinds) == bool(hedges), (claim.kinds, hedges)
    return hedges


# --- Statistics ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # As users found them: a year, a date, an ordinal or a model number alone.
    "The scheme was set up in 2004 to help first-time buyers.",
    "The minister resigned on 18 March after the vote.",
    "Sony launched the PlayStation 2 in Europe.",
    "Chapter 1 describes the founding of the company.",
    "Letter 1 was sent to the minister by the board.",
    "IBM stopped selling OS/2 to new customers.",
    "By Jane Smith, 18 March 2024",
    "The claim has been repeated by ministers.[^1]",
    "The 3rd reading of the bill is in the 21st week.",
    # Times of day, ages, sections, phone numbers, ids, versions, addresses, spans of time.
    "The meeting starts at 3pm and ends at 17:30 GMT.",
    "Jane Smith, 34, was arrested at her home.",
    "The suspect, a 34-year-old man, was named by police.",
    "Officers may act under section 12 of the act.",
    "Call 020 7946 0958 or +44 20 7946 0958 for details.",
    "Ticket #4417 was closed and case no. 5531 reopened.",
    "Version 3.2.1 of the app fixed the bug.",
    "Protesters gathered outside 10 Downing Street.",
    "The deal was signed three years ago.",
    "Prices have been falling for the past 12 months.",
    "The two leaders met in Geneva.",
    "The attacks of 9/11 changed air travel.",
    # As a user found them: ages in a list, an age after "age", a time in words, an id.
    "Sarah and Timothy Rogers, 27 and 29 years old, rode in a rickshaw.",
    "He left school at age 16.",
    "He tweeted at three o’clock in the morning.",
    '<tweet id="778257943577919488" timestamp="1474387200">Big news.</tweet>',
    "Turnout was lowest in the 1990s and rose in 2019/20.",
    # In a headline in title case an id stays an id.
    "Chapter 11 Looms For Big Retailer",
])
def test_numbers_that_name_or_place_are_not_statistics(text):
    assert _figures(text) == []


@pytest.mark.parametrize("text, figures", [
    # As users found them: counts in words.
    ("One in ten users have bought a subscription.", ["One in ten"]),
    ("Four members of the executive board of the party have resigned.", ["Four"]),
    ("Two million children will die without aid, the charity says.", ["Two million"]),
    # What stays a statistic.
    ("Only 3 of 5 voters backed the plan.", ["3", "5"]),
    ("Exports rose to 1.2m tonnes.", ["1.2m"]),
    ("The plan would cost £35bn over a decade.", ["£35bn"]),
    # Money with a capital letter for its scale: the whole amount, never "$1" of "$1B".
    ("Super PAC haul surges past $1B;", ["$1B"]),
    ("Bernie Sanders raises $33M and is within $40K of the goal.", ["$33M", "$40K"]),
    ("The Fed Pumps $4 Billion Into Banks", ["$4 Billion"]),
    ("Buy two $5 T-shirts.", ["two", "$5"]),
    ("Unemployment fell to 4.1% in March.", ["4.1%"]),
    ("A third of voters stayed at home.", ["A third"]),
    ("Thousands of people marched, and tens of thousands of troops were sent.",
     ["Thousands of", "tens of thousands of"]),
    ("Prices have doubled and the deficit is twice as large.", ["doubled", "twice"]),
    ("Fifty percent of people and two-thirds of firms agreed.", ["Fifty percent", "two-thirds"]),
    ("The average age of farmers is 58.", ["58"]),
    # A year or an age next to a count: only the count.
    ("In 2004, 300 people died in the floods.", ["300"]),
    ("Jane Smith, 34, said 120 jobs would go.", ["120"]),
    # A headline in title case counts: the capitalised word before the number is no name.
    ("Biden Wins 306 Electoral Votes", ["306"]),
    # A poll: percentages after names are figures.
    ("Polls show Biden on 52%, Trump on 48%.", ["52%", "48%"]),
])
def test_counts_and_measures_are_statistics(text, figures):
    assert _figures(text) == figures


def test_a_numbered_list_item_keeps_its_figures_but_not_its_number():
    assert _figures("2. Rents rose 9% last year.") == ["9%"]


# --- Hedges ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, hedges", [
    # As users found them: any case, and "alleged".
    ("Perhaps the figures are wrong.", ["Perhaps"]),
    ("Reportedly, 300 people died.", ["Reportedly"]),
    ("The alleged attacker fled the scene.", ["alleged"]),
    # What still hedges.
    ("Prices could rise if the bank cuts rates.", ["could"]),
    ("Sales fell, suggesting that demand is weak.", ["suggesting"]),
    ("This suggests the virus spread earlier than thought.", ["suggests"]),
    ("“Maybe the numbers are off,” she said.", ["Maybe"]),
])
def test_hedges(text, hedges):
    assert _hedges(text) == hedges


@pytest.mark.parametrize("text", [
    # As users found them: a counterfactual, and "suggests" reporting or proposing.
    "We could understand if Qantas was a struggling airline, but it made a record profit.",
    "It also suggests increasing state funding for parties to £3m a year.",
    "The study suggests that the drug works in older patients.",
    # The reporting verb itself: the statement is attributed, not hedged by the writer.
    "Smith speculated that prices would rise.",
    # "May" the month, and Theresa May.
    "May was the wettest month on record.",
    "In May, Theresa May met the king.",
])
def test_not_hedges(text):
    assert _hedges(text) == []


def test_a_statistic_and_a_hedge_in_one_statement():
    claim = analyse_text("Reportedly, 300 people died.")
    assert {"statistic", "hedge"} <= set(claim.kinds)
    assert any(r == "hedge: reportedly" for r in claim.reasons)
    assert any(r == "figure: 300" for r in claim.reasons)


def test_every_hedge_begins_with_a_letter_the_search_looks_for():
    # HEDGES opens with the set of its hedges' first letters: one missing there would never be
    # found. Each alternative of the pattern, written out.
    from tui.core.analysis.words import HEDGES

    written = ("reportedly allegedly alleged purportedly supposedly presumably apparently "
               "possibly perhaps maybe probably likely unlikely potentially potential could might "
               "may seemed seems seem rumoured rumored unconfirmed unverified estimated "
               "speculation nearly almost roughly approximately").split() + [
        "appears to", "appear to", "appeared to", "expected to", "believed to", "thought to",
        "is said to", "are said to", "was said to", "were said to", "is expected",
        "are expected", "was expected", "were expected", "it is unclear", "as many as", "up to",
        "this suggests", "what indicated", ", suggesting", ", indicating"]
    for hedge in written:
        text = f"Then {hedge} x"
        found = [m.group() for m in HEDGES.finditer(text)]
        assert found and hedge.endswith(found[0].split()[-1]), hedge
