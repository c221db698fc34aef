"""``tm score``: BLEU, chrF and TER of drafts against references (a thin adapter over tm.scoring)."""

from __future__ import annotations

import dataclasses

import click

from tm.cli.common import INPUT_FILE, json_option
from tm.errors import UsageError
from tm.render import dumps


@click.command("score")
@click.argument("files", nargs=-1, required=True, type=INPUT_FILE)
@click.option(
    "--ref",
    "refs",
    multiple=True,
    type=INPUT_FILE,
    help="A reference (repeatable). Then every FILE is a draft to score.",
)
@click.option(
    "--lang", "-l", required=True, help="Target language (picks tokenizer, TER options, TMX variant)."
)
@click.option(
    "--metrics",
    "-m",
    default="bleu,chrf,ter",
    show_default=True,
    help="Comma-separated: bleu, chrf, chrf++, ter.",
)
@click.option("--tokenize", help="BLEU tokenizer (default: by language, zh, ja-mecab, ko-mecab, else 13a).")
@click.option("--segments", is_flag=True, help="Add sentence scores per segment, worst first.")
@click.option("--confidence", is_flag=True, help="Add 95% bootstrap confidence intervals.")
@click.option("--confidence-n", default=1000, show_default=True, help="Bootstrap resamples for --confidence.")
@click.option("--paired", is_flag=True, help="Compare the drafts (first = baseline) with a paired test.")
@click.option(
    "--paired-test",
    type=click.Choice(["bs", "ar"]),
    default="bs",
    show_default=True,
    help="bs: paired bootstrap resampling; ar: approximate randomization.",
)
@click.option(
    "--paired-n",
    default=0,
    show_default=True,
    help="Resamples (bs) or trials (ar); 0: sacrebleu's, 1000 for bs and 10000 for ar.",
)
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, writable=True),
    help="Also write a self-contained HTML report with the differences highlighted.",
)
@click.option("--width", "-w", default=1, show_default=True, help="Decimals in printed scores.")
@click.option(
    "--jobs",
    "-j",
    default=0,
    show_default=True,
    help="Processes for the statistics (0: by corpus size and CPUs).",
)
@json_option
def score_cmd(
    files,
    refs,
    lang,
    metrics,
    tokenize,
    segments,
    confidence,
    confidence_n,
    paired,
    paired_test,
    paired_n,
    html_out,
    width,
    jobs,
    as_json,
):
    """Score drafts against references: BLEU, chrF(++) and TER with sacrebleu's signatures.

    FILES are HYP REF [REF...], or drafts with --ref. Text files pair by line; PO, XLIFF and TMX
    by id (msgctxt+msgid, unit id, tuid); Word files (.docx) by paragraph. A pre-translated file
    gets scores per match band.

    \b
    Examples:
      tm score draft.txt reference.txt --lang zh
      tm score pretranslated.xlf final.xlf --lang ru --segments --html report.html
      tm score mt.po human.po --ref final.po --lang zh --paired --json
      tm score release.en.docx edited.en.docx --lang en
    """
    from tm.render.score import comparison_text, report_text  # lazy: loads the scoring package
    from tm.scoring import ScoreSettings, parse_metrics, score_files  # lazy: sacrebleu and lxml load here

    settings = ScoreSettings(lang, parse_metrics(metrics), tokenize)
    if refs:
        drafts, references = list(files), list(refs)
    elif len(files) >= 2:
        drafts, references = [files[0]], list(files[1:])
    else:
        raise UsageError("give a draft and at least one reference", hint="tm score HYP REF --lang L")
    if paired:
        if len(drafts) < 2 or not refs:
            raise UsageError(
                "--paired compares two or more drafts against --ref", hint="tm score A B --ref R --paired"
            )
        from tm.scoring.compare import compare_files  # lazy: only --paired needs it

        result = compare_files(drafts, references, settings, test=paired_test, samples=paired_n)
        click.echo(dumps(result) if as_json else comparison_text(result, width))
        return
    if html_out and len(drafts) > 1:
        raise UsageError("--html writes the report of one draft", hint="score the drafts one at a time")
    reports = [
        score_files(
            d,
            references,
            settings,
            segments=segments or bool(html_out),
            confidence=confidence_n if confidence else 0,
            jobs=jobs,
            width=width,
        )
        for d in drafts
    ]
    for report in reports:
        for note in report.notes:
            click.echo(f"Warning: {note}", err=True)
    if html_out:
        from tm.formats.atomic import write_atomic  # lazy: only --html writes a file
        from tm.render.score_html import report_html  # lazy: only --html needs it

        write_atomic(html_out, report_html(reports[0], width).encode("utf-8"))
        click.echo(f"Wrote {html_out}", err=True)
        if not segments:
            reports = [dataclasses.replace(r, segments=None) for r in reports]
    if as_json:
        click.echo(dumps(reports[0] if len(reports) == 1 else reports))
    else:
        click.echo("\n\n".join(report_text(r, width) for r in reports))
