"""Generate synthetic reader/1 interviews for benchmarks (never committed).

``python bench/corpus.py OUT_DIR --interviews 1000 --sections 40`` writes a
library; :func:`interview_yaml` makes one interview's text, for the load and
UI benchmarks.  The text is deterministic for a given seed, mixes English
with accented names, Korean and Chinese, folds some long quotes across lines
(as editors do) and anchors annotations to real passages.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

WORDS = (
    "the of and to in that it was for on are with as his they be at one have this from "
    "director music video album song door light tour stage studio camera crane shot edit "
    "president minister summit border migration fentanyl supply chain energy climate "
    "question answer interview translation correction memory rehearsal producer actor "
    "season episode camera lens colour rhythm verse chorus lyric melody studio session "
    "López Obrador Trudeau Namjoon São Paulo café naïve résumé Straße Zürich Kraków"
).split()
HANGUL = "김남준은 방탄소년단 음악 감독 뮤직비디오 문 세 개의 빛 촬영 마지막 날".split()
HAN = ["中文也可以", "音乐录影带", "导演说", "最后一天", "三盏灯"]
KINDS = ("note", "context", "correction", "translation", "source", "fact-check")
PEOPLE = {
    "host": ("Alex Host", "interviewer"),
    "lee": ("Lee Sung-jin", "director"),
    "rm": ("RM", "artist"),
    "amlo": ("Andrés Manuel López Obrador", "President of Mexico"),
}


def _sentence(rng: random.Random, n: int) -> str:
    words = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.03:
            words.append(rng.choice(HANGUL))
        elif roll < 0.04:
            words.append(rng.choice(HAN))
        else:
            words.append(rng.choice(WORDS))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _folded(text: str, indent: str) -> str:
    """A ``>-`` block scalar, wrapped at about 76 columns."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > 76:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return ">-\n" + "\n".join(indent + piece for piece in lines)


def interview_yaml(sections: int, seed: int = 0, title: str | None = None) -> str:
    """The YAML text of one synthetic interview with ``sections`` Q&As."""
    rng = random.Random(seed)
    out = [
        "reader: 1",
        f"title: {_quoted(title or f'Synthetic interview {seed}')}",
        f"id: synthetic-{seed}",
        "date: '2024-05-10'",
        "language: en",
        "people:",
    ]
    for key, (name, role) in PEOPLE.items():
        out += [f"  {key}:", f"    name: {_quoted(name)}", f"    role: {_quoted(role)}"]
    out.append("sections:")
    for number in range(1, sections + 1):
        question = _sentence(rng, rng.randint(8, 20))
        out += [f"  - id: q{number}", f"    question: {_quoted(question)}", "    asked_by: host"]
        out.append("    answers:")
        quotes = []
        for _ in range(rng.randint(2, 4)):
            quote = " ".join(_sentence(rng, rng.randint(10, 30)) for _ in range(rng.randint(1, 5)))
            quotes.append(quote)
            speaker = rng.choice(("lee", "rm", "amlo"))
            out.append(f"      - by: {speaker}")
            if len(quote) > 120:
                out.append("        quote: " + _folded(quote, "          "))
            else:
                out.append(f"        quote: {_quoted(quote)}")
        if rng.random() < 0.5:
            quote = quotes[0]
            words = quote.split(" ")
            start = rng.randrange(0, max(1, len(words) - 3))
            passage = " ".join(words[start : start + 3])
            if (
                quote.count(passage) == 1
                and question.count(passage) == 0
                and all(q.count(passage) == 0 for q in quotes[1:])
            ):
                out += [
                    "    annotations:",
                    f"      - on: {_quoted(passage)}",
                    f"        kind: {rng.choice(KINDS)}",
                    f"        note: {_quoted(_sentence(rng, 12))}",
                ]
    return "\n".join(out) + "\n"


def write_library(out: Path, interviews: int, sections: int) -> list[Path]:
    """Write ``interviews`` files of about ``sections`` Q&As into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(interviews):
        path = out / f"interview-{seed:04d}.yaml"
        path.write_text(interview_yaml(sections, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: write a synthetic library."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--interviews", type=int, default=1000)
    parser.add_argument("--sections", type=int, default=40)
    args = parser.parse_args()
    paths = write_library(args.out, args.interviews, args.sections)
    print(f"wrote {len(paths)} interviews to {args.out}")


if __name__ == "__main__":
    main()
