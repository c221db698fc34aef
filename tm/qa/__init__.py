"""QA checks of bilingual files: what a reviewer catches before a release goes out (docs/qa.md)."""
