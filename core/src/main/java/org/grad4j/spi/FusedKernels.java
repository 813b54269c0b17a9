package org.grad4j.spi;

/**
 * Optional fused kernels: one pass where the primitives would take several. None is required; a
 * backend offers the ones it has through {@link Backend#fused()}, and core falls back to the
 * primitives when a method returns false. Each kernel must give exactly the bits of the primitive
 * sequence it replaces (its javadoc names that sequence), so fusing never changes a result, unless
 * its javadoc states an error bound instead (softmax: a faster {@code exp}, as PyTorch's).
 *
 * <p>Every method returns false by default, so adding a kernel here breaks no backend.
 */
public interface FusedKernels {
    /** The backend without fused kernels. */
    FusedKernels NONE = new FusedKernels() {
    };

    /**
     * The sum of the squares of all elements of {@code in}, into element 0 of {@code out}: MSE
     * loss's reduction. The bits of squaring into a tensor of {@code in}'s dtype (each square
     * rounded) and then {@link ReduceOp#SUM} over every axis. Returns false, leaving {@code out} as
     * it was, where this backend does not fuse it (for these operands).
     *
     * @param shape the shape of {@code in}
     * @param in the operand, laid out over {@code shape}
     * @param out the destination, of {@code in}'s dtype, at least one element
     * @return whether the sum was written
     */
    default boolean sumOfSquares(int[] shape, Strided in, Buffer out) {
        return false;
    }

    /**
     * {@code mse_loss} with a MEAN or SUM reduction, into element 0 of {@code out}: the bits of
     * {@link BinaryOp#SUB}{@code (a, b)} into a tensor of their dtype, then {@link #sumOfSquares} of
     * that difference, then {@link BinaryOp#DIV} by {@code divisor} (rounded to the dtype; 1 for SUM).
     * No difference tensor is kept: the backward ({@link #mseLossBackward}) recomputes it, as
     * PyTorch's does. Returns false, leaving {@code out} as it was, where this backend does not fuse it.
     *
     * @param shape the shape of both operands
     * @param a the input, laid out over {@code shape}
     * @param b the target, of {@code a}'s dtype, laid out over {@code shape}
     * @param divisor the element count for MEAN, 1 for SUM
     * @param out the destination, of {@code a}'s dtype, at least one element
     * @return whether the loss was written
     */
    default boolean mseLoss(int[] shape, Strided a, Strided b, double divisor, Buffer out) {
        return false;
    }

    /**
     * The gradient of {@code mse_loss} with respect to its input, PyTorch's {@code mse_backward}:
     * the bits of {@code MUL(MUL(SUB(a, b), norm), grad)} with {@code norm} rounded to the dtype,
     * each step rounded to it, in that order. Returns false, leaving {@code out} as it was, where this
     * backend does not fuse it (for these operands).
     *
     * @param shape the shape of every operand
     * @param a the input, laid out over {@code shape}
     * @param b the target, of {@code a}'s dtype, laid out over {@code shape}
     * @param norm {@code 2 / N} for MEAN, 2 for SUM
     * @param grad the upstream gradient, of {@code a}'s dtype, broadcast to {@code shape} (zero strides
     *     for a 0-d gradient)
     * @param out the destination, of {@code a}'s dtype, written whole
     * @return whether {@code out} was written
     */
    default boolean mseLossBackward(int[] shape, Strided a, Strided b, double norm, Strided grad, Strided out) {
        return false;
    }

    /**
     * One Adam or AdamW update of one parameter in place, PyTorch 1.13's {@code _single_tensor_adam(w)}
     * for one tensor. The bits of this primitive sequence, elementwise in the parameter's dtype, each
     * scalar rounded to that dtype before use ({@code g} a temporary; {@code s} below is
     * {@code maxExpAvgSq} when it is not null, else {@code expAvgSq}):
     * <pre>
     * g = maximize ? {@link UnaryOp#NEG}(grad) : grad
     * decoupled:             param = {@link BinaryOp#MUL}(param, 1 - lr*weightDecay)      (binaryScalar)
     * else weightDecay != 0: g = fma(weightDecay, param, g)                  ({@code axpy} into a copy of g)
     * expAvg = MUL(expAvg, beta1);  expAvg = fma(1 - beta1, g, expAvg)           (binaryScalar, axpy)
     * expAvgSq = MUL(expAvgSq, beta2);  expAvgSq = fma(MUL(g, 1 - beta2), g, expAvgSq)  (binaryScalar, fma)
     * maxExpAvgSq = {@link BinaryOp#MAXIMUM}(maxExpAvgSq, expAvgSq)            (amsgrad only)
     * denom = ADD(DIV({@link UnaryOp#SQRT}(s), biasCorrection2Sqrt), eps)           (unary, binaryScalar x2)
     * param = ADD(param, DIV(MUL(expAvg, -stepSize), denom))                     (addcdiv_)
     * </pre>
     * Returns false, leaving every operand as it was, where this backend does not fuse it (for these
     * operands).
     *
     * @param shape the shape of every operand
     * @param param the parameter, updated
     * @param grad its gradient, read only
     * @param expAvg the first moment, updated
     * @param expAvgSq the second moment, updated
     * @param maxExpAvgSq the running maximum of the second moment (amsgrad), updated; null without amsgrad
     * @param beta1 the first moment's decay
     * @param beta2 the second moment's decay
     * @param eps added to the denominator
     * @param lr the learning rate (used by the decoupled decay only)
     * @param weightDecay the weight decay, 0 for none
     * @param decoupled AdamW's decay of the parameter instead of Adam's L2 term in the gradient
     * @param maximize whether to ascend (the gradient negated)
     * @param stepSize {@code lr / (1 - beta1^step)}
     * @param biasCorrection2Sqrt {@code sqrt(1 - beta2^step)}
     * @return whether the update was made
     */
    default boolean adamStep(int[] shape, Strided param, Strided grad, Strided expAvg, Strided expAvgSq,
            Strided maxExpAvgSq, double beta1, double beta2, double eps, double lr, double weightDecay,
            boolean decoupled, boolean maximize, double stepSize, double biasCorrection2Sqrt) {
        return false;
    }

    /**
     * Whether every element of an int64 operand lies in {@code [0, size)}: the index range check of
     * gather, scatter and index_select, one pass that only reads. It replaces {@link ReduceOp#MAX} over
     * every axis of {@code in} and of {@link UnaryOp#NEG}{@code (in)} compared with the bounds (core then
     * computes those only to word an error).
     *
     * @param shape the shape of {@code in}, at least one element
     * @param in the int64 operand, laid out over {@code shape}
     * @param size the exclusive upper bound, at least 0
     * @return 1 when every element is in range, 0 when one is not, -1 where this backend does not fuse it
     */
    default int allInRange(int[] shape, Strided in, long size) {
        return -1;
    }

    /**
     * {@link Backend#gather} with the index range check of gather and index_select in the same pass: the
     * operands of {@code gather}, and {@code size}, the gathered dim's extent. When every index lies in
     * {@code [0, size)}, {@code out} is written whole with the bits of {@code gather} and the answer is 1.
     * When one does not, the answer is 0 and {@code out}'s contents are unspecified (core discards it and
     * words the error as {@link #allInRange}'s caller does); no read goes outside the operands.
     *
     * @param shape the iteration shape (the index's), at least one element
     * @param src the gathered operand, stride 0 at the gathered dim
     * @param srcDimStride its real stride at that dim
     * @param index the int64 indices, laid out over {@code shape}
     * @param out the destination, of {@code src}'s dtype
     * @param size the exclusive upper bound of an index, at least 0
     * @return 1 when every index was in range (out written), 0 when one was not, -1 where this backend does
     *         not fuse it (nothing written)
     */
    default int gatherInRange(int[] shape, Strided src, int srcDimStride, Strided index, Strided out, long size) {
        return -1;
    }
    /**
     * One SGD update of one parameter in place, PyTorch 1.13's {@code _single_tensor_sgd} for one tensor
     * once its momentum buffer exists (or without momentum). The bits of this primitive sequence,
     * elementwise in the parameter's dtype, each scalar rounded to that dtype ({@code d} a temporary):
     * <pre>
     * d = maximize ? {@link UnaryOp#NEG}(grad) : grad
     * weightDecay != 0: d = fma(weightDecay, param, d)                         ({@code axpy} into a copy of d)
     * with a buffer:    buf = {@link BinaryOp#MUL}(buf, momentum);  buf = fma(1 - dampening, d, buf)
     *                   d = nesterov ? fma(momentum, buf, d) (into a copy of d) : buf
     * param = fma(-lr, d, param)                                                ({@code axpy})
     * </pre>
     * Returns false, leaving every operand as it was, where this backend does not fuse it.
     *
     * @param shape the shape of every operand
     * @param param the parameter, updated
     * @param grad its gradient, read only
     * @param momentumBuffer the momentum buffer, updated; null when momentum is 0
     * @param lr the learning rate
     * @param momentum the momentum factor (unused without a buffer)
     * @param dampening the dampening of the momentum
     * @param weightDecay the L2 penalty, 0 for none
     * @param nesterov whether to use Nesterov momentum
     * @param maximize whether to ascend (the gradient negated)
     * @return whether the update was made
     */
    default boolean sgdStep(int[] shape, Strided param, Strided grad, Strided momentumBuffer, double lr,
            double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        return false;
    }
    /**
     * One RMSprop update of one parameter in place, PyTorch 1.13's {@code _single_tensor_rmsprop} for one
     * tensor. The bits of this primitive sequence, elementwise in the parameter's dtype, each scalar
     * rounded to that dtype ({@code g}, {@code avg} temporaries):
     * <pre>
     * g = maximize ? {@link UnaryOp#NEG}(grad) : grad
     * weightDecay != 0: g = fma(weightDecay, param, g)                    ({@code axpy} into a copy of g)
     * squareAvg = MUL(squareAvg, alpha);  squareAvg = fma(MUL(g, 1 - alpha), g, squareAvg)
     * centered: gradAvg = MUL(gradAvg, alpha);  gradAvg = fma(1 - alpha, g, gradAvg)
     *           avg = SQRT(fma(NEG(gradAvg), gradAvg, squareAvg))      (addcmul_ of a copy, value -1)
     * else:     avg = SQRT(squareAvg)
     * avg = ADD(avg, eps)
     * momentum buffer: buf = MUL(buf, momentum);  buf = ADD(buf, DIV(g, avg));  param = fma(-lr, buf, param)
     * else:            param = ADD(param, DIV(MUL(g, -lr), avg))          (addcdiv_)
     * </pre>
     * Returns false, leaving every operand as it was, where this backend does not fuse it.
     *
     * @param shape the shape of every operand
     * @param param the parameter, updated
     * @param grad its gradient, read only
     * @param squareAvg the running average of the squared gradient, updated
     * @param gradAvg the running average of the gradient (centered), updated; null when not centered
     * @param momentumBuffer the momentum buffer, updated; null when momentum is 0
     * @param lr the learning rate
     * @param alpha the smoothing constant
     * @param eps added to the denominator
     * @param weightDecay the L2 penalty, 0 for none
     * @param momentum the momentum factor (unused without a buffer)
     * @param maximize whether to ascend (the gradient negated)
     * @return whether the update was made
     */
    default boolean rmspropStep(int[] shape, Strided param, Strided grad, Strided squareAvg, Strided gradAvg,
            Strided momentumBuffer, double lr, double alpha, double eps, double weightDecay, double momentum,
            boolean maximize) {
        return false;
    }
    /**
     * One Adagrad update of one parameter in place, PyTorch 1.13's {@code _single_tensor_adagrad} for one
     * tensor. The bits of this primitive sequence, elementwise in the parameter's dtype, each scalar
     * rounded to that dtype ({@code g} a temporary):
     * <pre>
     * g = maximize ? {@link UnaryOp#NEG}(grad) : grad
     * weightDecay != 0: g = fma(weightDecay, param, g)            ({@code axpy} into a copy of g)
     * sum = fma(g, g, sum)                                         (addcmul_, value 1)
     * param = ADD(param, DIV(MUL(g, -clr), ADD(SQRT(sum), eps)))   (addcdiv_)
     * </pre>
     * Returns false, leaving every operand as it was, where this backend does not fuse it.
     *
     * @param shape the shape of every operand
     * @param param the parameter, updated
     * @param grad its gradient, read only
     * @param sum the sum of squared gradients, updated
     * @param clr the step's learning rate, {@code lr / (1 + (step - 1) * lr_decay)}
     * @param eps added to the denominator
     * @param weightDecay the L2 penalty, 0 for none
     * @param maximize whether to ascend (the gradient negated)
     * @return whether the update was made
     */
    default boolean adagradStep(int[] shape, Strided param, Strided grad, Strided sum, double clr, double eps,
            double weightDecay, boolean maximize) {
        return false;
    }

    /**
     * softmax (or, with {@code log}, log_softmax) of {@code in} over {@code dim}, into {@code out} of the
     * same shape and dtype: {@code exp(x - max) / sum(exp(x - max))}, or {@code (x - max) - log(sum(...))},
     * the maximum and sum over {@code dim}. Unlike {@link #sumOfSquares} not bit-exact with the primitives
     * (amax, sub, exp, sum, div or log): its {@code exp} and summation order may differ, within a few ulps of
     * the result's scale, as PyTorch's own vectorised kernel differs from its composite. A row holding NaN
     * or {@code +inf}, or all {@code -inf}, gives NaN, as the composite. Returns false, leaving {@code out}
     * as it was, where this backend does not fuse it (for these operands).
     *
     * @param shape the shape of both operands, at least one dim and one element
     * @param dim the softmax dim, {@code 0 <= dim < shape.length}
     * @param log log_softmax instead of softmax
     * @param in the operand, floating point
     * @param out the destination, of {@code in}'s dtype, written whole
     * @return whether {@code out} was written
     */
    default boolean softmax(int[] shape, int dim, boolean log, Strided in, Strided out) {
        return false;
    }

    /**
     * The gradient of {@link #softmax} with respect to its input, from the output gradient {@code grad}
     * and the forward's result {@code output}: softmax {@code output * (grad - sum(grad * output))},
     * log_softmax {@code grad - exp(output) * sum(grad)}, the sums over {@code dim}. Within a few ulps of
     * the result's scale of those primitives (as {@link #softmax}). Returns false, leaving
     * {@code gradInput} as it was, where this backend does not fuse it.
     *
     * @param shape the shape of all three operands, at least one dim and one element
     * @param dim the softmax dim
     * @param log log_softmax's gradient instead of softmax's
     * @param grad the gradient of the output, floating point
     * @param output the forward's result, of {@code grad}'s dtype
     * @param gradInput the destination, of {@code grad}'s dtype, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean softmaxBackward(int[] shape, int dim, boolean log, Strided grad, Strided output,
            Strided gradInput) {
        return false;
    }

    /**
     * ReLU's gradient from the output gradient {@code grad} and the forward's result {@code output}:
     * {@code gradInput = output != 0 ? grad : +0.0}, PyTorch's threshold_backward (a select: a negative, infinite
     * or NaN gradient gives +0.0 where the output is 0).
     * Returns false, leaving {@code gradInput} as it was, where this backend does not fuse it.
     *
     * @param shape the shape of all three operands
     * @param grad the gradient of the output, floating point
     * @param output the forward's result, of {@code grad}'s dtype
     * @param gradInput the destination, of {@code grad}'s dtype, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean reluBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return false;
    }

    /**
     * Tanh's gradient from the output gradient {@code grad} and the forward's result {@code output}:
     * {@code gradInput = grad * fma(-output, output, 1)}, PyTorch's {@code tanh_backward} as its CPU kernel rounds
     * it (the compiler fuses {@code 1 - y * y}). Returns false, leaving {@code gradInput} as it was, where this
     * backend does not fuse it.
     *
     * @param shape the shape of all three operands
     * @param grad the gradient of the output, floating point
     * @param output the forward's result, of {@code grad}'s dtype
     * @param gradInput the destination, of {@code grad}'s dtype, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean tanhBackward(int[] shape, Strided grad, Strided output, Strided gradInput) {
        return false;
    }

    /**
     * SiLU's gradient from the output gradient {@code grad} and the forward's input {@code input}: with
     * {@code s = 1 / (1 + exp(-x))} (PyTorch's exp), {@code gradInput = (grad * s) * fma(x, 1 - s, 1)}, PyTorch's
     * {@code silu_backward} as its CPU kernel rounds it. Returns false, leaving {@code gradInput} as it was, where
     * this backend does not fuse it.
     *
     * @param shape the shape of all three operands
     * @param grad the gradient of the output, floating point
     * @param input the forward's input, of {@code grad}'s dtype
     * @param gradInput the destination, of {@code grad}'s dtype, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean siluBackward(int[] shape, Strided grad, Strided input, Strided gradInput) {
        return false;
    }

    /**
     * logsumexp of {@code in} over {@code dim}, into the contiguous {@code out} of {@code in}'s shape without
     * {@code dim}: {@code log(sum(exp(x - m))) + m}, {@code m} the maximum clamped to the dtype's finite range
     * (a row of {@code -inf} gives {@code -inf}, one holding {@code +inf} gives {@code +inf}, NaN gives NaN).
     * Within a few ulps of the result's scale of the primitives, as {@link #softmax}. Returns false, leaving
     * {@code out} as it was, where this backend does not fuse it. Core no longer calls it: PyTorch's logsumexp
     * sums in at::sum's order, which the composite (sum) follows to the bit and a one-pass row kernel did not.
     *
     * @param shape the shape of {@code in}, at least one dim and one element
     * @param dim the reduced dim
     * @param in the operand, floating point
     * @param out the destination, of {@code in}'s dtype, {@code numel / shape[dim]} elements, written whole
     * @return whether {@code out} was written
     */
    default boolean logsumexp(int[] shape, int dim, Strided in, Buffer out) {
        return false;
    }
    /**
     * nll_loss's input gradient for class indices (also cross_entropy's, which feeds it to log_softmax's
     * backward): {@code gradInput} of shape {@code [rows, classes]}, contiguous, is written whole with zeros
     * except {@code gradInput[r, target[r]] = values[r]}, the bits of a zero fill followed by a scatter.
     * Element {@code r} of {@code target} (int64) and {@code values} (of {@code gradInput}'s dtype) lies at
     * the operand's offset plus {@code r} times its stride along dim 0 (both of shape {@code [rows, 1]}, or
     * {@code [1]} for one row). Returns false, leaving {@code gradInput} as it was, where this backend does not
     * fuse it or a target lies outside {@code [0, classes)}.
     *
     * @param rows the number of rows, at least 1
     * @param classes the number of classes (the innermost dim), at least 1
     * @param target the class index of each row
     * @param values the value written at each row's class
     * @param gradInput the destination, {@code rows * classes} elements from its offset
     * @return whether {@code gradInput} was written
     */
    default boolean nllLossBackward(int rows, int classes, Strided target, Strided values, Strided gradInput) {
        return false;
    }

    /**
     * cross_entropy's input gradient for class indices in one pass: {@link #softmaxBackward} with {@code log}
     * over the innermost dim of {@code [rows, classes]}, applied to the gradient {@link #nllLossBackward} would
     * write, with the same bits as those two calls but without that {@code [rows, classes]} gradient in
     * between. Returns false, leaving {@code gradInput} as it was, where this backend does not fuse it or a
     * target lies outside {@code [0, classes)}.
     *
     * @param rows the number of rows, at least 1
     * @param classes the number of classes (the innermost dim), at least 1
     * @param target the class index of each row, as in {@link #nllLossBackward}
     * @param values the value of each row's nll gradient at its class, as in {@link #nllLossBackward}
     * @param output log_softmax's result, contiguous {@code [rows, classes]}, of {@code gradInput}'s dtype
     * @param gradInput the destination, contiguous {@code [rows, classes]}, written whole
     * @return whether {@code gradInput} was written
     */
    default boolean nllLogSoftmaxBackward(int rows, int classes, Strided target, Strided values, Strided output,
            Strided gradInput) {
        return false;
    }
}
