"""Bundle loaders: read and validate CSV bundles, and generate synthetic ones."""

from .csv import (
    COLUMNS,
    FORMAT_HELP,
    REQUIRED_COLUMNS,
    BundleFiles,
    KnownIds,
    find_files,
    read_bundle,
    read_bundle_files,
)
from .generate import generate_bundle

__all__ = [
    "COLUMNS",
    "FORMAT_HELP",
    "REQUIRED_COLUMNS",
    "BundleFiles",
    "KnownIds",
    "find_files",
    "generate_bundle",
    "read_bundle",
    "read_bundle_files",
]
