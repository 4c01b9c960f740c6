from .manage import DisableView, EnrolView, ManageView, RecoveryCodesView
from .verify import VerifyView

__all__ = ["DisableView", "EnrolView", "ManageView", "RecoveryCodesView", "VerifyView"]
