package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ConstantPad2d}:
 * pads the last 2 dimensions with a constant (negative sizes crop);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ConstantPad2d extends PadNd {
    /**
     * The same padding on every side and {@code value}.
     *
     * @param padding the size added on each side
     * @param value the fill value
     */
    public ConstantPad2d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /**
     * One int for every side or 4 ints: (left, right, top, bottom).
     *
     * @param padding the sizes, the last dimension's first
     * @param value the fill value
     */
    public ConstantPad2d(int[] padding, double value) {
        super("ConstantPad2d", "constant", 2, padding, value);
    }
}
