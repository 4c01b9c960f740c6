"""Staff sign-in security: login throttling (django-axes) and two-factor authentication."""
