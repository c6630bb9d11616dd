"""A backup is one tar file: the registry as `dumpdata` writes it (registry.json) and every
archived source document (archive/NAME, as in SOURCE_ARCHIVE_DIR), so a restore on a fresh
machine has each document its citations quote, byte for byte, with the SHA-256 its source
records.
"""

import hashlib
import io
import tarfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management.base import CommandError

from sources.models import Source

DATA = "registry.json"
ARCHIVE = PurePosixPath("archive")
FORMATS = {".tar": "", ".tar.gz": "gz", ".tgz": "gz", ".tar.bz2": "bz2", ".tar.xz": "xz"}


def compression(path):
    """tarfile's compression for a backup's file name; a CommandError for any other name."""
    for suffix, method in FORMATS.items():
        if str(path).endswith(suffix):
            return method
    raise CommandError(f"The file's name must end in one of {', '.join(FORMATS)}.")


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def archived_documents():
    """[(file name, content)] of every source's archived document, and the names whose file in
    SOURCE_ARCHIVE_DIR was missing or differed from the source's text (the text is taken then:
    it is the document exactly as archived, and the SHA-256 the source records is the text's)."""
    folder = Path(settings.SOURCE_ARCHIVE_DIR)
    documents, replaced = [], []
    for source in Source.objects.exclude(archive_file="").order_by("archive_file"):
        path = folder / source.archive_file
        content = path.read_bytes() if path.is_file() else None
        if content is None or sha256(content) != source.archive_sha256:
            content = source.archived_text.encode("utf-8")
            replaced.append(source.archive_file)
        documents.append((source.archive_file, content))
    return documents, replaced


def add_member(tar, name, content):
    member = tarfile.TarInfo(str(name))
    member.size = len(content)
    member.mode = 0o644
    tar.addfile(member, io.BytesIO(content))


def write_backup(path, data, documents):
    with tarfile.open(path, f"w:{compression(path)}") as tar:
        add_member(tar, DATA, data)
        for name, content in documents:
            add_member(tar, ARCHIVE / name, content)


def read_backup(path):
    """(registry.json's bytes, {file name: content}) from a backup, refusing anything else in it
    (no member may name a path outside the archive folder)."""
    compression(path)
    data, documents = None, {}
    with tarfile.open(path, "r:*") as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if member.isfile() and member.name == DATA:
                data = tar.extractfile(member).read()
            elif member.isfile() and name.parent == ARCHIVE and name.name not in ("", ".", ".."):
                documents[name.name] = tar.extractfile(member).read()
            else:
                raise CommandError(f"{path} is not a registry backup: it holds {member.name!r}.")
    if data is None:
        raise CommandError(f"{path} is not a registry backup: it holds no {DATA}.")
    return data, documents


def restore_documents(documents):
    """Write each restored source's document into SOURCE_ARCHIVE_DIR, after checking it against
    the SHA-256 its source records; never over a different file of the same name."""
    folder = Path(settings.SOURCE_ARCHIVE_DIR)
    problems, pending = [], []
    for source in Source.objects.exclude(archive_file="").order_by("archive_file"):
        content = documents.get(source.archive_file)
        if content is None or sha256(content) != source.archive_sha256:
            problems.append(f"{source.archive_file} (source {source.slug}) is missing or altered")
            continue
        path = folder / source.archive_file
        if path.is_file() and sha256(path.read_bytes()) != source.archive_sha256:
            problems.append(f"{path} already exists with other content")
        elif not path.is_file():
            pending.append((path, content))
    if problems:
        raise CommandError("Nothing restored: " + "; ".join(problems) + ".")
    folder.mkdir(parents=True, exist_ok=True)
    for path, content in pending:
        partial = path.with_name(path.name + ".partial")
        partial.write_bytes(content)
        partial.replace(path)
    return len(pending)
