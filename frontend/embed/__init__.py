"""Partners' pledge widgets: the script, its data endpoint and the iframe page.

See docs/partners.md for the contract partners rely on.
"""
