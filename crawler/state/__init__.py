"""What to crawl and what was crawled: sources, discovery, backlog, crawl state, incremental logic, run log."""
