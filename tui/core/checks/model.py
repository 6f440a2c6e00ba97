"""One published fact-check, as Margin keeps it."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")
#: Quotation marks and apostrophes, single or double, curly or straight, are one mark:
#: publishers give one claim with either (Snopes' claims of CheckThat! 2020, 184 times).
_QUOTES = str.maketrans(dict.fromkeys("'\u2018\u2019\u201a\u201b\u2032\u0060\u00b4\u201c\u201d"
                                      "\u201e\u201f\u2033\u00ab\u00bb", '"'))


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class FactCheck:
    """A claim a fact-checker reviewed and what they found. Every field is text as the source
    gave it (untrusted: never markup); dates are ISO ``YYYY-MM-DD`` where the source gave one."""

    claim: str  # the claim as the fact-checker worded it (ClaimReview claimReviewed)
    rating: str = ""  # the verdict as written ("False", "Mostly true", "Pants on Fire")
    url: str = ""  # the fact-check's page
    publisher: str = ""  # who checked it ("Snopes", "PolitiFact")
    site: str = ""  # the publisher's site ("snopes.com")
    date: str = ""  # when the review was published
    title: str = ""  # the fact-check article's title
    claimant: str = ""  # who made the claim, where known
    claim_date: str = ""  # when the claim was made, where known
    language: str = ""  # BCP 47 ("en")
    source: str = ""  # the file it was imported from
    id: int | None = None  # its row in the store, once kept

    @property
    def key(self) -> str:
        """Its identity across imports: the same review of the same claim (its URL and the claim,
        spacing, case and the shape of quotation marks ignored; without a URL, the claim and the
        title) is kept once, whichever file brought it."""
        raw = _norm(self.url) + "\n" + _norm(self.claim) + ("" if self.url else "\n" + _norm(self.title))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()
