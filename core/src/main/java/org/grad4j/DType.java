package org.grad4j;

/**
 * Element type of a tensor. grad4j has PyTorch's two floating-point types; the default for new
 * tensors is {@link #FLOAT32}, as in PyTorch, and can be changed with {@link Tensor#setDefaultDType}.
 */
public enum DType {
    /** IEEE-754 binary32, PyTorch's {@code torch.float32}. */
    FLOAT32("torch.float32", 4),
    /** IEEE-754 binary64, PyTorch's {@code torch.float64}. */
    FLOAT64("torch.float64", 8);

    private final String torchName;
    private final int byteSize;

    DType(String torchName, int byteSize) {
        this.torchName = torchName;
        this.byteSize = byteSize;
    }

    /**
     * PyTorch's name, as printed in {@code dtype=} suffixes: {@code torch.float64}.
     *
     * @return the name, e.g. {@code torch.float32}
     */
    public String torchName() {
        return torchName;
    }

    /**
     * Bytes per element.
     *
     * @return 4 for float32, 8 for float64
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Rounds {@code value} to this type, the way storing it in a tensor of this type does.
     *
     * @param value the value to round
     * @return {@code value} rounded to the nearest value of this type (unchanged for float64)
     */
    public double round(double value) {
        return this == FLOAT32 ? (double) (float) value : value;
    }
}
