"""cleancrawl's Scrapy project (settings, spiders, pipelines, middlewares) and its command line.

Importing this package does not import Scrapy: ``cleancrawl clean`` runs without it.
"""
