package org.grad4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Generator;
import org.grad4j.Tensor;

/**
 * PyTorch's {@code nn.AdaptiveLogSoftmaxWithLoss} (Grave et al., "Efficient softmax approximation for GPUs"): the
 * classes below {@code cutoffs[0]} are scored by the head, each later cluster {@code [cutoffs[i], cutoffs[i+1])} by
 * a head entry and a two-layer tail projection to {@code in_features / div_value^(i+1)} features. Submodules
 * {@code head} ({@link Linear}) and {@code tail} ({@link ModuleList} of {@link Sequential}s of two bias-free
 * {@link Linear}s), built in PyTorch's order, so the same seed gives the same weights and state dict keys.
 *
 * <pre>{@code
 * AdaptiveLogSoftmaxWithLoss asm = new AdaptiveLogSoftmaxWithLoss(16, 100, new int[] {10, 40});
 * AdaptiveLogSoftmaxWithLoss.Output o = asm.forward(hidden, targets);   // o.output(), o.loss()
 * }</pre>
 */
public class AdaptiveLogSoftmaxWithLoss extends Module {
    private final int inFeatures;
    private final int nClasses;
    private final int[] cutoffs;   // the user's cutoffs, then n_classes
    private final int shortlistSize;
    private final Linear head;
    private final ModuleList tail;

    /**
     * PyTorch's {@code _ASMoutput}: the target's log-probability per example and the mean negative log-likelihood.
     *
     * @param output {@code [N]} (or a scalar for an unbatched input) log-probabilities of the targets
     * @param loss the scalar loss, {@code (-output).mean()}
     */
    public record Output(Tensor output, Tensor loss) {
    }

    /**
     * {@code nn.AdaptiveLogSoftmaxWithLoss(in_features, n_classes, cutoffs)}: div_value 4, no head bias, in the
     * default dtype on the default device, initialised from {@link Generator#defaultGenerator()}.
     *
     * @param inFeatures the number of features of each input
     * @param nClasses the number of classes
     * @param cutoffs increasing class indices between 1 and n_classes - 1 that split the classes into clusters
     */
    public AdaptiveLogSoftmaxWithLoss(int inFeatures, int nClasses, int[] cutoffs) {
        this(inFeatures, nClasses, cutoffs, 4.0, false, Generator.defaultGenerator(), Tensor.defaultDType(),
                Device.fromSystemProperty());
    }

    /**
     * Every option.
     *
     * @param inFeatures the number of features of each input
     * @param nClasses the number of classes
     * @param cutoffs increasing class indices between 1 and n_classes - 1 that split the classes into clusters
     * @param divValue the exponent base of the tail projections' widths, {@code in_features / div_value^(i+1)}
     * @param headBias whether the head has a bias
     * @param generator the source of the initial values; it advances
     * @param dtype the parameters' floating dtype
     * @param device the parameters' device
     */
    public AdaptiveLogSoftmaxWithLoss(int inFeatures, int nClasses, int[] cutoffs, double divValue, boolean headBias,
            Generator generator, DType dtype, Device device) {
        if (cutoffs == null || cutoffs.length == 0 || !validCutoffs(cutoffs, nClasses)) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: cutoffs should be a sequence of unique, "
                    + "positive integers sorted in an increasing order, where each value is between 1 and "
                    + "n_classes-1 (got cutoffs " + (cutoffs == null ? "null" : Arrays.toString(cutoffs))
                    + ", n_classes " + nClasses + ")");
        }
        if (inFeatures < 0 || !(divValue > 0) || Double.isInfinite(divValue)) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: expected in_features >= 0 and a positive "
                    + "finite div_value, got " + inFeatures + " and " + divValue);
        }
        if (generator == null || dtype == null || device == null) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: generator, dtype and device must not be null");
        }
        this.inFeatures = inFeatures;
        this.nClasses = nClasses;
        this.cutoffs = Arrays.copyOf(cutoffs, cutoffs.length + 1);
        this.cutoffs[cutoffs.length] = nClasses;
        this.shortlistSize = cutoffs[0];
        int nClusters = cutoffs.length;
        Linear builtHead = new Linear(inFeatures, shortlistSize + nClusters, headBias, generator, dtype, device);
        List<Module> projections = new ArrayList<>();
        for (int i = 0; i < nClusters; i++) {
            int hsz = (int) Math.floor(inFeatures / Math.pow(divValue, i + 1));   // Python's int(in // div ** (i+1))
            int osz = this.cutoffs[i + 1] - this.cutoffs[i];
            projections.add(new Sequential(new Linear(inFeatures, hsz, false, generator, dtype, device),
                    new Linear(hsz, osz, false, generator, dtype, device)));
        }
        this.head = registerModule("head", builtHead);
        this.tail = registerModule("tail", new ModuleList());
        projections.forEach(tail::append);
    }

    private static boolean validCutoffs(int[] cutoffs, int nClasses) {
        for (int i = 0; i < cutoffs.length; i++) {
            if (cutoffs[i] <= 0 || cutoffs[i] > nClasses - 1 || i > 0 && cutoffs[i] <= cutoffs[i - 1]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refused: the module needs the targets, {@link #forward(Tensor, Tensor)}.
     *
     * @param input the input
     * @return never
     * @throws IllegalArgumentException always
     */
    @Override
    public Tensor forward(Tensor input) {
        throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: forward() missing 1 required positional "
                + "argument: 'target_'; call forward(input, target)");
    }

    /**
     * PyTorch's {@code forward(input, target)}: the targets' log-probabilities and the mean loss.
     *
     * @param input {@code [N, in_features]}, or {@code [in_features]} with a 0-d target
     * @param target int64 class indices in {@code [0, n_classes)}, {@code [N]} or 0-d
     * @return the output and the loss
     * @throws IllegalArgumentException on mismatched shapes, a non-int64 target or a class out of range
     */
    public Output forward(Tensor input, Tensor target) {
        if (input == null || target == null) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: expected input and target tensors, got "
                    + (input == null ? "a null input" : "a null target"));
        }
        if (target.dim() == 1) {
            if (input.dim() == 0 || input.size(0) != target.size(0)) {
                throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: Input and target should have the same "
                        + "size in the batch dimension. (input " + Arrays.toString(input.shape()) + ", target "
                        + Arrays.toString(target.shape()) + ")");
            }
            if (input.dim() != 2) {
                throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: 1D target tensor expects 2D input "
                        + "tensors, but found inputs with size " + Arrays.toString(input.shape()));
            }
        } else if (target.dim() == 0) {
            if (input.dim() != 1) {
                throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: 0D target tensor expects 1D input "
                        + "tensors, but found inputs with size " + Arrays.toString(input.shape()));
            }
        } else {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: 0D or 1D target tensor expected, "
                    + "multi-target not supported (target " + Arrays.toString(target.shape()) + ")");
        }
        if (target.dtype() != DType.INT64) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: expected an int64 target, got " + target.dtype());
        }
        checkInput("forward", input, input.dim());
        boolean batched = target.dim() > 0;
        Tensor x = batched ? input : input.unsqueeze(0);
        Tensor t = batched ? target : target.unsqueeze(0);
        long[] classes = t.toLongArray();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long c : classes) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        if (classes.length > 0 && (min < 0 || max >= nClasses)) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss: Target values should be in [0, "
                    + (nClasses - 1) + "], but values in range [" + min + ", " + max + "] were found. ");
        }
        int batch = classes.length;
        Tensor output = x.newZeros(batch);
        long[] gatherInds = new long[batch];
        for (int cluster = 0; cluster < cutoffs.length; cluster++) {
            int low = cluster == 0 ? 0 : cutoffs[cluster - 1];
            int high = cutoffs[cluster];
            List<Long> rows = new ArrayList<>();
            List<Long> relative = new ArrayList<>();
            for (int r = 0; r < batch; r++) {
                if (classes[r] >= low && classes[r] < high) {
                    rows.add((long) r);
                    relative.add(classes[r] - low);
                    gatherInds[r] = cluster == 0 ? classes[r] : shortlistSize + cluster - 1;
                }
            }
            if (cluster == 0 || rows.isEmpty()) {
                continue;
            }
            Tensor rowIndex = longs(rows, x.device());
            Tensor clusterOutput = tail.get(cluster - 1).call(x.indexSelect(0, rowIndex));
            Tensor local = clusterOutput.logSoftmax(1).gather(1, longs(relative, x.device()).unsqueeze(1));
            output = output.indexCopy(0, rowIndex, local.squeeze(1));
        }
        Tensor headLogprob = head.call(x).logSoftmax(1);
        Tensor gathered = headLogprob.gather(1, Tensor.of(gatherInds, batch, 1).to(x.device())).squeeze();
        output = output.add(gathered);
        Tensor loss = output.neg().mean();
        return new Output(batched ? output : output.squeeze(0), loss);
    }

    private static Tensor longs(List<Long> values, Device device) {
        long[] v = new long[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return Tensor.of(v, v.length).to(device);
    }

    private void checkInput(String op, Tensor input, int dims) {
        if (input == null || input.dim() != dims || input.size(-1) != inFeatures) {
            throw new IllegalArgumentException("AdaptiveLogSoftmaxWithLoss." + op + ": expected " + (dims == 2
                    ? "[N, " + inFeatures + "]" : "[" + inFeatures + "]") + " input, got "
                    + (input == null ? "null" : Arrays.toString(input.shape())));
        }
    }

    /**
     * PyTorch's {@code log_prob(input)}: the log-probabilities of every class.
     *
     * @param input {@code [N, in_features]}
     * @return {@code [N, n_classes]}
     */
    public Tensor logProb(Tensor input) {
        checkInput("logProb", input, 2);
        return fullLogProb(input, head.call(input));
    }

    private Tensor fullLogProb(Tensor input, Tensor headOutput) {
        Tensor headLogprob = headOutput.logSoftmax(1);
        List<Tensor> parts = new ArrayList<>();
        parts.add(headLogprob.narrow(1, 0, shortlistSize));
        for (int i = 0; i + 1 < cutoffs.length; i++) {
            Tensor clusterLogprob = tail.get(i).call(input).logSoftmax(1);
            parts.add(clusterLogprob.add(headLogprob.narrow(1, shortlistSize + i, 1)));
        }
        return Tensor.cat(parts, 1);
    }

    /**
     * PyTorch's {@code predict(input)}: the most likely class of each example, {@code logProb(input).argmax(1)}
     * computed only for the examples whose head does not settle it.
     *
     * @param input {@code [N, in_features]}
     * @return int64 {@code [N]}
     */
    public Tensor predict(Tensor input) {
        checkInput("predict", input, 2);
        Tensor headOutput = head.call(input);
        Tensor output = headOutput.argmax(1);
        long[] best = output.toLongArray();
        List<Long> rows = new ArrayList<>();
        for (int r = 0; r < best.length; r++) {
            if (best[r] >= shortlistSize) {
                rows.add((long) r);
            }
        }
        if (rows.isEmpty()) {
            return output;
        }
        if (rows.size() == best.length) {
            return fullLogProb(input, headOutput).argmax(1);
        }
        Tensor rowIndex = longs(rows, input.device());
        Tensor sub = fullLogProb(input.indexSelect(0, rowIndex), headOutput.indexSelect(0, rowIndex));
        return output.indexCopy(0, rowIndex, sub.argmax(1));
    }

    /**
     * The head, {@code Linear(in_features, shortlist + n_clusters)}.
     *
     * @return the head module
     */
    public Linear head() {
        return head;
    }

    /**
     * The tail projections, one {@code Sequential} per cluster.
     *
     * @return the tail module list
     */
    public ModuleList tail() {
        return tail;
    }
}
