import json
from pathlib import Path

import dlnotes

# the record of the full run, kept beside the figure script that made it
# (python snippets/object-detection/fig_detections.py --train)
repo = Path(dlnotes.__file__).resolve().parents[2]
run = json.loads((repo / "snippets/object-detection/detector.json").read_text())
cfg = run["config"]
print(f"{cfg['n_train']} training images, {cfg['epochs']} epochs, "
      f"{cfg['n_test']} held-out images")
print("loss, first and last epoch:", run["losses"][0], run["losses"][-1])
print("mAP@0.5 on held-out images:", run["map50"])
