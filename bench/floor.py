"""The floor a linter's speed is held against: read every file of a folder and run one
regular-expression tokeniser over its text (numbers, table bars, runs of other characters).

    python bench/floor.py FOLDER

Nothing is parsed or checked; it prints the number of files and tokens.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

TOKEN = re.compile(r"\d+(?:\.\d+)?|[|\t]|[^\s\d|]+")


def main(folder: str) -> None:
    files = tokens = 0
    for path in sorted(Path(folder).rglob("*")):
        if path.is_file():
            files += 1
            tokens += len(TOKEN.findall(path.read_bytes().decode("utf-8", errors="replace")))
    print(f"{files} files, {tokens} tokens")


if __name__ == "__main__":
    main(sys.argv[1])
