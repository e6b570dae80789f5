"""Shell completion: the scripts ``scarhelp completion`` writes, loaded in the real shells
and asked for completions as the shell would ask."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .conftest import ROOT, run_cli

BASH_HELPER = r"""
source "$1"; shift
for line in "$@"; do
  read -r -a COMP_WORDS <<< "$line"
  [[ "$line" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _scarhelp
  echo "${COMPREPLY[*]}"
done
"""


@pytest.fixture(scope="module")
def scripts(tmp_path_factory):
    out = {}
    d = tmp_path_factory.mktemp("completion")
    for shell in ("bash", "zsh", "fish"):
        proc = run_cli("completion", shell)
        assert proc.returncode == 0, proc.stderr
        out[shell] = d / f"scarhelp.{shell}"
        out[shell].write_text(proc.stdout)
    return out


def bash_complete(script, *lines: str) -> list[list[str]]:
    """COMPREPLY for each command line: the words as bash gives them to the function
    (split at spaces; write '=' as its own word where bash's COMP_WORDBREAKS splits)."""
    proc = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", BASH_HELPER, "bash", str(script), *lines],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    return [line.split() for line in proc.stdout.split("\n")[: len(lines)]]


def test_bash_completes_commands_options_and_their_values(scripts):
    b = scripts["bash"]
    commands, options, formats, check_formats, shells = bash_complete(
        b, "scarhelp ", "scarhelp --fo", "scarhelp --format ", "scarhelp check --format ", "scarhelp completion "
    )
    assert commands == [
        "ask",
        "questions",
        "check",
        "test",
        "schema",
        "graph",
        "diff",
        "batch",
        "completion",
        "translate",
    ]
    assert options == ["--format"]
    assert formats == ["text", "json", "markdown", "html"]
    assert check_formats == ["text", "json", "github"]
    assert shells == ["bash", "zsh", "fish"]
    # '--format=js': bash hands the function '--format', '=', 'js'
    assert bash_complete(b, "scarhelp --format = js", "scarhelp --format =") == [["json"], formats]


def test_bash_completes_file_paths(scripts):
    rules, check, diff = bash_complete(
        scripts["bash"],
        "scarhelp --rules tests/data/mini.",
        "scarhelp check tests/data/mi",
        "scarhelp diff rules/acne-scars.y",
    )
    assert rules == check == ["tests/data/mini.yaml", "tests/data/mini.scenarios.yaml"]
    assert diff == ["rules/acne-scars.yaml"]


def test_bash_completes_question_ids_and_answers_for_set(scripts, rules):
    ids, some, answers, split, many, unsplit = bash_complete(
        scripts["bash"],
        "scarhelp --set ",
        "scarhelp -d scar_",
        "scarhelp --set scar_type = ",
        "scarhelp --set scar_type = s",
        "scarhelp --answers a.yaml --set tried = creams,p",
        "scarhelp --set scar_depth=d",  # COMP_WORDBREAKS without '=' (or zsh)
    )
    assert ids[:3] == ["active_acne=", "scar_type=", "scar_depth="] and len(ids) == len(rules.questions)
    assert some == ["scar_type=", "scar_depth=", "scar_area="]
    assert answers == ["sunken", "raised", "both", "not_sure"]
    assert split == ["sunken"]
    assert many == ["creams,peel"]
    assert unsplit == ["scar_depth=deep"]


def test_every_long_option_of_every_command_is_completed(scripts):
    """The script comes from the real parser: nothing is listed by hand."""
    from scarhelp.cli import build_parser, long_options
    from scarhelp.commands import COMMANDS

    parser = build_parser()
    lines = [f"scarhelp {c} --" for c in COMMANDS] + ["scarhelp --"]
    replies = bash_complete(scripts["bash"], *lines)
    for command, reply in zip([*COMMANDS, "ask"], replies, strict=True):
        assert sorted(reply) == long_options(parser, command), command


def test_completion_for_another_rule_set(tmp_path):
    script = tmp_path / "mini.bash"
    proc = run_cli("completion", "bash", "--rules", "tests/data/mini.yaml", "-o", str(script))
    assert proc.returncode == 0, proc.stderr
    assert bash_complete(script, "scarhelp --set ", "scarhelp --set tried = ") == [
        ["scar_depth=", "tried="],
        ["creams", "none"],
    ]


def test_completion_needs_a_shell_it_knows(cli):
    proc = cli("completion", "tcsh")
    assert proc.returncode == 2 and "invalid choice: 'tcsh'" in proc.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_the_same(scripts):
    def complete(line: str) -> list[str]:
        proc = subprocess.run(
            ["fish", "--no-config", "-c", f"source {scripts['fish']}; complete -C {line!r}"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
        return sorted(row.split("\t")[0] for row in proc.stdout.splitlines())

    assert "completion" in complete("scarhelp ") and "check" in complete("scarhelp ")
    assert complete("scarhelp --format ") == ["html", "json", "markdown", "text"]
    assert complete("scarhelp check --format ") == ["github", "json", "text"]
    assert complete("scarhelp --set scar_type=") == [f"scar_type={v}" for v in ("both", "not_sure", "raised", "sunken")]
    assert complete("scarhelp --set tried=creams,p") == ["tried=creams,peel"]
    assert complete("scarhelp check tests/data/mi") == ["tests/data/mini.scenarios.yaml", "tests/data/mini.yaml"]
    assert complete("scarhelp test --cov") == ["--coverage"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_loads_the_script_and_completes_through_bashcompinit(scripts):
    """zsh filters the candidates itself, so the reply may hold more than the prefix's."""
    code = (
        "autoload -U compinit && compinit -u -D; source $1; setopt ksharrays; "
        'COMP_WORDS=(scarhelp --set scar_type=s); COMP_CWORD=2; _scarhelp; print -r -- "${COMPREPLY[*]}"; '
        'COMP_WORDS=(scarhelp --format ""); COMP_CWORD=2; _scarhelp; print -r -- "${COMPREPLY[*]}"'
    )
    proc = subprocess.run(
        ["zsh", "-f", "-c", code, "zsh", str(scripts["zsh"])], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    set_reply, formats = proc.stdout.splitlines()
    assert "scar_type=sunken" in set_reply.split()
    assert formats.split() == ["text", "json", "markdown", "html"]
