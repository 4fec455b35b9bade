"""What keeps a crawl safe: the address guard, link hygiene and trap bounds, safe paths, setting checks."""
