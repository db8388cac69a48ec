"""``python -m reportgen.cli``: the same command as ``reportgen``."""
from reportgen.cli import main

main()
