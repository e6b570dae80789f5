"""The version of scarhelp, alone in its module so that anything can import it cheaply
(the report and the scenario runner print it) and the build reads it from here."""

__version__ = "0.1.0"
