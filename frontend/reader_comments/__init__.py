"""Reader comments on the public site: the section under a page, its forms and its feed.

The domain (`comments/`) owns the rules; this package only shows comments
from the API and passes readers' forms to `comments.service`.
"""
