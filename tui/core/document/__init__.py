"""Document: an article's text parsed (CommonMark or plain text) into blocks over one canonical text."""
