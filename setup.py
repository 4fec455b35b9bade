from setuptools import setup

# All metadata is in pyproject.toml. This file exists for scrapyd-deploy, which builds its egg with
# "python setup.py bdist_egg" and would otherwise write a setup.py of its own here.
setup()
