"""The rule loader's parts, one job each; :mod:`scarhelp.loader` runs them in order.

``fields`` reads values against the declarations in :mod:`scarhelp.schema` and turns
every mismatch into a problem with file:line:column (the scenario reader uses it too);
``meta``, ``questions``, ``treatments``, ``rules`` and ``invariants`` each build one part
of the :class:`~scarhelp.model.RuleSet`; ``when`` reads a condition; ``refs`` checks
that an id one part names exists in another, with a "did you mean".
"""
