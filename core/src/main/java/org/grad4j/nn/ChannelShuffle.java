package org.grad4j.nn;

import org.grad4j.Functional;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.ChannelShuffle(groups)}: the channels of {@code [N, g * k, *]} from group-major to group-minor order;
 * see {@link Functional#channelShuffle}.
 */
public class ChannelShuffle extends Module {
    private final int groups;

    /**
     * The layer.
     *
     * @param groups PyTorch's {@code groups} (checked when called, as PyTorch)
     */
    public ChannelShuffle(int groups) {
        this.groups = groups;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Functional.channelShuffle(input, groups);
    }

    @Override
    protected String extraRepr() {
        return "groups=" + groups;
    }
}
