package org.grad4j.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.grad4j.Tensor;

/**
 * PyTorch 1.13's {@code torch.autograd.functional}: {@link #jacobian}, {@link #hessian}, {@link #vjp}, {@link #jvp},
 * {@link #vhp} and {@link #hvp} of a user function, computed with reverse mode as 1.13's Python code does (one
 * backward pass per output element for the Jacobian; {@code jvp} and {@code hvp} by the double-backward trick).
 *
 * <p>The Java shape of PyTorch's tuples: the general forms take a {@code Function<Tensor[], Tensor[]>} (or, for the
 * Hessian family, a {@code Function<Tensor[], Tensor>}) and an array of inputs, and behave as PyTorch with tuple
 * inputs and outputs: {@code jacobian(...)[i][j]} is {@code d outputs[i] / d inputs[j]}, of shape
 * {@code outputs[i].shape + inputs[j].shape}. The one-tensor overloads behave as PyTorch with a plain tensor input
 * and output (so {@code jacobian} of {@code f: R^{a,b} -> R^{c}} is one tensor of shape {@code [c, a, b]}).
 *
 * <p>{@code vectorize} is accepted for PyTorch's signature and ignored: 1.13's vectorized path (vmap) gives the same
 * values, so the results are those of {@code vectorize=False}. Errors PyTorch raises as {@code RuntimeError} are
 * {@link IllegalArgumentException}s for a bad argument ({@code v}'s shapes, a function returning the wrong kind)
 * and {@link IllegalStateException}s for {@code strict}'s independence checks, with PyTorch's message.
 */
public final class AutogradFunctional {
    private AutogradFunctional() {
    }

    /**
     * What {@code vjp}, {@code jvp}, {@code vhp} and {@code hvp} return: the function's outputs and the product.
     *
     * @param outputs the function's outputs (detached unless {@code createGraph})
     * @param products the product, one tensor per input ({@code vjp}, {@code vhp}, {@code hvp}) or per output ({@code jvp})
     */
    public record Result(Tensor[] outputs, Tensor[] products) {
        /**
         * The first output, the whole output of a one-tensor function.
         *
         * @return {@code outputs()[0]}
         */
        public Tensor output() {
            return outputs[0];
        }

        /**
         * The first product, the whole product for one input (or one output for {@code jvp}).
         *
         * @return {@code products()[0]}
         */
        public Tensor product() {
            return products[0];
        }
    }

    // ------------------------------------------------------------------------------------------ vjp and jvp

    /**
     * {@code torch.autograd.functional.vjp(func, inputs, v, create_graph, strict)} with tuple inputs and outputs.
     *
     * @param fn the function, from the inputs to its outputs
     * @param inputs the point, floating-point tensors
     * @param v one tensor per output, of its shape; null when the function returns a single one-element tensor
     * @param createGraph whether the results carry a graph (for higher derivatives)
     * @param strict whether an output independent of an input is an error rather than zeros
     * @return the outputs and {@code v^T J}, one tensor per input
     */
    public static Result vjp(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, Tensor[] v, boolean createGraph,
                             boolean strict) {
        return vjp("vjp", fn, checkInputs("vjp", inputs), v, createGraph, strict, true);
    }

    /**
     * {@code torch.autograd.functional.vjp(func, input, v)} for one tensor in and out.
     *
     * @param fn the function
     * @param input the point
     * @param v a tensor of the output's shape; null when the output has one element
     * @return the output and {@code v^T J}, of the input's shape
     */
    public static Result vjp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        return vjp("vjp", unary("vjp", fn), checkInputs("vjp", new Tensor[] {input}), v == null ? null : new Tensor[] {v},
                false, false, false);
    }

    /**
     * {@code torch.autograd.functional.jvp(func, inputs, v, create_graph, strict)} with tuple inputs and outputs,
     * by 1.13's double-backward trick.
     *
     * @param fn the function, from the inputs to its outputs
     * @param inputs the point, floating-point tensors
     * @param v one tensor per input, of its shape; null when there is one one-element input
     * @param createGraph whether the results carry a graph
     * @param strict whether an output independent of an input is an error rather than zeros
     * @return the outputs and {@code J v}, one tensor per output
     */
    public static Result jvp(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, Tensor[] v, boolean createGraph,
                             boolean strict) {
        return jvp(fn, checkInputs("jvp", inputs), v, createGraph, strict, true);
    }

    /**
     * {@code torch.autograd.functional.jvp(func, input, v)} for one tensor in and out.
     *
     * @param fn the function
     * @param input the point
     * @param v a tensor of the input's shape; null when the input has one element
     * @return the output and {@code J v}, of the output's shape
     */
    public static Result jvp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        return jvp(unary("jvp", fn), checkInputs("jvp", new Tensor[] {input}), v == null ? null : new Tensor[] {v},
                false, false, false);
    }

    private static Result vjp(String op, Function<Tensor[], Tensor[]> fn, Tensor[] given, Tensor[] v,
                              boolean createGraph, boolean strict, boolean tuple) {
        boolean outer = createGraph || GradMode.isEnabled();
        Tensor[] vs = v == null ? null : checkV(op, v);
        Tensor[] inputs;
        Tensor[] outputs;
        Tensor[] grads;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            inputs = preprocess(given, createGraph, true);
            outputs = call(op, fn, inputs);
            checkRequiresGrad(outputs, Kind.OUTPUTS, strict);
            if (vs != null) {
                vs = preprocess(vs, createGraph, false);
                validateV(vs, outputs, tuple);
            } else if (outputs.length != 1 || outputs[0].numel() != 1) {
                throw new IllegalArgumentException(op + ": The vector v can only be None if the user-provided function "
                        + "returns a single Tensor with a single element.");
            }
            try (GradMode.Scope mode = mode(outer)) {
                grads = fillInZeros(grad(outputs, inputs, vs, createGraph, createGraph), inputs, strict, createGraph,
                        Stage.BACK);
            }
        }
        return new Result(postprocess(outputs, createGraph), postprocess(grads, createGraph));
    }

    private static Result jvp(Function<Tensor[], Tensor[]> fn, Tensor[] given, Tensor[] v, boolean createGraph,
                              boolean strict, boolean tuple) {
        boolean outer = createGraph || GradMode.isEnabled();
        Tensor[] vs = v == null ? null : checkV("jvp", v);
        Tensor[] outputs;
        Tensor[] products;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor[] inputs = preprocess(given, createGraph, true);
            if (vs != null) {
                vs = preprocess(vs, createGraph, false);
                validateV(vs, inputs, tuple);
            } else if (inputs.length != 1 || inputs[0].numel() != 1) {
                throw new IllegalArgumentException("jvp: The vector v can only be None if the input to the "
                        + "user-provided function is a single Tensor with a single element.");
            }
            outputs = call("jvp", fn, inputs);
            checkRequiresGrad(outputs, Kind.OUTPUTS, strict);
            // The backward is linear in grad_outputs: zeros (differentiable) serve, as in 1.13.
            Tensor[] gradOutputs = new Tensor[outputs.length];
            for (int i = 0; i < outputs.length; i++) {
                gradOutputs[i] = Tensor.zerosLike(outputs[i]).requiresGrad_(true);
            }
            Tensor[] gradInputs = grad(outputs, inputs, gradOutputs, true, true);
            checkRequiresGrad(gradInputs, Kind.GRAD_INPUTS, strict);
            try (GradMode.Scope mode = mode(outer)) {
                products = fillInZeros(grad(gradInputs, gradOutputs, vs, createGraph, createGraph), outputs, strict,
                        createGraph, Stage.BACK_TRICK);
            }
        }
        return new Result(postprocess(outputs, createGraph), postprocess(products, createGraph));
    }

    // ------------------------------------------------------------------------------------------ jacobian and hessian

    /**
     * {@code torch.autograd.functional.jacobian(func, inputs, create_graph, strict, vectorize)} with tuple inputs and
     * outputs (reverse mode, one backward pass per output element).
     *
     * @param fn the function, from the inputs to its outputs
     * @param inputs the point, floating-point tensors
     * @param createGraph whether the Jacobian carries a graph
     * @param strict whether an output independent of an input is an error rather than zeros
     * @param vectorize accepted and ignored (same values)
     * @return {@code [i][j]}: d outputs[i] / d inputs[j], of shape {@code outputs[i].shape + inputs[j].shape}
     */
    public static Tensor[][] jacobian(Function<Tensor[], Tensor[]> fn, Tensor[] inputs, boolean createGraph,
                                      boolean strict, boolean vectorize) {
        return jacobian("jacobian", fn, checkInputs("jacobian", inputs), createGraph, strict);
    }

    /**
     * {@code torch.autograd.functional.jacobian(func, input)} for one tensor in and out.
     *
     * @param fn the function
     * @param input the point
     * @return the Jacobian, of shape {@code output.shape + input.shape}
     */
    public static Tensor jacobian(UnaryOperator<Tensor> fn, Tensor input) {
        return jacobian("jacobian", unary("jacobian", fn), checkInputs("jacobian", new Tensor[] {input}), false,
                false)[0][0];
    }

    private static Tensor[][] jacobian(String op, Function<Tensor[], Tensor[]> fn, Tensor[] given, boolean createGraph,
                                       boolean strict) {
        Tensor[][] jac;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor[] inputs = preprocess(given, createGraph, true);
            Tensor[] outputs = call(op, fn, inputs);
            checkRequiresGrad(outputs, Kind.OUTPUTS, strict);
            jac = new Tensor[outputs.length][inputs.length];
            for (int i = 0; i < outputs.length; i++) {
                Tensor out = outputs[i];
                List<List<Tensor>> rows = new ArrayList<>();
                for (int k = 0; k < inputs.length; k++) {
                    rows.add(new ArrayList<>());
                }
                if (out.numel() == 0) {   // 1.13's torch.stack of no rows
                    throw new IllegalArgumentException(op + ": output " + i + " of the user-provided function has no "
                            + "elements (shape " + Arrays.toString(out.shape()) + "): stack expects a non-empty TensorList");
                }
                Tensor flat = out.reshape(-1);
                for (int j = 0; j < out.numel(); j++) {
                    Tensor[] vj = grad(new Tensor[] {flat.select(0, j)}, inputs, null, true, createGraph);
                    for (int k = 0; k < inputs.length; k++) {
                        if (vj[k] != null) {
                            if (strict && createGraph && !vj[k].requiresGrad()) {
                                throw new IllegalStateException(op + ": The jacobian of the user-provided function is "
                                        + "independent of input " + i + ". This is not allowed in strict mode when "
                                        + "create_graph=True.");
                            }
                            rows.get(k).add(vj[k]);
                        } else {
                            if (strict) {
                                throw new IllegalStateException(op + ": Output " + i + " of the user-provided function "
                                        + "is independent of input " + k + ". This is not allowed in strict mode.");
                            }
                            rows.get(k).add(Tensor.zerosLike(inputs[k]));
                        }
                    }
                }
                for (int k = 0; k < inputs.length; k++) {
                    int[] shape = concat(out.shape(), inputs[k].shape());
                    Tensor stacked = Tensor.stack(rows.get(k), 0).view(shape);
                    jac[i][k] = createGraph ? stacked : stacked.detach();
                }
            }
        }
        return jac;
    }

    /**
     * {@code torch.autograd.functional.hessian(func, inputs, create_graph, strict, vectorize)} with tuple inputs: the
     * Jacobian of the Jacobian, reverse over reverse.
     *
     * @param fn the function, from the inputs to a one-element tensor
     * @param inputs the point, floating-point tensors
     * @param createGraph whether the Hessian carries a graph
     * @param strict whether independence is an error rather than zeros
     * @param vectorize accepted and ignored (same values)
     * @return {@code [i][j]}: d^2 f / d inputs[i] d inputs[j], of shape {@code inputs[i].shape + inputs[j].shape}
     */
    public static Tensor[][] hessian(Function<Tensor[], Tensor> fn, Tensor[] inputs, boolean createGraph, boolean strict,
                                     boolean vectorize) {
        return hessian(fn, checkInputs("hessian", inputs), createGraph, strict);
    }

    /**
     * {@code torch.autograd.functional.hessian(func, input)} for one tensor.
     *
     * @param fn the function, to a one-element tensor
     * @param input the point
     * @return the Hessian, of shape {@code input.shape + input.shape}
     */
    public static Tensor hessian(UnaryOperator<Tensor> fn, Tensor input) {
        if (fn == null) {
            throw new IllegalArgumentException("hessian: the function is null");
        }
        return hessian(in -> fn.apply(in[0]), checkInputs("hessian", new Tensor[] {input}), false, false)[0][0];
    }

    private static Tensor[][] hessian(Function<Tensor[], Tensor> fn, Tensor[] inputs, boolean createGraph,
                                      boolean strict) {
        if (fn == null) {
            throw new IllegalArgumentException("hessian: the function is null");
        }
        Function<Tensor[], Tensor[]> jacFunc = inp -> {
            Function<Tensor[], Tensor[]> single = in -> new Tensor[] {singleOutput("hessian", fn, in, strict).squeeze()};
            Tensor[][] jac = jacobian("hessian", single, inp, true, false);
            checkRequiresGrad(jac[0], Kind.JACOBIAN, strict);
            return jac[0];
        };
        return jacobian("hessian", jacFunc, inputs, createGraph, strict);
    }

    // ------------------------------------------------------------------------------------------ vhp and hvp

    /**
     * {@code torch.autograd.functional.vhp(func, inputs, v, create_graph, strict)} with tuple inputs: {@code v^T H}.
     *
     * @param fn the function, from the inputs to a one-element tensor
     * @param inputs the point, floating-point tensors
     * @param v one tensor per input, of its shape; null when there is one one-element input
     * @param createGraph whether the results carry a graph
     * @param strict whether independence is an error rather than zeros
     * @return the output and {@code v^T H}, one tensor per input
     */
    public static Result vhp(Function<Tensor[], Tensor> fn, Tensor[] inputs, Tensor[] v, boolean createGraph,
                             boolean strict) {
        return hessianProduct("vhp", fn, checkInputs("vhp", inputs), v, createGraph, strict, true);
    }

    /**
     * {@code torch.autograd.functional.vhp(func, input, v)} for one tensor.
     *
     * @param fn the function, to a one-element tensor
     * @param input the point
     * @param v a tensor of the input's shape; null when the input has one element
     * @return the output and {@code v^T H}, of the input's shape
     */
    public static Result vhp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        return hessianProduct("vhp", unaryScalar("vhp", fn), checkInputs("vhp", new Tensor[] {input}),
                v == null ? null : new Tensor[] {v}, false, false, false);
    }

    /**
     * {@code torch.autograd.functional.hvp(func, inputs, v, create_graph, strict)} with tuple inputs: {@code H v}, by
     * 1.13's double-backward trick.
     *
     * @param fn the function, from the inputs to a one-element tensor
     * @param inputs the point, floating-point tensors
     * @param v one tensor per input, of its shape; null when there is one one-element input
     * @param createGraph whether the results carry a graph
     * @param strict whether independence is an error rather than zeros
     * @return the output and {@code H v}, one tensor per input
     */
    public static Result hvp(Function<Tensor[], Tensor> fn, Tensor[] inputs, Tensor[] v, boolean createGraph,
                             boolean strict) {
        return hessianProduct("hvp", fn, checkInputs("hvp", inputs), v, createGraph, strict, true);
    }

    /**
     * {@code torch.autograd.functional.hvp(func, input, v)} for one tensor.
     *
     * @param fn the function, to a one-element tensor
     * @param input the point
     * @param v a tensor of the input's shape; null when the input has one element
     * @return the output and {@code H v}, of the input's shape
     */
    public static Result hvp(UnaryOperator<Tensor> fn, Tensor input, Tensor v) {
        return hessianProduct("hvp", unaryScalar("hvp", fn), checkInputs("hvp", new Tensor[] {input}),
                v == null ? null : new Tensor[] {v}, false, false, false);
    }

    private static Result hessianProduct(String op, Function<Tensor[], Tensor> fn, Tensor[] given, Tensor[] v,
                                         boolean createGraph, boolean strict, boolean tuple) {
        boolean outer = createGraph || GradMode.isEnabled();
        if (fn == null) {
            throw new IllegalArgumentException(op + ": the function is null");
        }
        Tensor[] vs = v == null ? null : checkV(op, v);
        Tensor output;
        Tensor[] products;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            Tensor[] inputs = preprocess(given, createGraph, true);
            if (vs != null) {
                vs = preprocess(vs, createGraph, false);
                validateV(vs, inputs, tuple);
            } else if (inputs.length != 1 || inputs[0].numel() != 1) {
                throw new IllegalArgumentException(op + ": The vector v can only be None if the input to the "
                        + "user-provided function is a single Tensor with a single element.");
            }
            output = singleOutput(op, fn, inputs, strict);
            Tensor[] jac = grad(new Tensor[] {output}, inputs, null, true, true);
            checkRequiresGrad(jac, Kind.JACOBIAN, strict);
            try (GradMode.Scope mode = mode(outer)) {
                if (op.equals("vhp")) {
                    products = fillInZeros(grad(jac, inputs, vs, createGraph, createGraph), inputs, strict, createGraph,
                            Stage.DOUBLE_BACK);
                } else {
                    Tensor[] gradJac = new Tensor[inputs.length];
                    for (int i = 0; i < inputs.length; i++) {
                        gradJac[i] = Tensor.zerosLike(inputs[i]).requiresGrad_(true);
                    }
                    Tensor[] doubleBack;
                    try (GradMode.Scope graph = GradMode.enableGrad()) {
                        doubleBack = grad(jac, inputs, gradJac, true, true);
                        checkRequiresGrad(jac, Kind.HESSIAN, strict);
                    }
                    products = fillInZeros(grad(doubleBack, gradJac, vs, createGraph, createGraph), inputs, strict,
                            createGraph, Stage.DOUBLE_BACK_TRICK);
                }
            }
        }
        return new Result(postprocess(new Tensor[] {output}, createGraph), postprocess(products, createGraph));
    }

    // ------------------------------------------------------------------------------------------ 1.13's helpers

    private enum Kind { OUTPUTS, GRAD_INPUTS, JACOBIAN, HESSIAN }

    private enum Stage { BACK, BACK_TRICK, DOUBLE_BACK, DOUBLE_BACK_TRICK }

    /** The grad mode of 1.13's last pass: on with create_graph, else the caller's. */
    private static GradMode.Scope mode(boolean enabled) {
        return enabled ? GradMode.enableGrad() : GradMode.noGrad();
    }

    private static Tensor[] checkInputs(String op, Tensor[] inputs) {
        if (inputs == null || inputs.length == 0) {
            throw new IllegalArgumentException(op + ": expected at least one input tensor, got "
                    + (inputs == null ? "null" : "none"));
        }
        for (int i = 0; i < inputs.length; i++) {
            Tensor t = inputs[i];
            if (t == null) {
                throw new IllegalArgumentException(op + ": input " + i + " is null");
            }
            if (!t.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(op + ": input " + i + " is " + t.dtype() + " of shape "
                        + Arrays.toString(t.shape()) + "; only floating point tensors can be differentiated");
            }
        }
        return inputs.clone();
    }

    private static Tensor[] checkV(String op, Tensor[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] == null) {
                throw new IllegalArgumentException(op + ": v[" + i + "] is null");
            }
        }
        return v.clone();
    }

    private static Function<Tensor[], Tensor[]> unary(String op, UnaryOperator<Tensor> fn) {
        if (fn == null) {
            throw new IllegalArgumentException(op + ": the function is null");
        }
        return in -> new Tensor[] {fn.apply(in[0])};
    }

    private static Function<Tensor[], Tensor> unaryScalar(String op, UnaryOperator<Tensor> fn) {
        if (fn == null) {
            throw new IllegalArgumentException(op + ": the function is null");
        }
        return in -> fn.apply(in[0]);
    }

    /** Calls the user's function, checking what it returns (its generic type is erased: check the kind too). */
    private static Tensor[] call(String op, Function<Tensor[], Tensor[]> fn, Tensor[] inputs) {
        if (fn == null) {
            throw new IllegalArgumentException(op + ": the function is null");
        }
        Object result = applyRaw(fn, inputs);
        if (!(result instanceof Tensor[] outputs) || outputs.length == 0) {
            throw new IllegalArgumentException(op + ": the user-provided function must return a non-empty Tensor[], got "
                    + describe(result));
        }
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] == null) {
                throw new IllegalArgumentException(op + ": output " + i + " of the user-provided function is null");
            }
        }
        return outputs.clone();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object applyRaw(Function fn, Object argument) {
        return fn.apply(argument);
    }

    private static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        return o instanceof Tensor[] a ? "an empty Tensor[]" : o.getClass().getSimpleName();
    }

    /** hessian's, vhp's and hvp's check: one tensor of one element. */
    private static Tensor singleOutput(String op, Function<Tensor[], Tensor> fn, Tensor[] inputs, boolean strict) {
        Object result = applyRaw(fn, inputs);
        if (!(result instanceof Tensor out)) {
            throw new IllegalArgumentException(op + ": The function given to " + op + " should return a single Tensor"
                    + " (got " + describe(result) + ")");
        }
        checkRequiresGrad(new Tensor[] {out}, Kind.OUTPUTS, strict);
        if (out.numel() != 1) {
            throw new IllegalArgumentException(op + ": The Tensor returned by the function given to " + op
                    + " should contain a single element (got shape " + Arrays.toString(out.shape()) + ")");
        }
        return out;
    }

    /** 1.13's _grad_preprocess: a differentiable alias when the graph is kept, else a detached leaf. */
    private static Tensor[] preprocess(Tensor[] tensors, boolean createGraph, boolean needGraph) {
        Tensor[] res = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            Tensor t = tensors[i];
            res[i] = createGraph && t.requiresGrad() ? t.viewAs(t)
                    : needGraph ? t.detach().requiresGrad_(true) : t.detach();
        }
        return res;
    }

    private static Tensor[] postprocess(Tensor[] tensors, boolean createGraph) {
        if (createGraph) {
            return tensors;
        }
        Tensor[] res = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            res[i] = tensors[i].detach();
        }
        return res;
    }

    private static void validateV(Tensor[] v, Tensor[] other, boolean tuple) {
        if (v.length != other.length) {
            throw new IllegalArgumentException(tuple
                    ? "v is a tuple of invalid length: should be " + other.length + " but got " + v.length + "."
                    : "The given v should contain a single Tensor.");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Arrays.equals(v[i].shape(), other[i].shape())) {
                throw new IllegalArgumentException((tuple ? "Entry " + i + " in " : "") + "v has invalid size: should be "
                        + other[i].size() + " but got " + v[i].size() + ".");
            }
            if (v[i].dtype() != other[i].dtype() || !v[i].device().equals(other[i].device())) {
                throw new IllegalArgumentException((tuple ? "Entry " + i + " in " : "") + "v is " + v[i].dtype() + " on "
                        + v[i].device() + " but should be " + other[i].dtype() + " on " + other[i].device() + ".");
            }
        }
    }

    private static void checkRequiresGrad(Tensor[] tensors, Kind kind, boolean strict) {
        if (!strict) {
            return;
        }
        for (int i = 0; i < tensors.length; i++) {
            if (tensors[i] == null) {
                throw new IllegalStateException("The output of the user-provided function is independent of input " + i
                        + ". This is not allowed in strict mode.");
            }
            if (!tensors[i].requiresGrad()) {
                throw new IllegalStateException(switch (kind) {
                    case HESSIAN -> "The hessian of the user-provided function with respect to input " + i
                            + " is independent of the input. This is not allowed in strict mode. You should ensure that "
                            + "your function is thrice differentiable and that the hessian depends on the inputs.";
                    case JACOBIAN -> "While computing the hessian, found that the jacobian of the user-provided function "
                            + "with respect to input " + i + " is independent of the input. This is not allowed in strict "
                            + "mode. You should ensure that your function is twice differentiable and that the jacobian "
                            + "depends on the inputs (this would be violated by a linear function for example).";
                    case GRAD_INPUTS -> "The gradient with respect to input " + i + " is independent of the inputs of "
                            + "the user-provided function. This is not allowed in strict mode.";
                    case OUTPUTS -> "Output " + i + " of the user-provided function does not require gradients. The "
                            + "outputs must be computed in a differentiable manner from the input when running in "
                            + "strict mode.";
                });
            }
        }
    }

    private static Tensor[] fillInZeros(Tensor[] grads, Tensor[] refs, boolean strict, boolean createGraph, Stage stage) {
        Tensor[] res = new Tensor[grads.length];
        for (int i = 0; i < grads.length; i++) {
            Tensor g = grads[i];
            if (g == null) {
                if (strict) {
                    throw new IllegalStateException(switch (stage) {
                        case BACK -> "The output of the user-provided function is independent of input " + i
                                + ". This is not allowed in strict mode.";
                        case BACK_TRICK -> "The gradient with respect to the input is independent of entry " + i
                                + " in the grad_outputs when using the double backward trick to compute forward mode "
                                + "gradients. This is not allowed in strict mode.";
                        case DOUBLE_BACK -> "The jacobian of the user-provided function is independent of input " + i
                                + ". This is not allowed in strict mode.";
                        case DOUBLE_BACK_TRICK -> "The hessian of the user-provided function is independent of entry "
                                + i + " in the grad_jacobian. This is not allowed in strict mode as it prevents from "
                                + "using the double backward trick to replace forward mode AD.";
                    });
                }
                g = Tensor.zerosLike(refs[i]);
            } else if (strict && createGraph && !g.requiresGrad()) {
                throw new IllegalStateException((stage == Stage.BACK || stage == Stage.BACK_TRICK
                        ? "The jacobian" : "The hessian") + " of the user-provided function is independent of input "
                        + i + ". This is not allowed in strict mode when create_graph=True.");
            }
            res[i] = g;
        }
        return res;
    }

    /**
     * 1.13's _autograd_grad: torch.autograd.grad over the outputs that require grad, with allow_unused; none
     * reaching gives nulls. Several outputs become one root, the sum of (output * v).sum(): each output then
     * receives exactly its v (1 * v), as PyTorch's multi-root pass hands it.
     */
    private static Tensor[] grad(Tensor[] outputs, Tensor[] inputs, Tensor[] gradOutputs, boolean retainGraph,
                                 boolean createGraph) {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] != null && outputs[i].requiresGrad()) {
                live.add(i);
            }
        }
        if (live.isEmpty()) {
            return new Tensor[inputs.length];
        }
        List<Tensor> in = Arrays.asList(inputs);
        if (live.size() == 1) {
            int i = live.get(0);
            return Autograd.grad(outputs[i], in, gradOutputs == null ? null : gradOutputs[i], retainGraph, createGraph,
                    true);
        }
        Tensor root = null;
        try (GradMode.Scope on = GradMode.enableGrad()) {
            for (int i : live) {
                Tensor term = gradOutputs == null ? outputs[i].sum() : outputs[i].mul(gradOutputs[i]).sum();
                root = root == null ? term : root.add(term);
            }
        }
        return Autograd.grad(root, in, null, retainGraph, createGraph, true);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
