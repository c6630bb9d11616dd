"""The registry as a Frictionless Data Package: one CSV per table, and `datapackage.json` with
each table's schema, primary and foreign keys, the licence, the data version and the time of
the last change. Built from the models, so it loads into pandas or SQLite with no hand work.

metadata.py says what the data is (name, licence, version); columns.py what a table is made of;
tables.py and citations.py list the tables; package.py writes the CSVs and the zip.
"""

from .metadata import DESCRIPTION, NAME, TITLE, data_version, licence
from .package import TABLES, build_zip, descriptor, table_csv

__all__ = [
    "DESCRIPTION",
    "NAME",
    "TABLES",
    "TITLE",
    "build_zip",
    "data_version",
    "descriptor",
    "licence",
    "table_csv",
]
