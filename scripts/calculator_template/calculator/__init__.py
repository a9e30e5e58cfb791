"""NAME_TITLE: replace this line with the question the calculator answers."""

from calculators.NAME.exercises import SOLVERS
from calculators.NAME.model import CALCULATOR
from calculators.NAME.presentation import PRESENTATION
from calculators.registry import Unit

UNIT = Unit(CALCULATOR, PRESENTATION, SOLVERS)
