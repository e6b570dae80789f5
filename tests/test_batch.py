"""``scarhelp batch``: formats, ids and line numbers, error rows, atomic output, flat memory."""

from __future__ import annotations

import io
import json
import random
import tracemalloc

import pytest

from .conftest import RULES, run_cli

GOOD = {
    "active_acne": "no",
    "scar_type": "sunken",
    "scar_depth": "shallow",
    "tried": ["none"],
    "avoid_downtime": "no",
    "darker_skin": "no",
}
RAISED = {"active_acne": "no", "scar_type": "raised"}


def jl(*rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines()]


def walk(rule_set, rng):
    from scarhelp import flow

    answers: dict = {}
    while (q := flow.next_question(rule_set, answers)) is not None:
        if q.kind == "many":
            plain = [o.value for o in q.options if not o.exclusive]
            answers[q.id] = sorted(rng.sample(plain, rng.randint(1, len(plain))))
        else:
            answers[q.id] = rng.choice(q.values)
    return answers


def test_jsonl_ids_order_and_disclaimer(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(jl({"id": "a", **GOOD}, RAISED, {"id": 7, **RAISED}))
    r = run_cli("batch", str(f))
    assert r.returncode == 0, r.stderr
    out = records(r.stdout)
    assert [(o["id"], o["line"]) for o in out] == [("a", 1), (2, 2), (7, 3)]
    assert out[0]["recommendations"][0]["treatment"] == "topical_creams"
    assert out[0]["recommendations"][0]["reasons"]
    assert out[1]["advice"] and not out[1]["recommendations"]
    assert all("not medical advice" in o["disclaimer"] for o in out)


def test_help_lists_the_keys_a_record_really_has(tmp_path):
    import re

    help_text = run_cli("batch", "--help").stdout
    listed = re.search(r'"recommendations": \[\{(.*?)\}\]', help_text, re.S)
    assert listed, help_text
    rec_keys = set(re.findall(r'"(\w+)"', listed.group(1)))
    top_keys = set(re.findall(r'"(\w+)"', help_text[listed.end() : help_text.index("a bad row")]))
    f = tmp_path / "in.jsonl"
    f.write_text(jl(GOOD))
    record = records(run_cli("batch", str(f)).stdout)[0]
    assert (
        rec_keys
        == set(record["recommendations"][0])
        == {"treatment", "strength", "reasons", "caveats", "said", "claims", "references"}
    )
    assert {"id", "line", "recommendations"} | top_keys == set(record)


def test_same_content_as_format_json(tmp_path, rules):
    """The lean record says what the full report says, and --full is the report itself."""
    ans = tmp_path / "a.yaml"
    ans.write_text(json.dumps(GOOD))
    full = json.loads(run_cli("--answers", str(ans), "--format", "json").stdout)
    f = tmp_path / "in.jsonl"
    f.write_text(jl(GOOD))
    lean = records(run_cli("batch", str(f)).stdout)[0]
    assert [(r["treatment"], r["strength"], [x["rule"] for x in r["reasons"]]) for r in full["recommendations"]] == [
        (r["treatment"], r["strength"], r["reasons"]) for r in lean["recommendations"]
    ]
    assert [a["rule"] for a in full["advice"]] == [a["rule"] for a in lean["advice"]]
    assert [n["treatment"] for n in full["not_recommended"]] == [n["treatment"] for n in lean["not_recommended"]]
    whole = records(run_cli("batch", str(f), "--full").stdout)[0]
    assert whole["recommendations"] == full["recommendations"]
    assert whole["disclaimer"] == full["disclaimer"]


def test_error_rows_each_kind(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_bytes(
        jl(
            {"id": "ok", **GOOD},
            "{not json",
            {"id": "unk", **RAISED, "scar_tipe": "x"},
            {"id": "opt", **RAISED, "active_acne": "maybe"},
            {"id": "miss", "active_acne": "no", "scar_type": "sunken"},
            "[1, 2]",
        ).encode()
        + b'{"id": "bad\xff"}\n'
        + b"\n"  # a blank line is not a row
        + jl(RAISED).encode()
    )
    r = run_cli("batch", str(f))
    assert r.returncode == 1
    out = records(r.stdout)
    assert [o["line"] for o in out] == [1, 2, 3, 4, 5, 6, 7, 9]
    assert [o["id"] for o in out] == ["ok", 2, "unk", "opt", "miss", 6, 7, 9]
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert set(errors) == {2, 3, 4, 5, 6, 7}
    assert "invalid JSON" in errors[2]
    assert "unknown question 'scar_tipe'" in errors[3] and "scar_type" in errors[3]
    assert "'maybe' is not an answer to 'active_acne'" in errors[4]
    assert "missing answers for: scar_depth" in errors[5]
    assert "JSON object" in errors[6]
    assert "UTF-8" in errors[7]
    assert all("not medical advice" in o["disclaimer"] for o in out)
    for line in errors:
        assert f"in.jsonl:{line}:" in r.stderr
    assert "6 of 8 row(s) failed" in r.stderr


def test_fail_fast_stops_at_first_bad_row(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(jl(GOOD, "oops", GOOD, "again"))
    r = run_cli("batch", str(f), "--fail-fast")
    assert r.returncode == 1
    out = records(r.stdout)
    assert len(out) == 2 and out[1]["line"] == 2 and "error" in out[1]
    assert "in.jsonl:2:" in r.stderr and ":4:" not in r.stderr


def test_stdin_defaults_to_jsonl():
    r = run_cli("batch", "-", input=jl({"id": "s", **RAISED}))
    assert r.returncode == 0, r.stderr
    assert records(r.stdout)[0]["id"] == "s"


def test_csv_input_and_csv_summary(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text(
        "id,active_acne,scar_type,scar_depth,scar_area,tried,creams_outcome,peel_outcome,avoid_downtime,darker_skin,"
        "stretch_softens,over_21\r\n"
        "p1,no,sunken,shallow,cheeks,creams;peel,not_enough,not_enough,no,no,yes,yes\r\n"
        "p2,no,raised,,,,,,,,,\r\n"
        "p3,no,sunken,,,,,,,,,\r\n"
        ",no,raised,,,,,,,,,\r\n",
        encoding="utf-8",
    )
    r = run_cli("batch", str(f))
    assert r.returncode == 1  # p3 misses answers
    out = records(r.stdout)
    assert [(o["id"], o["line"]) for o in out] == [("p1", 2), ("p2", 3), ("p3", 4), (5, 5)]
    # p1 ticked two options and both fell short: collagen_allergy is asked, not answered
    assert "collagen_allergy" in out[0]["error"]
    assert "in.csv:4:" in r.stderr
    r = run_cli("batch", str(f), "--format", "csv")
    import csv

    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["id"] for row in rows] == ["p1", "p2", "p3", "5"]
    assert rows[1]["advice"] and not rows[1]["best"] and not rows[1]["error"]
    assert rows[2]["error"]
    assert all("not medical advice" in row["disclaimer"] for row in rows)


def test_csv_row_with_the_wrong_number_of_cells_says_which_row(tmp_path):
    f = tmp_path / "ragged.csv"
    f.write_text("id,active_acne,scar_type\nx,no,raised,extra\ny,no\nz,no,raised\n")
    r = run_cli("batch", str(f))
    assert r.returncode == 1
    out = records(r.stdout)
    assert [o.get("error") for o in out[:2]] == [
        "the row has 4 cells but the header has 3",
        "the row has 2 cells but the header has 3",
    ]
    assert out[2]["id"] == "z" and out[2]["advice"]
    assert f"{f}:2: the row has 4 cells but the header has 3" in r.stderr


def test_csv_best_option(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("scar_type,active_acne,scar_depth,tried,avoid_downtime,darker_skin\nsunken,no,shallow,none,no,no\n")
    r = run_cli("batch", str(f), "-f", "csv")
    assert r.returncode == 0, r.stderr
    import csv

    row = next(csv.DictReader(io.StringIO(r.stdout)))
    assert row["best"].startswith("Acne creams put on the skin")
    assert "Chemical peel" in row["other_options"]


def test_csv_bad_header_is_bad_input(tmp_path):
    f = tmp_path / "in.csv"
    f.write_text("scar_tipe,active_acne\nsunken,no\n")
    r = run_cli("batch", str(f))
    assert r.returncode == 2
    assert "scar_tipe" in r.stderr and "scar_type" in r.stderr


@pytest.mark.parametrize("make", ["missing", "directory", "unknown_ext"])
def test_unreadable_input_exit_2(tmp_path, make):
    path = {"missing": tmp_path / "nope.jsonl", "directory": tmp_path, "unknown_ext": tmp_path / "x.txt"}[make]
    if make == "unknown_ext":
        path.write_text("{}\n")
    r = run_cli("batch", str(path))
    assert r.returncode == 2
    assert r.stderr.startswith("scarhelp:")
    assert "Traceback" not in r.stderr


def test_output_written_atomically(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text(jl(GOOD, RAISED))
    out = tmp_path / "out.jsonl"
    r = run_cli("batch", str(f), "--output", str(out))
    assert r.returncode == 0 and r.stdout == ""
    assert len(records(out.read_text())) == 2
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".scarhelp-")] == []


def test_existing_output_untouched_when_input_unreadable(tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"precious\n")
    r = run_cli("batch", str(tmp_path / "missing.jsonl"), "--output", str(out))
    assert r.returncode == 2
    assert out.read_bytes() == b"precious\n"


def test_existing_output_untouched_when_interrupted(tmp_path, rules, monkeypatch):
    """Ctrl-C half way: the temporary file goes, the old output stays byte for byte."""
    from scarhelp.batch import Evaluator, run_jsonl
    from scarhelp.fileio import AtomicFile

    out = tmp_path / "out.jsonl"
    out.write_bytes(b"precious\n")

    def lines():
        yield (json.dumps(GOOD) + "\n").encode()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt), AtomicFile(str(out)) as fh:
        run_jsonl(lines(), fh, Evaluator(rules))
    assert out.read_bytes() == b"precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_fast_path_matches_generic_path(rules):
    """The memo fast path for repeated rows writes exactly what the plain path writes."""
    from scarhelp.batch import Evaluator, read_jsonl, run_batch, run_jsonl

    rng = random.Random(5)
    pool = [walk(rules, rng) for _ in range(40)] + [RAISED, {"scar_type": "sunken"}, {"x": "y"}]
    bad = pool[-2:]  # incomplete, unknown question: an error row each
    lines = []
    failing = 0
    for n in range(600):
        a = rng.choice(pool)
        failing += any(a is b for b in bad)
        style = n % 4
        if style == 0:
            lines.append(json.dumps({"id": f"r{n}", **a}))
        elif style == 1:
            lines.append(json.dumps({"id": n, **a}, separators=(",", ":")))
        elif style == 2:
            lines.append(json.dumps(a))
        else:
            lines.append(json.dumps({**a, "id": f"é\\{n}"}))
    data = [(line + "\n").encode() for line in lines]
    fast, slow = io.StringIO(), io.StringIO()
    s1 = run_jsonl(iter(data), fast, Evaluator(rules))
    s2 = run_batch(read_jsonl(iter(data)), slow, rules)
    assert fast.getvalue() == slow.getvalue()
    assert 0 < failing < 600
    assert (s1.rows, s1.failed) == (s2.rows, s2.failed) == (600, failing)
    assert sum("error" in r for r in records(fast.getvalue())) == failing


def test_true_and_one_never_share_a_result(rules):
    from scarhelp.batch import Evaluator, read_jsonl, run_batch

    rows = [
        b'{"id": "a", "active_acne": true, "scar_type": "raised"}\n',
        b'{"id": "b", "active_acne": 1, "scar_type": "raised"}\n',
    ]
    out = io.StringIO()
    stats = run_batch(read_jsonl(iter(rows)), out, rules, evaluator=Evaluator(rules))
    a, b = records(out.getvalue())
    assert "error" not in a and "error" in b
    assert stats.failed == 1


def _peak(rules, rows: int) -> int:
    from scarhelp.batch import Evaluator, run_jsonl

    rng = random.Random(1)
    pool = [json.dumps(walk(rules, rng))[1:] for _ in range(50)]

    def lines():
        for n in range(rows):
            yield f'{{"id": "r{n}", {rng.choice(pool)}\n'.encode()

    class Null:
        def write(self, _s):
            return None

    ev = Evaluator(rules)
    tracemalloc.start()
    try:
        run_jsonl(lines(), Null(), ev)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_flat_whatever_the_input_size(rules):
    small = _peak(rules, 10_000)
    large = _peak(rules, 100_000)
    assert large < small * 1.5 + 256 * 1024, (small, large)


def test_cache_is_bounded(rules):
    from scarhelp.batch import Evaluator, read_jsonl, run_batch

    rng = random.Random(2)
    rows = [(json.dumps(walk(rules, rng)) + "\n").encode() for _ in range(300)]
    ev = Evaluator(rules, cache_size=50)
    run_batch(read_jsonl(iter(rows)), io.StringIO(), rules, evaluator=ev)
    assert len(ev.cache) <= 50


def test_bundled_rules_used_by_default(tmp_path, capsys):
    # without --rules, batch evaluates with rules/acne-scars.yaml: the same records as naming
    # it, and not those of another rule set (so the comparison can tell them apart)
    from scarhelp.cli import main

    f = tmp_path / "in.jsonl"
    f.write_text(jl(GOOD, RAISED, {"scar_depth": "deep", "tried": ["none"]}))

    def batch(*rules):
        assert main(["batch", str(f), *rules]) in (0, 1)
        return capsys.readouterr().out

    default = batch()
    assert default == batch("--rules", str(RULES))
    assert len(records(default)) == 3
    assert default != batch("--rules", str(RULES.parent.parent / "tests" / "data" / "mini.yaml"))
