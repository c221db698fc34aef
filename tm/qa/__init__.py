"""QA checks of bilingual files: what a reviewer catches before a release goes out (docs/qa.md).

>>> from tm.qa import QaSettings, run_qa                                 # doctest: +SKIP
>>> report = run_qa(["draft.en.xlf"], QaSettings("zh", "en"))
>>> [(f.segment, f.check, f.message) for f in report.findings if f.severity == "error"]
"""

from tm.qa.model import CheckInfo, Finding, QaReport, QaSegment
from tm.qa.runner import QaSettings, run_qa, run_segments

__all__ = ["CheckInfo", "Finding", "QaReport", "QaSegment", "QaSettings", "run_qa", "run_segments"]
