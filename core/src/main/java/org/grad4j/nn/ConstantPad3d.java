package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ConstantPad3d}:
 * pads the last 3 dimensions with a constant (negative sizes crop);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ConstantPad3d extends PadNd {
    /**
     * The same padding on every side and {@code value}.
     *
     * @param padding the size added on each side
     * @param value the fill value
     */
    public ConstantPad3d(int padding, double value) {
        this(new int[] {padding}, value);
    }

    /**
     * One int for every side or 6 ints: (left, right, top, bottom, front, back).
     *
     * @param padding the sizes, the last dimension's first
     * @param value the fill value
     */
    public ConstantPad3d(int[] padding, double value) {
        super("ConstantPad3d", "constant", 3, padding, value);
    }
}
