"""The demo's complaints: some at every status, and one product with complaints at several
accounts (a structural complaint)."""

from __future__ import annotations

from koers.complaints.models import Complaint, ComplaintStatus


def test_the_demo_has_complaints_in_every_state_and_a_structural_one(demo):
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(ComplaintStatus.values)
    structural = Complaint.objects.filter(product__code="RU-101", category__name="Kwaliteit")
    assert structural.values("account").distinct().count() >= 3
    assert Complaint.objects.filter(product_group__code="GEVO").exists()
    assert Complaint.objects.exclude(product_name="").exists()
    solved = Complaint.objects.filter(status=ComplaintStatus.SOLVED)
    assert all(c.follow_up_id for c in solved)
