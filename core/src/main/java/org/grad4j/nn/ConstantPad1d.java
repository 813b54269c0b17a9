package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ConstantPad1d}:
 * pads the last dimension with a constant (negative sizes crop);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ConstantPad1d extends PadNd {
    /**
     * The same padding on every side and {@code value}.
     *
     * @param padding the size added on each side
     * @param value the fill value
     */
    public ConstantPad1d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /**
     * One int for every side or 2 ints: (left, right).
     *
     * @param padding the sizes, the last dimension's first
     * @param value the fill value
     */
    public ConstantPad1d(int[] padding, double value) {
        super("ConstantPad1d", "constant", 1, padding, value);
    }
}
