from .emails import EmailDelivery
from .pages import PledgeIndexPage, PledgePage
from .partners import Partner
from .signatures import Signature

__all__ = ["EmailDelivery", "Partner", "PledgeIndexPage", "PledgePage", "Signature"]
