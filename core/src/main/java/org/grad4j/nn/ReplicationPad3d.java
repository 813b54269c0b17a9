package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReplicationPad3d}:
 * pads the last 3 dimensions with copies of the input's edge values;
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReplicationPad3d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReplicationPad3d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 6 ints: (left, right, top, bottom, front, back).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReplicationPad3d(int[] padding) {
        super("ReplicationPad3d", "replicate", 3, padding, 0.0);
    }
}
