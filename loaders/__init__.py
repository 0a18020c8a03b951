"""Bundle loaders: read and validate CSV bundles, and generate synthetic ones."""

from .csv_bundle import COLUMNS, FORMAT_HELP, REQUIRED_COLUMNS, KnownIds, read_bundle
from .generate import generate_bundle

__all__ = [
    "COLUMNS",
    "FORMAT_HELP",
    "REQUIRED_COLUMNS",
    "KnownIds",
    "generate_bundle",
    "read_bundle",
]
