"""LTV / CAC: customer lifetime value against acquisition cost."""

from calculators.ltv_cac.exercises import SOLVERS
from calculators.ltv_cac.model import CALCULATOR
from calculators.ltv_cac.presentation import PRESENTATION
from calculators.registry import Unit

UNIT = Unit(CALCULATOR, PRESENTATION, SOLVERS, order=1)
