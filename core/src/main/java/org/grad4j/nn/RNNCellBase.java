package org.grad4j.nn;

import java.util.Arrays;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * What the recurrent cells share, PyTorch's {@code nn.RNNCellBase}: the parameters {@code weight_ih}
 * {@code [chunks * hidden_size, input_size]}, {@code weight_hh} {@code [chunks * hidden_size, hidden_size]} and, with
 * {@code bias}, {@code bias_ih} and {@code bias_hh} {@code [chunks * hidden_size]}, each drawn in that order from
 * U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)) (PyTorch's initial values for the same seed); the input and hidden
 * checks of PyTorch 1.13, with its messages.
 */
public abstract sealed class RNNCellBase extends Module permits RNNCell, LSTMCell, GRUCell {
    final String name;
    final int inputSize;
    final int hiddenSize;
    final boolean bias;
    final Tensor weightIh;
    final Tensor weightHh;
    final Tensor biasIh;
    final Tensor biasHh;

    RNNCellBase(String name, int inputSize, int hiddenSize, boolean bias, int chunks, Generator generator, DType dtype,
                Device device) {
        if (inputSize < 0 || hiddenSize < 0) {
            throw new IllegalArgumentException(name + ": input_size and hidden_size must be >= 0, got " + inputSize
                    + " and " + hiddenSize);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException(name + ": generator, dtype and device must not be null");
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(name + ": expected a floating dtype, got " + dtype.torchName());
        }
        this.name = name;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.bias = bias;
        long r = (long) chunks * hiddenSize;
        RecurrentKernels.checkParameterSizes(name, dtype, (double) r * (inputSize + hiddenSize + 2),
                new long[] {r, inputSize}, new long[] {r, hiddenSize});
        double k = RecurrentKernels.bound(hiddenSize);
        int rows = (int) r;
        this.weightIh = registerParameter("weight_ih", RecurrentKernels.uniform(generator, dtype, device, k, rows, inputSize));
        this.weightHh = registerParameter("weight_hh", RecurrentKernels.uniform(generator, dtype, device, k, rows, hiddenSize));
        this.biasIh = bias ? registerParameter("bias_ih", RecurrentKernels.uniform(generator, dtype, device, k, rows)) : null;
        this.biasHh = bias ? registerParameter("bias_hh", RecurrentKernels.uniform(generator, dtype, device, k, rows)) : null;
    }

    /**
     * The size of each input sample.
     *
     * @return {@code input_size}
     */
    public int inputSize() {
        return inputSize;
    }

    /**
     * The size of the hidden state.
     *
     * @return {@code hidden_size}
     */
    public int hiddenSize() {
        return hiddenSize;
    }

    /**
     * {@code weight_ih}, {@code [chunks * hidden_size, input_size]}.
     *
     * @return the parameter itself
     */
    public Tensor weightIh() {
        return weightIh;
    }

    /**
     * {@code weight_hh}, {@code [chunks * hidden_size, hidden_size]}.
     *
     * @return the parameter itself
     */
    public Tensor weightHh() {
        return weightHh;
    }

    /**
     * {@code bias_ih}, {@code [chunks * hidden_size]}, or null without bias.
     *
     * @return the parameter itself, or null
     */
    public Tensor biasIh() {
        return biasIh;
    }

    /**
     * {@code bias_hh}, {@code [chunks * hidden_size]}, or null without bias.
     *
     * @return the parameter itself, or null
     */
    public Tensor biasHh() {
        return biasHh;
    }

    /** Checks the input is 1-D or 2-D (PyTorch's assertion) and returns it 2-D. */
    final Tensor batchedInput(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException(name + ": expected an input tensor, got null");
        }
        if (input.dim() != 1 && input.dim() != 2) {
            throw new IllegalArgumentException(name + ": Expected input to be 1-D or 2-D but received " + input.dim()
                    + "-D tensor (input of shape " + Arrays.toString(input.shape()) + ")");
        }
        Tensor x = input.dim() == 1 ? input.unsqueeze(0) : input;
        if (x.size(1) != inputSize) {
            throw new IllegalArgumentException(name + ": input has inconsistent input_size: got " + x.size(1)
                    + " expected " + inputSize);
        }
        RecurrentKernels.checkOperand(name, "the input", x, weightIh);
        return x;
    }

    /** The hidden state for the 2-D input {@code x}: zeros when {@code hx} is null, else {@code hx} (2-D), checked. */
    final Tensor hidden(Tensor x, Tensor hx, boolean batched) {
        if (hx == null) {
            return Tensor.full(new int[] {x.size(0), hiddenSize}, 0.0, x.dtype(), x.device());
        }
        Tensor h = batched ? hx : hx.unsqueeze(0);
        if (h.dim() >= 2) {
            if (x.size(0) != h.size(0)) {
                throw new IllegalArgumentException(name + ": Input batch size " + x.size(0)
                        + " doesn't match hidden0 batch size " + h.size(0));
            }
            if (h.size(1) != hiddenSize) {
                throw new IllegalArgumentException(name + ": hidden0 has inconsistent hidden_size: got " + h.size(1)
                        + ", expected " + hiddenSize);
            }
        }
        if (h.dim() != 2) {
            throw new IllegalArgumentException(name + ": expected a hidden state of shape [" + x.size(0) + ", " + hiddenSize
                    + "]" + (batched ? "" : " (unbatched: [" + hiddenSize + "])") + ", got "
                    + Arrays.toString(hx.shape()));
        }
        RecurrentKernels.checkOperand(name, "the hidden state", h, weightHh);
        return h;
    }

    /** {@code linear(x, weight_ih, bias_ih)}. */
    final Tensor inputProjection(Tensor x) {
        return Functional.linear(x, weightIh, biasIh);
    }

    @Override
    protected String extraRepr() {
        return inputSize + ", " + hiddenSize + (bias ? "" : ", bias=False");
    }
}
