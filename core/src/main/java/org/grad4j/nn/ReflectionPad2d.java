package org.grad4j.nn;

/**
 * PyTorch's {@code nn.ReflectionPad2d}:
 * pads the last 2 dimensions with the reflection of the input about its edges (each size smaller than the dimension);
 * see {@link org.grad4j.Functional#pad}.
 */
public class ReflectionPad2d extends PadNd {
    /**
     * The same padding on every side.
     *
     * @param padding the size added on each side
     */
    public ReflectionPad2d(int padding) {
        this(new int[] {padding});
    }

    /**
     * One int for every side or 4 ints: (left, right, top, bottom).
     *
     * @param padding the sizes, the last dimension's first
     */
    public ReflectionPad2d(int[] padding) {
        super("ReflectionPad2d", "reflect", 2, padding, 0.0);
    }
}
