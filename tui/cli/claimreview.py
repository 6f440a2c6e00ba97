"""``margin export --format claimreview``: the notes with a verdict as schema.org ClaimReview."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from .parser import EXIT_USAGE, CliError

if TYPE_CHECKING:
    from ..core.analysis.article import Article
    from ..core.notes.model import DocumentRecord, Note
    from ..core.session import Session


def export_claimreview(session: Session, article: Article, record: DocumentRecord,
                       notes: Sequence[Note], output: str | None, warn: Callable[[str], None]) -> int:
    """Write the reviews (to standard output, or to ``output`` atomically), signed by the
    organisation and reviewer of the settings; what publishers need and the reviews lack is
    said with ``warn``, one line each. Exits 0 all the same."""
    from ..app.config import config_path, publisher_settings
    from ..core.notes.claimreview import Publisher, as_json_ld, claim_reviews, without_url
    from ..core.notes.targets import refusal

    organization, reviewer, warning = publisher_settings()
    if warning:
        warn(warning)
    reviews = claim_reviews(article, record, notes, Publisher(
        organization.get("name", ""), organization.get("url", ""), reviewer.get("name", "")))
    if output in (None, "-"):
        sys.stdout.write(as_json_ld(reviews))
    else:
        target = Path(output).expanduser()
        refused = refusal(target, "claimreview", article.document.source)
        if refused:
            raise CliError(f"not exporting to {target}: {refused}", EXIT_USAGE)
        try:
            session.write(target, as_json_ld(reviews))
        except OSError as exc:
            raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
        left = sum(1 for n in notes if n.deleted is None) - len(reviews)
        print(f"exported {len(reviews)} review{'s' if len(reviews) != 1 else ''} to {target}"
              + (f" ({left} unverified note{'s' if left != 1 else ''} left out)" if left else ""))
    missing = without_url(reviews)
    if missing:
        warn(f"{missing} of {len(reviews)} review{'s' if len(reviews) != 1 else ''} "
             f"{'lack their' if missing != 1 else 'lacks its'} URL, which publishers require: "
             "add a line 'Review: https://…' (where the fact-check is published) to the note")
    if reviews and not organization:
        warn(f'no organisation publishes these reviews: set "organization": {{"name": …, '
             f'"url": …}} (and "reviewer": {{"name": …}}) in {config_path()}')
    return 0
