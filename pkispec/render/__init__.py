"""The render stage: pure functions from a Plan to the bundle's files.

Each target has its own module, and none imports another's; every name they share comes
from the Plan. `targets` runs them all. This package's own import loads nothing, so that a
module of it (the templates' environment, say) can be used without the others.
"""
