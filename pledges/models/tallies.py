"""The pledge report's roll-up: signatures counted per pledge and day of signing.

A report sums these rows instead of reading every signature. `pledges.tallies`
keeps them: what they hold, when they are folded and why that stays exact.
"""

from django.db import models


class ReportTally(models.Model):
    """How many signatures of one pledge, made on one day (before the fold's
    watermark), share one status, type, partner, source and confirmation day."""

    pledge = models.ForeignKey("pledges.PledgePage", on_delete=models.CASCADE, related_name="+")
    # The day of `created_at` in the site's time zone: it never moves, so a
    # later change to a signature names the one bucket to fold again.
    day = models.DateField()
    status = models.CharField(max_length=16)
    signer_type = models.CharField(max_length=16)
    # Not a foreign key: a deleted partner's id stays here, and reports read
    # an id they do not know as "no partner", as the table then says.
    partner_id = models.IntegerField(null=True)
    utm_source = models.CharField(max_length=100, blank=True)
    # The chart's day, for counted signatures only (the rest never chart).
    confirmed_on = models.DateField(null=True)
    signatures = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["pledge", "day"], name="report_tally_day")]

    def __str__(self):
        return f"{self.pledge_id} {self.day} {self.status} {self.signer_type}: {self.signatures}"


class ReportFold(models.Model):
    """Up to when a pledge's signatures are folded into its tallies."""

    pledge = models.OneToOneField(
        "pledges.PledgePage", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    # None until the first fold: reports then read the signature table itself.
    folded_until = models.DateTimeField(null=True)

    def __str__(self):
        return f"{self.pledge_id} folded until {self.folded_until}"


class ReportStaleDay(models.Model):
    """A change to a pledge's signatures made on `day`, since that day was folded.

    One row per change, never updated: the fold deletes only the rows it read,
    so a change made while it runs keeps its mark for the next fold.
    """

    pledge = models.ForeignKey("pledges.PledgePage", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["pledge", "day"], name="report_stale_day")]

    def __str__(self):
        return f"{self.pledge_id} {self.day}"
