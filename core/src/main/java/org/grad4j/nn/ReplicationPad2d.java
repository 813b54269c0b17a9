package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReplicationPad2d}:
 * pads the last 2 dimensions with copies of the input's edge values;
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReplicationPad2d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReplicationPad2d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 4 ints: (left, right, top, bottom).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReplicationPad2d(int[] padding) {
        super("ReplicationPad2d", "replicate", 2, padding, 0.0);
    }
}
