import json
from pathlib import Path

import dlnotes

# the record of the page's run, kept beside the figure script that made it
# (python snippets/style-transfer/fig_result.py --train, which calls
# dlnotes.torch.style_transfer.demo(): 300 Adam steps through random_cnn())
repo = Path(dlnotes.__file__).resolve().parents[2]
run = json.loads((repo / "snippets/style-transfer/result.json").read_text())
J, J_content, J_style = zip(*run["costs"], strict=True)
for step in (0, 50, len(J) - 1):
    print(f"step {step:3d}: J = {J[step]:.3g}  "
          f"J_content = {J_content[step]:.2e}  J_style = {J_style[step]:.2e}")
print(f"J_style fell by a factor of {J_style[0] / J_style[-1]:.0f}")
