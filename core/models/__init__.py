from .settings import SiteSettings
from .snippets import LocalAuthority, Person, Principle, ServiceArea

__all__ = ["LocalAuthority", "Person", "Principle", "ServiceArea", "SiteSettings"]
