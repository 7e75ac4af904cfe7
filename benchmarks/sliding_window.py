"""Time the sliding-window classifier against its convolutional version (chapter "Object
detection"): every 14 x 14 crop (stride 2) through the classifier, one at a time and as one
batch, against one pass of the fully-convolutional network over the whole image.

    python benchmarks/sliding_window.py [--threads N]

Prints the best of several runs, in CPU milliseconds of this process.
"""

import argparse
import time

import torch

from dlnotes.torch import object_detection as od


def best(f, repeat):
    times = []
    for _ in range(repeat):
        start = time.process_time()
        f()
        times.append(time.process_time() - start)
    return min(times) * 1e3


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    clf = od.course_classifier()
    conv = od.fc_to_conv(clf)
    with torch.no_grad():
        for n in (28, 64, 128):
            image = torch.randn(1, 3, n, n)
            crops = image.unfold(2, 14, 2).unfold(3, 14, 2).permute(0, 2, 3, 1, 4, 5)
            crops = crops.reshape(-1, 3, 14, 14)
            one_by_one = best(lambda crops=crops: [clf(c[None]) for c in crops], 3)
            batched = best(lambda image=image: od.sliding_window_crops(clf, image), 10)
            once = best(lambda image=image: conv(image), 10)
            print(f"{n:>3} x {n:<3} ({len(crops):>4} crops): one by one {one_by_one:7.1f} ms, "
                  f"batched {batched:6.1f} ms, convolutional {once:6.1f} ms -> "
                  f"{batched / once:.1f}x / {one_by_one / once:.0f}x faster")
