"""After the load: what the database holds must equal what the clients were told."""


def reconcile(run, pledge_id):
    from django.db.models import Count

    from pledges.counts import count_from_table
    from pledges.models import EmailDelivery, Signature

    rows = Signature.objects.filter(pledge_id=pledge_id)
    stored = set(rows.values_list("email_canonical", flat=True))
    accepted = set(run.accepted)
    duplicates = list(
        rows.values("email_canonical")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("email_canonical", "n")[:10]
    )
    deliveries = EmailDelivery.objects.filter(signature__pledge_id=pledge_id)
    by_kind = dict(deliveries.values_list("kind").annotate(n=Count("pk")))
    return {
        "stored_rows": rows.count(),
        "accepted": len(accepted),
        "lost": sorted(accepted - stored)[:20],
        "lost_count": len(accepted - stored),
        "stored_not_accepted": len(stored - accepted),
        "stored_not_accepted_no_answer": len((stored - accepted) & run.uncertain),
        "duplicate_mailboxes": duplicates,
        "confirmed_rows": rows.filter(status=Signature.Status.CONFIRMED).count(),
        "pending_rows": rows.filter(status=Signature.Status.PENDING).count(),
        "confirmations_made": len(run.confirmed),
        "count_from_table": count_from_table(pledge_id)["total"],
        "deliveries": by_kind,
        "deliveries_unsent": deliveries.filter(sent_at__isnull=True).count(),
        "deliveries_failed_attempts": deliveries.filter(last_error__gt="").count(),
    }
