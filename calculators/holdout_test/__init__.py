"""Holdout test: how many members to hold out, the power you get, and what the result says."""

from calculators.holdout_test.exercises import SOLVERS
from calculators.holdout_test.model import CALCULATOR
from calculators.holdout_test.presentation import PRESENTATION
from calculators.registry import Unit

UNIT = Unit(CALCULATOR, PRESENTATION, SOLVERS, order=4)
