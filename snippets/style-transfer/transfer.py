from dlnotes.torch import style_transfer as tst

# 150 Adam steps on the 64x64 pixels of G, through random_cnn()
r = tst.demo()
J, J_content, J_style = zip(*r["costs"], strict=True)
for step in (0, 50, len(J) - 1):
    print(f"step {step:3d}: J = {J[step]:.3g}  "
          f"J_content = {J_content[step]:.2e}  J_style = {J_style[step]:.2e}")
print(f"J_style fell by a factor of {J_style[0] / J_style[-1]:.0f}")
