"""Scrapy components of a crawl: pipelines, middlewares, feed glue, and each feature's Scrapy glue."""
