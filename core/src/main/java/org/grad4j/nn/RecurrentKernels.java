package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Functional;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * The arithmetic of the recurrent layers, in the order of PyTorch 1.13's CPU code ({@code aten/src/ATen/native/RNN.cpp}),
 * so that float64 results match it bit for bit: a whole layer's input projection {@code linear(x, w_ih, b_ih)} is
 * computed for the whole sequence at once, then each step adds {@code linear(h, w_hh, b_hh)} to its slice of it;
 * the gates are the chunks of that sum, in PyTorch's order (LSTM: input, forget, cell, output; GRU: reset, update, new).
 */
final class RecurrentKernels {
    /** The cell kinds, PyTorch's {@code mode} strings. */
    enum Mode {
        RNN_TANH(1), RNN_RELU(1), LSTM(4), GRU(3);

        final int gates;

        Mode(int gates) {
            this.gates = gates;
        }
    }

    private RecurrentKernels() {
    }

    /**
     * A parameter of {@code shape} drawn from U(-bound, bound) by {@code generator}, as PyTorch's
     * {@code init.uniform_} draws it (in the parameter's dtype, in memory order).
     */
    static Tensor uniform(Generator generator, DType dtype, Device device, double bound, int... shape) {
        return Init.uniform_(Tensor.full(shape, 0.0, dtype, device), -bound, bound, generator);
    }

    /**
     * Refuses parameters grad4j cannot hold before any is allocated: a tensor of more than 2^31-1 elements
     * (IllegalArgumentException), or more elements in all than the heap could take (IllegalStateException).
     *
     * @param totalElements the number of elements of all the parameters (a double: it may exceed a long's range)
     * @param shapes the distinct parameter shapes, as longs (their products cannot overflow for int factors)
     */
    static void checkParameterSizes(String module, DType dtype, double totalElements, long[]... shapes) {
        for (long[] shape : shapes) {
            long n = 1;
            for (long s : shape) {
                n *= s;
                if (n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(module + ": a parameter of shape " + Arrays.toString(shape)
                            + " is too large: grad4j indexes at most " + Integer.MAX_VALUE + " (2^31-1) elements per tensor");
                }
            }
        }
        long heap = Runtime.getRuntime().maxMemory();
        if (totalElements * (8 + dtype.byteSize()) > heap) {   // each is drawn in double, then stored in its dtype
            throw new IllegalStateException(module + ": out of memory for its parameters: " + (long) totalElements
                    + " elements (" + dtype.torchName() + "), more than the Java heap's maximum of " + heap
                    + " bytes can hold (-Xmx)");
        }
    }

    /** PyTorch's {@code 1 / sqrt(hidden_size)}, 0 for an empty hidden state. */
    static double bound(int hiddenSize) {
        return hiddenSize > 0 ? 1.0 / Math.sqrt(hiddenSize) : 0;
    }

    /** The dtype and device checks PyTorch's matrix products make, named for {@code module}. */
    static void checkOperand(String module, String what, Tensor t, Tensor weight) {
        if (t.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(module + ": mat1 and mat2 must have the same dtype (" + what + " is "
                    + t.dtype().torchName() + ", the parameters are " + weight.dtype().torchName() + ")");
        }
        if (!t.device().equals(weight.device())) {
            throw new IllegalArgumentException(module + ": expected " + what + " on the parameters' device "
                    + weight.device() + ", got " + t.device());
        }
    }

    /** {@code act(linear(h, w_hh, b_hh) + ih)}: PyTorch's {@code SimpleCell}. */
    static Tensor simpleCell(Tensor ih, Tensor h, Tensor wHh, Tensor bHh, boolean relu) {
        Tensor pre = Functional.linear(h, wHh, bHh).add(ih);
        return relu ? pre.relu() : pre.tanh();
    }

    /**
     * PyTorch's {@code LSTMCell}: {@code gates = linear(h, w_hh, b_hh) + ih}, {@code c' = f * c + i * g},
     * {@code h' = o * tanh(c')}.
     *
     * @return {h', c'}
     */
    static Tensor[] lstmCell(Tensor ih, Tensor h, Tensor c, Tensor wHh, Tensor bHh) {
        return lstmCell(ih, h, c, wHh, bHh, null);
    }

    /** {@link #lstmCell(Tensor, Tensor, Tensor, Tensor, Tensor)} with PyTorch's projection {@code h' = h' @ w_hr^T}. */
    static Tensor[] lstmCell(Tensor ih, Tensor h, Tensor c, Tensor wHh, Tensor bHh, Tensor wHr) {
        Tensor gates = Functional.linear(h, wHh, bHh).add(ih);
        int hs = gates.size(-1) / 4;
        Tensor in = gates.narrow(-1, 0, hs).sigmoid();
        Tensor forget = gates.narrow(-1, hs, hs).sigmoid();
        Tensor cell = gates.narrow(-1, 2 * hs, hs).tanh();
        Tensor out = gates.narrow(-1, 3 * hs, hs).sigmoid();
        Tensor cy = forget.mul(c).add(in.mul(cell));
        Tensor hy = out.mul(cy.tanh());
        return new Tensor[] {wHr == null ? hy : hy.matmul(wHr.t()), cy};
    }

    /**
     * PyTorch's {@code GRUCell}: {@code r = sigmoid(hh_r + ih_r)}, {@code z = sigmoid(hh_z + ih_z)},
     * {@code n = tanh(ih_n + hh_n * r)}, {@code h' = (h - n) * z + n}.
     */
    static Tensor gruCell(Tensor ih, Tensor h, Tensor wHh, Tensor bHh) {
        Tensor hh = Functional.linear(h, wHh, bHh);
        int hs = hh.size(-1) / 3;
        Tensor reset = hh.narrow(-1, 0, hs).add(ih.narrow(-1, 0, hs)).sigmoid();
        Tensor update = hh.narrow(-1, hs, hs).add(ih.narrow(-1, hs, hs)).sigmoid();
        Tensor fresh = ih.narrow(-1, 2 * hs, hs).add(hh.narrow(-1, 2 * hs, hs).mul(reset)).tanh();
        return h.sub(fresh).mul(update).add(fresh);
    }

    /**
     * One step of a cell of {@code mode} on the input projection {@code ih}.
     *
     * @return {h'} or, for LSTM, {h', c'}
     */
    static Tensor[] step(Mode mode, Tensor ih, Tensor h, Tensor c, Tensor wHh, Tensor bHh, Tensor wHr) {
        return switch (mode) {
            case RNN_TANH -> new Tensor[] {simpleCell(ih, h, wHh, bHh, false)};
            case RNN_RELU -> new Tensor[] {simpleCell(ih, h, wHh, bHh, true)};
            case LSTM -> lstmCell(ih, h, c, wHh, bHh, wHr);
            case GRU -> new Tensor[] {gruCell(ih, h, wHh, bHh)};
        };
    }

    /**
     * A whole layer stack on {@code x} {@code [T, B, in]} (time first), PyTorch's {@code apply_layer_stack}: each
     * layer's output (both directions concatenated on the last dimension) feeds the next, through dropout between
     * layers when training; the final states are stacked layer-major, forward direction first.
     *
     * @param weights per layer and direction ({@code layer * D + direction}): {w_ih, w_hh, b_ih or null, b_hh or
     *     null, w_hr (LSTM projection) or null}
     * @return {output [T, B, D * H], h_n [L * D, B, H], c_n (LSTM) or null}
     */
    static Tensor[] layers(Mode mode, Tensor x, Tensor h0, Tensor c0, Tensor[][] weights, int numLayers,
                           boolean bidirectional, double dropout, boolean training) {
        int directions = bidirectional ? 2 : 1;
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = x;
        for (int l = 0; l < numLayers; l++) {
            Tensor output = null;
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                Tensor[] r = direction(mode, layerInput, h0.select(0, k), c0 == null ? null : c0.select(0, k),
                        weights[k], d == 1);
                output = d == 0 ? r[0] : Tensor.cat(List.of(output, r[0]), r[0].dim() - 1);
                hs.add(r[1]);
                if (c0 != null) {
                    cs.add(r[2]);
                }
            }
            layerInput = output;
            if (dropout != 0 && training && l < numLayers - 1) {
                layerInput = Dropout.dropout(layerInput, dropout, true, false, Generator.defaultGenerator());
            }
        }
        return new Tensor[] {layerInput, Tensor.stack(hs, 0), c0 == null ? null : Tensor.stack(cs, 0)};
    }

    /** One direction of one layer: PyTorch's {@code FullLayer} (reversed: {@code ReversedFullLayer}). */
    private static Tensor[] direction(Mode mode, Tensor input, Tensor h0, Tensor c0, Tensor[] w, boolean reverse) {
        Tensor projected = Functional.linear(input, w[0], w[2]);
        int steps = projected.size(0);
        Tensor[] outputs = new Tensor[steps];
        Tensor h = h0;
        Tensor c = c0;
        for (int s = 0; s < steps; s++) {
            int t = reverse ? steps - 1 - s : s;
            Tensor[] next = step(mode, projected.select(0, t), h, c, w[1], w[3], w[4]);
            h = next[0];
            c = next.length > 1 ? next[1] : null;
            outputs[t] = h;
        }
        return new Tensor[] {Tensor.stack(Arrays.asList(outputs), 0), h, c};
    }

    /**
     * A whole layer stack on packed input, PyTorch's {@code apply_layer_stack} over {@code PackedLayer}s: {@code data}
     * {@code [sum(batch_sizes), in]} holds the steps one after the other; each direction walks the steps with the
     * batch shrinking (forward) or growing (reverse) as sequences end, so each sequence's final state is taken at its
     * own last step.
     *
     * @return {data of the last layer [sum(batch_sizes), D * H], h_n [L * D, B, H], c_n (LSTM) or null}
     */
    static Tensor[] packedLayers(Mode mode, Tensor data, long[] batchSizes, Tensor h0, Tensor c0, Tensor[][] weights,
                                 int numLayers, boolean bidirectional, double dropout, boolean training) {
        int directions = bidirectional ? 2 : 1;
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = data;
        for (int l = 0; l < numLayers; l++) {
            Tensor output = null;
            for (int d = 0; d < directions; d++) {
                int k = l * directions + d;
                Tensor h = h0.select(0, k);
                Tensor c = c0 == null ? null : c0.select(0, k);
                Tensor[] r = d == 0 ? packedForward(mode, layerInput, batchSizes, h, c, weights[k])
                        : packedReverse(mode, layerInput, batchSizes, h, c, weights[k]);
                output = d == 0 ? r[0] : Tensor.cat(List.of(output, r[0]), -1);
                hs.add(r[1]);
                if (c0 != null) {
                    cs.add(r[2]);
                }
            }
            layerInput = output;
            if (dropout != 0 && training && l < numLayers - 1) {
                layerInput = Dropout.dropout(layerInput, dropout, true, false, Generator.defaultGenerator());
            }
        }
        return new Tensor[] {layerInput, Tensor.stack(hs, 0), c0 == null ? null : Tensor.stack(cs, 0)};
    }

    /**
     * PyTorch's {@code PackedLayer}: when the batch shrinks, the states of the sequences that ended are set aside;
     * the final states are those, last first, under the longest ones'.
     */
    private static Tensor[] packedForward(Mode mode, Tensor data, long[] batchSizes, Tensor h0, Tensor c0, Tensor[] w) {
        Tensor projected = Functional.linear(data, w[0], w[2]);
        List<Tensor> outputs = new ArrayList<>();
        List<Tensor> hiddens = new ArrayList<>();
        List<Tensor> cells = new ArrayList<>();
        Tensor h = h0;
        Tensor c = c0;
        int offset = 0;
        int last = (int) batchSizes[0];
        for (long size : batchSizes) {
            int b = (int) size;
            Tensor in = projected.narrow(0, offset, b);
            offset += b;
            int dec = last - b;
            if (dec > 0) {
                hiddens.add(h.narrow(0, b, dec));
                h = h.narrow(0, 0, b);
                if (c != null) {
                    cells.add(c.narrow(0, b, dec));
                    c = c.narrow(0, 0, b);
                }
            }
            last = b;
            Tensor[] next = step(mode, in, h, c, w[1], w[3], w[4]);
            h = next[0];
            c = next.length > 1 ? next[1] : null;
            outputs.add(h);
        }
        hiddens.add(h);
        java.util.Collections.reverse(hiddens);
        Tensor hN = hiddens.size() == 1 ? hiddens.get(0) : Tensor.cat(hiddens, 0);
        Tensor cN = null;
        if (c != null) {
            cells.add(c);
            java.util.Collections.reverse(cells);
            cN = cells.size() == 1 ? cells.get(0) : Tensor.cat(cells, 0);
        }
        return new Tensor[] {Tensor.cat(outputs, 0), hN, cN};
    }

    /**
     * PyTorch's {@code ReversedPackedLayer}: from the last step back, starting with the initial states of the
     * sequences still running there and adding the others' initial states as the batch grows.
     */
    private static Tensor[] packedReverse(Mode mode, Tensor data, long[] batchSizes, Tensor h0, Tensor c0, Tensor[] w) {
        Tensor projected = Functional.linear(data, w[0], w[2]);
        int steps = batchSizes.length;
        Tensor[] outputs = new Tensor[steps];
        int offset = projected.size(0);
        int last = (int) batchSizes[steps - 1];
        Tensor h = h0.narrow(0, 0, last);
        Tensor c = c0 == null ? null : c0.narrow(0, 0, last);
        for (int i = steps - 1; i >= 0; i--) {
            int b = (int) batchSizes[i];
            int inc = b - last;
            if (inc > 0) {
                h = Tensor.cat(List.of(h, h0.narrow(0, last, inc)), 0);
                if (c != null) {
                    c = Tensor.cat(List.of(c, c0.narrow(0, last, inc)), 0);
                }
            }
            Tensor in = projected.narrow(0, offset - b, b);
            offset -= b;
            last = b;
            Tensor[] next = step(mode, in, h, c, w[1], w[3], w[4]);
            h = next[0];
            c = next.length > 1 ? next[1] : null;
            outputs[i] = h;
        }
        return new Tensor[] {Tensor.cat(Arrays.asList(outputs), 0), h, c};
    }
}
