"""``reportgen extract``: a source document becomes a review sheet of quoted quantities, matched against the dataset.

Rule-based and deterministic: ``data.documents`` reads a file into located blocks of text, ``quantities`` finds the
numbers with their units and qualifiers, ``context`` the status and period of each, ``labels`` what is counted and
by whom, ``match`` compares each row with the dataset, and ``sheet`` writes the rows for a reviewer.
"""
