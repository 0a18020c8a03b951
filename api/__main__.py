"""``python -m api`` is the ``warmgraph`` command."""

from .cli import main

main(prog_name="warmgraph")
