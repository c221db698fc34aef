"""Bad input: a clear one-line error naming file, line and problem, a non-zero exit, and the TM unchanged."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from helpers import run, run_json

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="t" adminlang="en" datatype="plaintext"
 creationtool="t" creationtoolversion="1"/>
<body>
<tu><tuv xml:lang="en"><seg>{en}</seg></tuv><tuv xml:lang="zh-CN"><seg>{zh}</seg></tuv></tu>
</body></tmx>
"""


def _tmx(tmp_path, name, body):
    path = tmp_path / name
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


def _seeded_db(tmp_path):
    db = tmp_path / "t.tmdb"
    assert (
        run(db, "import", str(_tmx(tmp_path, "seed.tmx", GOOD.format(en="Hello.", zh="你好。")))).exit_code
        == 0
    )
    return db


def _units(db):
    return run_json(db, "stats")["units"]


def _one_line_error(result, *needles):
    assert result.exit_code == 1, (result.exit_code, result.stdout, result.stderr)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def test_truncated_tmx_is_refused_with_line_and_column_and_nothing_changes(tmp_path):
    db = _seeded_db(tmp_path)
    other = _tmx(tmp_path, "other.tmx", GOOD.format(en="Bye.", zh="再见。"))
    full = GOOD.format(en="Cut here.", zh="截断。")
    truncated = _tmx(
        tmp_path, "cut.tmx", full[: full.index("</tu>") + 5] + '\n<tu><tuv xml:lang="en"><seg>lost'
    )
    result = run(db, "import", str(other), str(truncated))
    line = _one_line_error(result, f"{truncated}:", "not well-formed")
    assert line.split(":")[2].strip().isdigit() and line.split(":")[3].strip().isdigit()  # file:line:col
    assert "--recover" in result.stderr
    assert _units(db) == 1  # the good file of the same import was rolled back too
    recovered = run_json(db, "import", str(truncated), "--recover")
    assert recovered["files"][0]["added"] >= 1
    assert _units(db) == 2


def test_mismatched_tags_report_position(tmp_path):
    bad = _tmx(tmp_path, "bad.tmx", GOOD.format(en="A</tuv>", zh="B"))
    _one_line_error(run(tmp_path / "t.tmdb", "import", str(bad)), f"{bad}:5:")


def test_file_that_is_not_xml(tmp_path):
    path = tmp_path / "notes.tmx"
    path.write_text("Just some notes, not a TM.\n")
    _one_line_error(
        run(tmp_path / "t.tmdb", "import", str(path)), f"{path}:1:1:", "not a TMX, XLIFF or PO file"
    )
    binary = tmp_path / "blob.tmx"
    binary.write_bytes(bytes(range(256)) * 4)
    _one_line_error(run(tmp_path / "t.tmdb", "import", str(binary)), str(binary))


def test_po_syntax_error_names_the_line(tmp_path):
    db = _seeded_db(tmp_path)
    po = tmp_path / "bad.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: zh\\n"\n\nmsgid "你好"\nmsgstr "Hello"\n'
        "this is not PO\n",
        encoding="utf-8",
    )
    _one_line_error(run(db, "import", str(po)), f"{po}:8")
    unterminated = tmp_path / "open.po"
    unterminated.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n"X-Source-Language: zh\\n"\n\nmsgid "你好\nmsgstr "Hello"\n',
        encoding="utf-8",
    )
    _one_line_error(run(db, "import", str(unterminated)), f"{unterminated}:6")
    assert _units(db) == 1


def test_external_entity_is_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT")
    db = _seeded_db(tmp_path)
    body = GOOD.replace(
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
    )
    xxe = _tmx(tmp_path, "xxe.tmx", body.format(en="&xxe;", zh="x"))
    _one_line_error(run(db, "import", str(xxe)), f"{xxe}:2", "entities")
    for part in tmp_path.glob("t.tmdb*"):
        assert b"TOP-SECRET-CONTENT" not in part.read_bytes()
    assert _units(db) == 1
    # even with --recover, nothing is expanded
    run(db, "import", str(xxe), "--recover")
    for part in tmp_path.glob("t.tmdb*"):
        assert b"TOP-SECRET-CONTENT" not in part.read_bytes()


BOMB = (
    """<?xml version="1.0"?>
<!DOCTYPE tmx [
<!ENTITY lol "lol">
"""
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n'
        for i in range(1, 10)
    )
    + """]>
<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>&lol9;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>
</body></tmx>
"""
)

_MEASURE = """
import resource, sys, time
from click.testing import CliRunner
from tm.cli.main import cli
start = time.perf_counter()
r = CliRunner().invoke(cli, ["--db", sys.argv[1], "import", sys.argv[2]])
elapsed = time.perf_counter() - start
# This process's own peak (VmHWM): ru_maxrss of a forked child starts at its parent's peak, so a large
# pytest process (earlier tests) would be counted as this import's memory.
try:
    peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(r.exit_code, elapsed, peak)
print(r.stderr, file=sys.stderr)
"""


def test_billion_laughs_is_refused_fast_and_small(tmp_path):
    bomb = _tmx(tmp_path, "bomb.tmx", BOMB)
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tmp_path / "t.tmdb"), str(bomb)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    code, elapsed, maxrss_kb = proc.stdout.split()
    assert code == "1", proc.stderr
    assert float(elapsed) < 1.0
    assert int(maxrss_kb) < 100 * 1024
    assert "entities" in proc.stderr and f"{bomb}:" in proc.stderr


def test_control_characters_are_removed_with_a_warning(tmp_path):
    db = tmp_path / "t.tmdb"
    body = GOOD.format(en="Bad\x01 char&#x2; here\x1f.", zh="坏\x0b字符。")
    path = _tmx(tmp_path, "ctrl.tmx", body)
    result = run(db, "import", str(path))
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    assert any(f"{path}:5:" in w and "U+0001" in w for w in warnings)
    assert any("&#x2;" in w for w in warnings)
    out = tmp_path / "o.tmx"
    run(db, "export", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Bad char here." in text and "坏字符。" in text


def test_unknown_language_lists_what_the_tm_has(tmp_path):
    db = _seeded_db(tmp_path)
    result = run(db, "export", str(tmp_path / "x.po"), "--src", "zh", "--tgt", "de")
    _one_line_error(result, "de", "en, zh-CN")
    assert not (tmp_path / "x.po").exists()


def test_read_only_database(tmp_path):
    db = _seeded_db(tmp_path)
    before = db.read_bytes()
    os.chmod(db, 0o444)
    try:
        other = _tmx(tmp_path, "other.tmx", GOOD.format(en="Bye.", zh="再见。"))
        _one_line_error(run(db, "import", str(other)), "read-only")
        assert _units(db) == 1  # still readable
    finally:
        os.chmod(db, 0o644)
    assert db.read_bytes() == before


def _big_tmx(path, units):
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en"/><body>\n')
        for i in range(units):
            out.write(
                f'<tu><tuv xml:lang="en"><seg>Sentence number {i} of the big file.</seg></tuv>'
                f'<tuv xml:lang="zh-CN"><seg>大文件的第{i}句。</seg></tuv></tu>\n'
            )
        out.write("</body></tmx>\n")


def test_ctrl_c_during_a_large_import_leaves_the_tm_unchanged(tmp_path):
    db = _seeded_db(tmp_path)
    big = tmp_path / "big.tmx"
    _big_tmx(big, 400_000)
    env = dict(os.environ, TM_DB=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tm.cli.main", "import", str(big)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    time.sleep(1.5)
    assert proc.poll() is None, "the import finished before it could be interrupted: make the file bigger"
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Interrupted" in err
    assert _units(db) == 1
    assert json.loads(run(db, "stats", "--json").stdout)["origins"][0][0].endswith("seed.tmx")


def test_unit_without_language_is_skipped_with_its_line(tmp_path):
    body = GOOD.replace(
        "</body>", '<tu><tuv><seg>no language</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>\n</body>'
    )
    path = _tmx(tmp_path, "nolang.tmx", body)
    data = run_json(tmp_path / "t.tmdb", "import", str(path))["files"][0]
    assert (data["added"], data["skipped"]) == (1, 1)
    (issue,) = [i for i in data["issues"] if i["severity"] == "skipped"]
    assert issue["line"] == 6 and "no language" in issue["message"]
