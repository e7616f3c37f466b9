"""Review a change of a spec: what it means, then how the bundle's files change.

`pkispec diff OLD NEW` and `pkispec diff --rev REV SPEC` print `explain` above
`diff_files`; both are pure functions of checked specs and compiled bundles.
"""

from __future__ import annotations

from pkispec.review.files import diff_files
from pkispec.review.meaning import explain

__all__ = ["diff_files", "explain"]
