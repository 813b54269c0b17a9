package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReflectionPad1d}:
 * pads the last dimension with the reflection of the input about its edges (each size smaller than the dimension);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReflectionPad1d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReflectionPad1d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 2 ints: (left, right).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReflectionPad1d(int[] padding) {
        super("ReflectionPad1d", "reflect", 1, padding, 0.0);
    }
}
