from dlnotes.torch import face_recognition as fr

r = fr.demo()  # trains on posed digits 0-6 (seed 0), then tests on posed 7-9
print(f"training: {len(r['losses'])} steps, loss "
      f"{sum(r['losses'][:20]) / 20:.3f} -> {sum(r['losses'][-20:]) / 20:.3f}")
print("one-shot identification of 7, 8, 9 (chance 33%):")
print(f"  learned encodings  {r['identification']:.1%}")
print(f"  raw pixels         {r['pixels']:.1%}")
print(f"verification (balanced pairs, chance 50%), threshold "
      f"{r['threshold']:.2f}:")
print(f"  by the threshold   {r['verification_threshold']:.1%}")
print(f"  by the logistic    {r['verification_head']:.1%}")
