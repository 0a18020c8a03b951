"""Read and validate a CSV bundle into a normalised :class:`graph.bundle.Bundle`.

A bundle is a directory holding up to nine UTF-8 CSV files, each with a header row. Any
file may be absent, but at least one must be there (a directory with none of them is an
error); other ``*.csv`` files are ignored and reported (:class:`BundleFiles`). Unknown
columns are ignored; optional columns may be absent. Header names are matched
case-insensitively after trimming. Values are taken exactly as written (no trimming:
``"007"`` and ``"NA"`` are ids, not numbers or missing); an empty value means "not given".

**Not given never erases.** An absent optional column and an empty value both become a
missing value (None/NaN) in the Bundle, never a made-up default: importing into a store
that already holds the row keeps the stored value (a ``connections.csv`` without ``since``
keeps each stored connection's date; ``people.csv`` alone keeps employment start dates).
A new row gets the default shown below. To clear a stored value on purpose, use the
GraphQL update/set mutations, which replace the whole record.

=================  ==========================================================================
file               columns (``*`` = required; ``->`` default for a new row when not given)
=================  ==========================================================================
people.csv         id*, name*, email, title, company_id, location, linkedin, twitter,
                   do_not_contact (true/false/1/0/yes/no -> false), tags (``a;b;c``)
companies.csv      id*, name*, domain, industry, employees (whole number >= 0)
communities.csv    id*, name*, kind (group|forum|event|customer_community|other -> other), url
connections.csv    source_id*, target_id*, since (date), origin (linkedin|email|crm|manual ->
                   manual)
employment.csv     person_id*, company_id*, title, start (date), end (date, not before start)
memberships.csv    person_id*, community_id*, role, since (date)
advocates.csv      person_id*, company_id*, level (promoter|reference|champion -> promoter),
                   since (date)
interactions.csv   id*, kind* (email|meeting|call|message|comment|like|share|referral|
                   introduction), at* (date or datetime), source_id*, target_id*, community_id
deals.csv          id*, name*, company_id*, owner_id (a person), stage (prospecting|
                   qualification|proposal|negotiation|closed_won|closed_lost -> prospecting),
                   amount (number >= 0), created_at (date), closed_at (date, not before
                   created_at)
=================  ==========================================================================

Dates are ``YYYY-MM-DD`` or an ISO 8601 datetime (``YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|+HH:MM]``)
and are kept as the calendar date written (``YYYY-MM-DD``). ``at`` takes the same forms and
becomes float epoch seconds; a value without an offset is UTC. Enum values are matched
case-insensitively. Every value follows the rules of :mod:`graph.validation` (ids at most
256 characters, dates and times within 1900-01-01 .. 2199-12-31 UTC, amounts >= 0, ...),
checked by the same bundle validator every importer uses.

Checks (every problem is collected, then :class:`graph.errors.BundleError` is raised with all
of them as ``file:line: message``, sorted by file then line; line 1 is the header): missing
required columns, empty required values, unparseable dates/numbers/booleans, unknown kinds/
origins/levels/stages, malformed CSV rows (too many fields), duplicate ids within a file, the
value rules, a connection or interaction from a person to themselves, ``end`` before
``start`` (``closed_at`` before ``created_at``), and references (``*_id`` columns naming a
person, company or community) to ids that neither the bundle's own node file nor the store
(``known_ids``) defines. Rows are numbered by physical line, so quoted newlines and blank
lines are accounted for. A file that cannot be parsed to its end (not UTF-8, an unclosed
quote) is reported once and its references are not checked. At most
``lines.PROBLEMS_PER_CHECK`` problems are listed per file and check, and
``lines.PROBLEMS_PER_FILE`` per file; the rest are counted in a final ``file: ... and N more
problem(s) not listed`` line.

Normalisation (the output follows ``graph/bundle.py``): connections become ``a < b`` (``str``
order) with duplicate pairs, in either direction, merged keeping the last row; duplicate
(person, company/community) rows in employment, memberships and advocates are merged the same
way; ``people.company_id`` becomes an employment row (title from ``people.title``, no dates:
start and end missing, so a stored employment keeps its dates) unless employment.csv has that
pair; interactions' ``source_id``/``target_id`` become ``actor_id``/``recipient_id``.

Files are parsed in chunks of ``reading.CHUNK_ROWS`` rows by pandas' C parser; reference
columns are factorised per chunk and merged once, so no column keeps one Python object per row
except the ids and free text that the frames must hold as ``str``.

Modules: :mod:`.spec` (the file and column catalogue), :mod:`.lines` (problems, line
numbers), :mod:`.columns` (the accumulators), :mod:`.reading` (one file),
:mod:`.references`, :mod:`.normalise`, :mod:`.reader` (``read_bundle``).
"""

from __future__ import annotations

from .reader import (
    KNOWN_FILES,
    BundleFiles,
    KnownIds,
    ReadResult,
    find_files,
    read_bundle,
    read_bundle_files,
)
from .spec import COLUMNS, FILES, FORMAT_HELP, REQUIRED_COLUMNS

__all__ = [
    "COLUMNS",
    "FILES",
    "FORMAT_HELP",
    "KNOWN_FILES",
    "REQUIRED_COLUMNS",
    "BundleFiles",
    "KnownIds",
    "ReadResult",
    "find_files",
    "read_bundle",
    "read_bundle_files",
]
