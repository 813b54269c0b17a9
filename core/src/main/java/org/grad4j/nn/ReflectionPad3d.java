package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReflectionPad3d}:
 * pads the last 3 dimensions with the reflection of the input about its edges (each size smaller than the dimension);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReflectionPad3d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReflectionPad3d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 6 ints: (left, right, top, bottom, front, back).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReflectionPad3d(int[] padding) {
        super("ReflectionPad3d", "reflect", 3, padding, 0.0);
    }
}
