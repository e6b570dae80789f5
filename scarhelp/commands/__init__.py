"""One module per subcommand: ``register(subparsers)`` declares its arguments and
``run(args) -> int`` does the work through the library API.

Modules here import nothing heavy at the top: they are all imported to build the
argument parser, and start-up time is a feature.
"""

COMMANDS = ("ask", "questions", "check", "test", "schema", "graph", "diff", "batch", "completion", "translate")
