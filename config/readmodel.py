"""The data version changes again when a write commits, for the API's read model.

config.cache stores a new data version as each save or delete happens, inside the write's
transaction. A read in another process between that moment and the commit still sees the old
data and would keep it in its read model (sources.readmodel) under the new version, for good.
Storing yet another version once the transaction commits leaves no such window.

The factory page's read model (factories.page_model) follows the same data version as the API's.
"""

from django.db import connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from factories.page_model import follow_data_version

from .api import data_version
from .cache import bump_registry_version


def _after_commit(model):
    if connection.in_atomic_block:
        # Outside a transaction the write is already committed, and config.cache has bumped.
        transaction.on_commit(lambda: bump_registry_version(model))


def _on_save_or_delete(sender, **kwargs):
    _after_commit(sender)


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _after_commit(type(instance))


def connect():
    post_save.connect(_on_save_or_delete, dispatch_uid="registry-version-save-commit")
    post_delete.connect(_on_save_or_delete, dispatch_uid="registry-version-delete-commit")
    m2m_changed.connect(_on_m2m, dispatch_uid="registry-version-m2m-commit")
    follow_data_version(data_version)
