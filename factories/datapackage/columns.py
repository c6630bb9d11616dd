"""What a table of the package is made of: its rows, its columns and its keys."""

from dataclasses import dataclass, field


@dataclass
class Column:
    """One column of a table: its name, Frictionless type, the value's path and a description."""

    name: str
    type: str
    description: str
    path: str = ""
    required: bool = False

    def __post_init__(self):
        self.path = self.path or self.name


@dataclass
class Table:
    """One CSV of the package: which rows, which columns, its keys, and the model whose rows
    can be cited (so that a citation names the cited row by this table's key)."""

    name: str
    title: str
    rows: object  # a function returning a values() queryset or a list of dicts
    columns: list
    primary_key: list
    foreign_keys: dict = field(default_factory=dict)  # column -> (table, column)
    model: type | None = None


def col(name, type_, description, path="", required=False):
    return Column(name, type_, description, path, required)


FACTORY = col("factory", "string", "The AI Factory (factories.slug).", "factory__slug", True)
ID = col("id", "integer", "The row's id in the registry (and the API).", required=True)
