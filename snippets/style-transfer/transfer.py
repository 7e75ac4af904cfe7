from dlnotes.torch import style_transfer as tst

# 200 Adam steps on the 64x64 pixels of G (about two seconds on a CPU)
r = tst.demo()
J, J_content, J_style = zip(*r["costs"], strict=True)
for step in (0, 50, 199):
    print(f"step {step:3d}: J = {J[step]:.5f}  "
          f"J_content = {J_content[step]:.2e}  J_style = {J_style[step]:.2e}")
