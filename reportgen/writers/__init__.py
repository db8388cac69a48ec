"""Writers turn a ``Document`` into a file; each handles every node type of ``reportgen.model``."""
