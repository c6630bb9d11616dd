"""Read queries for the public list of changes: recent versions across the registry, in words.

The page runs a fixed number of queries whatever the number of changes: one per tracked model
for its latest versions, one per model for the versions before them, one per many-to-many fact
field for the objects each version names, one per kind of related object named in them, one per
kind of fact cited in them, and one for the citations behind the changed fields.

`versions` fetches the versions and what they name, `words` says each part of a version in
words, `sentences` tells each write as one `Change`.
"""

from . import versions
from .sentences import Change, tell

__all__ = ["Change", "factory_changes", "recent_changes"]


def recent_changes(limit=50):
    """The latest changes to the registry, newest first, each said in plain words."""
    return tell(versions.latest(limit))


def factory_changes(factory, limit=500):
    """Every change to an AI Factory and its parts (site, members, budgets, names, systems…)
    and to their citations, newest first, in the words of `recent_changes`."""
    return tell(versions.of_factory(factory, limit))
