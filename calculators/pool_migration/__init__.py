"""Public → private pool migration: pay once to bring customers in, then reach them again and again."""

from calculators.pool_migration.exercises import SOLVERS
from calculators.pool_migration.model import CALCULATOR
from calculators.pool_migration.presentation import PRESENTATION
from calculators.registry import Unit

UNIT = Unit(CALCULATOR, PRESENTATION, SOLVERS, order=3)
