"""scarhelp: which acne-scar treatments one dermatology article's guidance points to.

Informational only, not medical advice.  The library API, for programs and tests:

    from scarhelp import load_rules, evaluate
    rules = load_rules()                      # the bundled rule set
    result = evaluate(rules, {"scar_type": "sunken", ...})

Names are imported lazily so that ``import scarhelp`` stays cheap for the CLI.
"""

from .version import __version__

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (2 ms)
if TYPE_CHECKING:
    # what __getattr__ returns, for the type checker (at runtime: imported on first use)
    from .bundle import load_rules
    from .engine import evaluate
    from .report import build_report

__all__ = ["__version__", "build_report", "evaluate", "load_rules"]


def __getattr__(name: str) -> object:
    if name == "load_rules":
        from .bundle import load_rules

        return load_rules
    if name == "evaluate":
        from .engine import evaluate

        return evaluate
    if name == "build_report":
        from .report import build_report

        return build_report
    raise AttributeError(name)
