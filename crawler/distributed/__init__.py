"""A crawl shared through Redis: N worker processes on N machines split one crawl."""
