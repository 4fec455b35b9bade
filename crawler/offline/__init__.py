"""Library code of the commands that clean without Scrapy: saved pages and WARC input, fixtures."""
