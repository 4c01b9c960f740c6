from .emails import EmailDelivery
from .pages import PledgeIndexPage, PledgePage
from .partners import Partner
from .signatures import Signature, counted_condition
from .tallies import ReportFold, ReportStaleDay, ReportTally

__all__ = [
    "EmailDelivery",
    "Partner",
    "PledgeIndexPage",
    "PledgePage",
    "ReportFold",
    "ReportStaleDay",
    "ReportTally",
    "Signature",
    "counted_condition",
]
