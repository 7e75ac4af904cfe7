import torch

from dlnotes.torch import classic_networks_resnet as cnr

torch.manual_seed(0)
for block in (cnr.BasicBlock(64, 64), cnr.Bottleneck(256, 64)):
    # the block's last layer (batch norm) gets zero weight and bias
    with torch.no_grad():
        block.last_bn.weight.zero_()
        block.last_bn.bias.zero_()
    block.eval()
    a = torch.randn(2, block.conv1.in_channels, 8, 8)
    same = torch.equal(block(a.relu()), a.relu())
    clipped = torch.equal(block(a), a)
    print(f"{type(block).__name__}: "
          f"non-negative input returned unchanged: {same}; "
          f"input with negatives returned unchanged: {clipped}")
