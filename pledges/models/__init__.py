from .emails import EmailDelivery
from .pages import PledgeIndexPage, PledgePage
from .partners import Partner
from .signatures import Signature, counted_condition

__all__ = [
    "EmailDelivery",
    "Partner",
    "PledgeIndexPage",
    "PledgePage",
    "Signature",
    "counted_condition",
]
