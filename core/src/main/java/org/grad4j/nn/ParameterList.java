package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.grad4j.Tensor;

/**
 * Parameters held in a list, PyTorch's {@code nn.ParameterList}: registered as {@code 0}, {@code 1}, ... (so they
 * appear in {@link #parameters()} and the state dict under those names); each becomes a parameter (requires grad).
 * It has no {@code forward}.
 */
public final class ParameterList extends Module implements Iterable<Tensor> {
    private final List<Tensor> items = new ArrayList<>();

    /**
     * A list of {@code parameters}.
     *
     * @param parameters leaf tensors, registered in order
     */
    public ParameterList(Tensor... parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("ParameterList: parameters must not be null");
        }
        for (Tensor p : parameters) {
            append(p);
        }
    }

    /**
     * Appends a parameter, named by its position.
     *
     * @param parameter a leaf tensor; it now requires grad
     * @return this list
     */
    public ParameterList append(Tensor parameter) {
        items.add(registerParameter(Integer.toString(items.size()), parameter));
        return this;
    }

    /**
     * Appends every parameter of {@code parameters}, in order.
     *
     * @param parameters leaf tensors
     * @return this list
     */
    public ParameterList extend(Iterable<Tensor> parameters) {
        if (parameters == null) {
            throw new IllegalArgumentException("ParameterList.extend: expected parameters, got null");
        }
        for (Tensor p : parameters) {
            append(p);
        }
        return this;
    }

    /**
     * The parameter at {@code index}.
     *
     * @param index from 0; negative counts from the end
     * @return the parameter itself
     */
    public Tensor get(int index) {
        int n = items.size();
        if (index < -n || index >= n) {
            throw new IndexOutOfBoundsException("ParameterList.get: index " + index + " is out of range for a "
                    + "ParameterList of " + n + " parameter(s)");
        }
        return items.get(index < 0 ? index + n : index);
    }

    /**
     * The number of parameters.
     *
     * @return the size
     */
    public int size() {
        return items.size();
    }

    @Override
    public Iterator<Tensor> iterator() {
        return java.util.Collections.unmodifiableList(items).iterator();
    }

    /** A container has no forward of its own, as in PyTorch. */
    @Override
    public Tensor forward(Tensor input) {
        throw new UnsupportedOperationException("Module [ParameterList] is missing the required \"forward\" function");
    }

    /** PyTorch's repr: one {@code (i): Parameter containing: [torch.float32 of size 2x3]} line per parameter. */
    @Override
    public String toString() {
        if (items.isEmpty()) {
            return "ParameterList()";
        }
        StringBuilder sb = new StringBuilder("ParameterList(");
        for (int i = 0; i < items.size(); i++) {
            sb.append("\n    (").append(i).append("): ").append(describe(items.get(i), false));
        }
        return sb.append("\n)").toString();
    }

    /** PyTorch's line for one parameter: {@code Parameter containing: [torch.float32 of size 2x3]}. */
    static String describe(Tensor p, boolean typeName) {
        StringBuilder size = new StringBuilder();
        for (int d : p.shape()) {
            size.append(size.length() == 0 ? "" : "x").append(d);
        }
        boolean cuda = p.device().type().equals("cuda");
        String type = typeName ? "torch." + (cuda ? "cuda." : "") + switch (p.dtype()) {
            case FLOAT32 -> "FloatTensor";
            case FLOAT64 -> "DoubleTensor";
            case INT64 -> "LongTensor";
            case INT32 -> "IntTensor";
            case UINT8 -> "ByteTensor";
            default -> "BoolTensor";
        } : p.dtype().torchName();
        return "Parameter containing: [" + type + " of size " + size + (cuda ? " (GPU " + p.device().index() + ")" : "")
                + "]";
    }
}
