"""The solvers of the NAME exercises (texts and answers asked for: exercises.toml).

Add one function per exercise in exercises.toml; each works its answers out with the model.
"""

from __future__ import annotations

from calculators.exercises import Solver

SOLVERS: dict[str, Solver] = {}
