"""Exact, symbolic analysis of rule sets: what ``scarhelp check`` and ``scarhelp diff`` prove.

Nothing here samples answers.  The answer space is split only where some rule or
skip condition can tell answers apart, so even 4^25 answer combinations are
covered by a few thousand regions.  Data flows down this list, never back up:

* ``space``: the answer space of one rule set or several, as bit masks over
  abstract values; regions in words and as data;
* ``rules``: a rule set's rules beside their compiled conditions;
* ``search``: ``explore`` (partition the reachable space by a query's verdict)
  and ``merge`` (regions with one verdict, for reporting);
* ``witness``: the small searches most findings ask ("does this fire without
  those?") and the cheap mask tests that settle most of them first;
* ``findings``: ``Finding`` and ``Report``, and the report as text or JSON;
* ``check``: the driver that runs each kind of finding, one unit per kind in
  ``scarhelp.checks`` (which reads ``space``, ``search`` and ``witness``);
* ``diff``: the regions whose user-visible result differs between two rule sets.

Importing this package imports none of them: the everyday paths never load
the analysis, and ``commands/check.py`` and ``commands/diff.py`` import the
module they need when they run.
"""
