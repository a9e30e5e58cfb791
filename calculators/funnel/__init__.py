"""AARRR funnel with a referral loop."""

from calculators.funnel.exercises import SOLVERS
from calculators.funnel.model import CALCULATOR
from calculators.funnel.presentation import PRESENTATION
from calculators.registry import Unit

UNIT = Unit(CALCULATOR, PRESENTATION, SOLVERS, order=2)
