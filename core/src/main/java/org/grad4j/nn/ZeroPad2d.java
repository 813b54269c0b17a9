package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ZeroPad2d}:
 * pads the last 2 dimensions with zeros (negative sizes crop); see {@link org.grad4j.Functional#pad}.
 */
public class ZeroPad2d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ZeroPad2d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 4 ints: (left, right, top, bottom).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ZeroPad2d(int[] padding) {
        super("ZeroPad2d", "constant", 2, padding, 0.0);
    }
}
