"""The site's own build and test logic, kept in small named places (see README: Layout).

Nothing here is part of the dlnotes package; the MkDocs hooks and the test suite import it.
"""
