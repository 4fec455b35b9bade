"""Spiders of the cleancrawl Scrapy project."""
