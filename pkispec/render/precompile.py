"""`python -m pkispec.render.precompile`: rewrite pkispec/render/compiled/ from templates/."""

from __future__ import annotations

from pathlib import Path

from pkispec.render.templating import precompile

if __name__ == "__main__":
    target = Path(__file__).resolve().parent / "compiled"
    precompile(target)
    print(f"wrote {target}")
