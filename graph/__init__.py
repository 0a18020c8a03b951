"""warmgraph's core: the domain model, the stores behind one protocol, and the algorithms."""
