package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReplicationPad1d}:
 * pads the last dimension with copies of the input's edge values;
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReplicationPad1d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReplicationPad1d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 2 ints: (left, right).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReplicationPad1d(int[] padding) {
        super("ReplicationPad1d", "replicate", 1, padding, 0.0);
    }
}
