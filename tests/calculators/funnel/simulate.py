"""The funnel model told step by step, without its closed forms (see tests/calculators/simulate.py)."""

from __future__ import annotations

from collections.abc import Mapping


def simulate_funnel(v: Mapping[str, float]) -> dict[str, object]:
    """Each generation goes down the funnel; its retained users invite the next one.

    Every count is proportional to the visitors, so one visitor is followed and the
    totals are scaled at the end (a denormal visitor count would otherwise underflow
    to zero in the first generation).
    """
    a, r, p = v["activation_rate"] / 100.0, v["retention_rate"] / 100.0, v["purchase_rate"] / 100.0
    conversion = v["invite_conversion"] / 100.0
    generation = 1.0
    sizes, buyers = [], []
    for _ in range(int(v["viral_cycles"]) + 1):
        sizes.append(generation)
        activated = generation * a
        retained = activated * r
        buyers.append(retained * p)
        invitations = retained * v["invites_per_retained"]
        generation = invitations * conversion
    visitors = float(v["visitors"])
    acquired = visitors * sum(sizes)
    return {
        "acquired": acquired,
        "referred": visitors * sum(sizes[1:]),
        "activated": acquired * a,
        "retained": acquired * a * r,
        "buyers": visitors * sum(buyers),
        "sizes": [visitors * n for n in sizes],
        "buyers_by_generation": [visitors * b for b in buyers],
    }
