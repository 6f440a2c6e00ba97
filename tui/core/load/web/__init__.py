"""Web pages as articles: fetched, decoded, the article extracted with its metadata, written as Markdown."""
