"""What a review says: the changes, one line each, and what they need done by hand."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Notes:
    changes: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)

    def change(self, *lines: str) -> None:
        self.changes.extend(lines)

    def need(self, line: str) -> None:
        """A step by hand; said once however many changes ask for it."""
        if line not in self.needs:
            self.needs.append(line)

    def lines(self) -> list[str]:
        out: list[str] = []
        if self.changes:
            out += ["What the change means:", *(f"  - {line}" for line in self.changes)]
        if self.needs:
            out += ["What it needs by hand:", *(f"  - {line}" for line in self.needs)]
        return out
