"""`python -m reportgen …` runs the command line."""
from .cli import main

main()
