import json
from pathlib import Path

import dlnotes

# the record of five runs (seeds 0-4), kept beside the figure script
# that made them (python snippets/face-recognition/fig_embeddings.py
# --train); one_shot_experiment(seed=seed) of dlnotes.torch.
# face_recognition reruns one of them
repo = Path(dlnotes.__file__).resolve().parents[2]
record = repo / "snippets/face-recognition/embeddings.json"
runs = json.loads(record.read_text())["seeds"]
print("one-shot identification of 7, 8, 9 (chance 33%), "
      "verification (chance 50%)")
print("seed  learned encodings  raw pixels  verification")
for r in runs:
    print(f"{r['seed']:4d}  {r['encoder']:17.1%}  {r['pixels']:10.1%}"
          f"  {r['verification']:12.1%}")
gaps = [r["encoder"] - r["pixels"] for r in runs]
print(f"encodings minus pixels: at least {100 * min(gaps):.1f} points, "
      f"on average {100 * sum(gaps) / len(gaps):.1f}")
