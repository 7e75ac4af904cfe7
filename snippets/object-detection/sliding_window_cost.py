from dlnotes.numpy import object_detection as od

# a 14 x 14 classifier slid over larger images, 2 pixels at a time
for n in (16, 28, 64, 224):
    crops = od.sliding_window_count(n, 14, 2)
    print(f"{n:>3} x {n:<3} image: {crops:>6} crops")

# three window sizes on a 224 x 224 image, stride 8 (cheaper, less exact)
total = sum(od.sliding_window_count(224, w, 8) for w in (64, 96, 128))
print("windows 64/96/128, stride 8:", total, "classifier runs")
