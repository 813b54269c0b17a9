package org.grad4j.nn;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * A long short-term memory cell, PyTorch's {@code nn.LSTMCell}: the gates {@code i, f, g, o} are the four chunks
 * of {@code x W_ih^T + b_ih + h W_hh^T + b_hh} (sigmoid, sigmoid, tanh, sigmoid), {@code c' = f * c + i * g},
 * {@code h' = o * tanh(c')}. The input is {@code [batch, input_size]} or unbatched {@code [input_size]}; h and c
 * match it and default to zeros (both given or neither, as PyTorch's tuple).
 *
 * <pre>{@code
 * LSTMCell cell = new LSTMCell(10, 20);
 * LSTMCell.State s = cell.forward(x, null, null);
 * s = cell.forward(x2, s.h(), s.c());
 * }</pre>
 */
public final class LSTMCell extends RNNCellBase {
    /**
     * A cell's output: the next hidden state and the next cell state, PyTorch's {@code (h_1, c_1)}.
     *
     * @param h the hidden state
     * @param c the cell state
     */
    public record State(Tensor h, Tensor c) {
    }

    /**
     * A cell with biases, in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden and cell states
     */
    public LSTMCell(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, true);
    }

    /**
     * A cell in the default dtype on the default device, drawn from the default generator.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden and cell states
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias) {
        this(inputSize, hiddenSize, bias, Generator.defaultGenerator(), Tensor.defaultDType(), Device.fromSystemProperty());
    }

    /**
     * A cell drawn from {@code generator}, created in {@code dtype} on {@code device}.
     *
     * @param inputSize the size of each input sample
     * @param hiddenSize the size of the hidden and cell states
     * @param bias whether to learn {@code bias_ih} and {@code bias_hh}
     * @param generator the source of the initial values; it advances
     * @param dtype a floating dtype
     * @param device the device
     */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Generator generator, DType dtype, Device device) {
        super("LSTMCell", inputSize, hiddenSize, bias, 4, generator, dtype, device);
    }

    /**
     * The next hidden state from zero states; {@link #forward(Tensor, Tensor, Tensor)} gives the cell state too.
     *
     * @param input {@code [batch, input_size]} or {@code [input_size]}
     * @return {@code h'}, the first element of PyTorch's {@code (h_1, c_1)}
     */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null).h();
    }

    /**
     * The next hidden and cell states.
     *
     * @param input {@code [batch, input_size]} or {@code [input_size]}
     * @param hx the hidden state, {@code [batch, hidden_size]} or {@code [hidden_size]}, or null (with {@code cx})
     *     for zeros
     * @param cx the cell state, shaped like {@code hx}, or null (with {@code hx})
     * @return {@code (h', c')}, shaped like the states
     */
    public State forward(Tensor input, Tensor hx, Tensor cx) {
        if ((hx == null) != (cx == null)) {
            throw new IllegalArgumentException("LSTMCell: expected both hx and cx, or neither (zeros), got "
                    + (hx == null ? "cx only" : "hx only"));
        }
        Tensor x = batchedInput(input);
        boolean batched = input.dim() == 2;
        Tensor h = hidden(x, hx, batched);
        Tensor c = hidden(x, cx, batched);
        Tensor[] r = RecurrentKernels.lstmCell(inputProjection(x), h, c, weightHh, biasHh);
        return batched ? new State(r[0], r[1]) : new State(r[0].squeeze(0), r[1].squeeze(0));
    }
}
