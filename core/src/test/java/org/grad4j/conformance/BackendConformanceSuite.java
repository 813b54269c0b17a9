package org.grad4j.conformance;

import org.grad4j.Device;
import org.junit.jupiter.api.Nested;

/**
 * The shared conformance suite every backend runs: extend it with one line,
 * {@code class CpuConformanceTest extends BackendConformanceSuite { protected Device device() { return Device.CPU; } }}.
 *
 * <ul>
 *   <li>{@link Primitives}: every {@link org.grad4j.spi.Backend} primitive against a naive double reference, on strided, broadcast and offset operands, in both dtypes</li>
 *   <li>{@link Gradients}: every backward rule against finite differences ({@code GradCheck}, float64)</li>
 *   <li>{@link GoldenOps}: forward values and gradients of every op against PyTorch 1.13</li>
 *   <li>{@link OpTable}: every op of the op table against PyTorch 1.13, by its name</li>
 *   <li>{@link GoldenReductions}: sum and mean against PyTorch 1.13, bit for bit on the CPU</li>
 *   <li>{@link TensorOps}: softmax, reductions, indexing and the other tensor ops against PyTorch 1.13</li>
 *   <li>{@link Losses}: Losses (cross-entropy, nll, bce, l1, smooth L1, Huber, kl_div) against PyTorch</li>
 *   <li>{@link ReduceMath}: Reductions, clamp, lerp, predicates, logical ops and parametrized activations against PyTorch</li>
 *   <li>{@link Api}: the common tensor methods (mm, bmm, dot, mv, outer, isclose, equal, in-place variants, ...)</li>
 *   <li>{@link GoldenGradFnNames}: grad_fn names of every op and calling form against PyTorch 1.13</li>
 *   <li>{@link GoldenTraining}: Linear + MSELoss + SGD traces (every reduction and SGD option) against PyTorch</li>
 *   <li>{@link GoldenNn}: Dropout, LayerNorm, BatchNorm1d, {@code nn.init} and module structure against PyTorch</li>
 *   <li>{@link Modules}: train/eval, freezing, conversion, buffers and containers</li>
 *   <li>{@link DTypes}: int64 and bool tensors (promotion, values, repr, errors) against PyTorch ({@code tools/golden/dtype_golden.py})</li>
 *   <li>{@link Reliability}: Issue 11: nothing silently wrong (stale memory, overflow, overlapping writes, misuse)</li>
 *   <li>{@link GradientOwnership}: A leaf adopts a gradient only when nobody else holds it</li>
 *   <li>{@link MemoryScope}: MemoryScope releases and keeps what it should</li>
 *   <li>{@link Safetensors}: Checkpoints: round trips, validation, all-or-nothing loads</li>
 *   <li>{@link LinearInit}: Linear's initial parameters against PyTorch</li>
 *   <li>{@link AnomalyMode}: Anomaly mode</li>
 *   <li>{@link Concurrency}: Threads: per-thread graphs, results identical to solo runs</li>
 *   <li>{@link Misuse}: Misuse: clear errors, nothing changed</li>
 *   <li>{@link Property}: Random shapes against a naive reference</li>
 *   <li>{@link Fuzz}: Random op sequences against a naive reference; refusals of the documented kinds only</li>
 *   <li>{@link GoldenOptim}: optimizer trajectories (SGD, Adam, AdamW, RMSprop, Adagrad), learning-rate schedulers and gradient clipping against PyTorch ({@code tools/golden/optim_golden.py})</li>
 *   <li>{@link Data}: torch.utils.data: DataLoader batch order, random_split, collation</li>
 *   <li>{@link Creation}: Creation ops: *_like, eye, arange, linspace, randint, randperm</li>
 *   <li>{@link Indexing}: Indexing, joining and shape ops against PyTorch</li>
 *   <li>{@link Recurrent}: RNN, LSTM, GRU and their cells, MultiheadAttention and the Transformer encoder against PyTorch ({@code tools/golden/rnn_golden.py})</li>
 *   <li>{@link OpsMore}: logit(eps), nan_to_num, deg2rad, signbit, fmod/copysign/xlogy number forms, dtypes</li>
 *   <li>{@link NnMore}: module hooks and the nnmore activations, layers and losses against PyTorch ({@code tools/golden/nn_more_golden.py})</li>
 *   <li>{@link Pools}: max/avg pooling options (ceil_mode, indices, count_include_pad, divisor_override), max_unpool2d against PyTorch ({@code tools/golden/pools_golden.py})</li>
 *   <li>{@link ReduceMore}: median, kthvalue, mode, nansum, aminmax, ... against PyTorch ({@code tools/golden/reduce_more_golden.py})</li>
 *   <li>{@link Math2}: gcd, lcm, shifts, ldexp, float_power, frexp, isin, the alias names and in-place forms against PyTorch ({@code tools/golden/math2_golden.py})</li>
 * </ul>
 * The golden files are made by the scripts in {@code tools/golden/}, each named in its suite.
 */
public abstract class BackendConformanceSuite {
    /** The device under test; its backend is found by {@link java.util.ServiceLoader} from the device type. */
    protected abstract Device device();

    /** SPI primitives against a naive reference. */
    @Nested
    class Primitives extends PrimitiveConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Backward rules against finite differences. */
    @Nested
    class Gradients extends GradientConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Single ops against PyTorch. */
    @Nested
    class GoldenOps extends GoldenOpsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Every elementwise op of the op table against PyTorch. */
    @Nested
    class OpTable extends OpTableConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Sums and means against PyTorch, bit for bit on the CPU. */
    @Nested
    class GoldenReductions extends GoldenReductionConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Tensor ops beyond the op table against PyTorch. */
    @Nested
    class TensorOps extends TensorOpsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Gradients through masks (relu, clamp, hardtanh, relu6, maximum, minimum) against PyTorch's, bit for bit. */
    @Nested
    class MaskedGrad extends MaskedGradConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Losses (cross-entropy, nll, bce, l1, smooth L1, Huber, kl_div) against PyTorch. */
    @Nested
    class Losses extends LossConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Reductions, clamp, lerp, predicates, logical ops and parametrized activations against PyTorch. */
    @Nested
    class ReduceMath extends ReduceMathConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** The common tensor methods (mm, bmm, dot, mv, outer, isclose, equal, in-place variants...) against PyTorch. */
    @Nested
    class Api extends ApiConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** grad_fn names against PyTorch. */
    @Nested
    class GoldenGradFnNames extends GoldenGradFnConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Training traces against PyTorch. */
    @Nested
    class GoldenTraining extends GoldenTrainingConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Layers, initialization and module structure against PyTorch. */
    @Nested
    class GoldenNn extends GoldenNnConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Module behaviour: train/eval, freezing, conversion, buffers, containers. */
    @Nested
    class Modules extends ModuleConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** int64 and bool tensors against PyTorch. */
    @Nested
    class DTypes extends DTypeConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Issue 11: nothing silently wrong (stale memory, overflow, overlapping writes, misuse). */
    @Nested
    class Reliability extends ReliabilityConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** A leaf adopts a gradient only when nobody else holds it. */
    @Nested
    class GradientOwnership extends GradientOwnershipConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** MemoryScope releases and keeps what it should. */
    @Nested
    class MemoryScope extends MemoryScopeConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** mse_loss's gradient under a non-unit upstream gradient, bit for bit against PyTorch. */
    @Nested
    class MseBackward extends MseBackwardConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** A small step's shortcuts (fused mse_loss, unit-dim sums) against the primitives, bit for bit. */
    @Nested
    class SmallStep extends SmallStepConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Checkpoints: round trips, validation, all-or-nothing loads. */
    @Nested
    class Safetensors extends SafetensorsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Linear's initial parameters against PyTorch. */
    @Nested
    class LinearInit extends LinearInitConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Anomaly mode. */
    @Nested
    class AnomalyMode extends AnomalyModeConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Threads: per-thread graphs, results identical to solo runs. */
    @Nested
    class Concurrency extends ConcurrencyConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Misuse: clear errors, nothing changed. */
    @Nested
    class Misuse extends MisuseConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Random shapes against a naive reference. */
    @Nested
    class Property extends PropertyConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Random op sequences against a naive reference; refusals of the documented kinds only. */
    @Nested
    class Fuzz extends FuzzConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Optimizer trajectories, schedulers and gradient clipping against PyTorch. */
    @Nested
    class GoldenOptim extends GoldenOptimConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** torch.utils.data: DataLoader batch order, random_split, collation. */
    @Nested
    class Data extends DataConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Around the training loop: zero_grad's default, frozen parameters, load_state_dict, negative indices. */
    @Nested
    class TrainingApi extends TrainingApiConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Creation ops: *_like, eye, arange, linspace, randint, randperm. */
    @Nested
    class Creation extends CreationConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Indexing, joining and shape ops against PyTorch. */
    @Nested
    class Indexing extends IndexingConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** In-place ops under autograd (through views, fill_, set, copy_) against PyTorch. */
    @Nested
    class InPlace extends InPlaceConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Tensor hooks and retain_grad against PyTorch, bit for bit. */
    @Nested
    class Hooks extends HooksConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Recurrent layers, attention and the Transformer encoder against PyTorch. */
    @Nested
    class Recurrent extends RecurrentConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Higher-order gradients (create_graph) against PyTorch. */
    @Nested
    class Parity extends ParityConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** opsmore: logit(eps), nan_to_num, deg2rad, signbit, the binary ops' number forms and dtypes against PyTorch. */
    @Nested
    class OpsMore extends OpsMoreConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Module hooks and the nnmore activations, layers and losses against PyTorch. */
    @Nested
    class NnMore extends NnMoreConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Poolings' options (ceil_mode, indices, count_include_pad, divisor_override) and max_unpool2d against PyTorch. */
    @Nested
    class Pools extends PoolsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** median, nanmedian, kthvalue, mode, nansum, nanmean, aminmax, ... against PyTorch. */
    @Nested
    class ReduceMore extends ReduceMoreConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Transformer decoder and Transformer, packed sequences (and RNNs on them), parameter vectors against PyTorch. */
    @Nested
    class Seq extends SeqConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Every torch.optim.lr_scheduler scheduler (step, step(epoch), resume, state dicts, errors) against PyTorch. */
    @Nested
    class Scheduler extends SchedulerConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Samplers, DataLoader's options (builder), default_collate and ConcatDataset against PyTorch. */
    @Nested
    class Data2 extends Data2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** DistributedSampler and DataLoader's worker threads against PyTorch. */
    @Nested
    class Data3 extends Data3Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Adamax, NAdam, RAdam, Adadelta, Rprop, ASGD and more options of the first optimizers against PyTorch. */
    @Nested
    class Optim2 extends Optim2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** torch.linalg: det, inv, solve, cholesky, qr, eigh, svd, norms, pinv, lstsq, ... against PyTorch. */
    @Nested
    class LinalgSuite extends LinalgConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** torch.special: special points, polygamma, mvlgamma, ndtr, zeta and xlog1py's forms, aliases, errors. */
    @Nested
    class SpecialFunctions extends SpecialConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** conv3d, conv_transpose1d/3d, the 3-d poolings, padding modules and shuffles against PyTorch. */
    @Nested
    class Layers3 extends Layers3Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** TorchFiles: torch.save archives both ways against PyTorch, module/optimizer interop, hostile files. */
    @Nested
    class TorchFilesIo extends TorchFilesConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** The everyday API (api2): windows, range, new_*, introspection, dtype tables, print options against PyTorch. */
    @Nested
    class Api2 extends Api2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** index_copy/fill/put/reduce, masked_scatter, scatter_reduce, *_scatter, take_along_dim, put, the splits. */
    @Nested
    class Idx extends IdxConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** The nn4 layers: unpooling, grid_sample, affine_grid, the new losses and draws against PyTorch. */
    @Nested
    class Nn4 extends Nn4Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Linalg's LU family, triangular and Cholesky solves, _ex variants, matrix_exp, cond and more against PyTorch. */
    @Nested
    class Linalg2 extends Linalg2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** Every public constructor and method of the API with hostile arguments: refusals of the documented kinds only. */
    @Nested
    class HostileInput extends HostileInputConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** The shape2 composites (rot90, vander, block_diag, histogram, gradient, cov, cdist, ...) against PyTorch. */
    @Nested
    class Shape2 extends Shape2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** The math2 ops (gcd, shifts, ldexp, float_power, frexp, isin, ...), aliases and in-place forms against PyTorch. */
    @Nested
    class Math2 extends Math2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    /** exp, log, sigmoid, silu, softmax rows and cross_entropy with PyTorch's CPU bits (SLEEF, lane order). */
    @Nested
    class VectorMath extends VectorMathConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // nn5: lazy modules, AdaptiveLogSoftmaxWithLoss, weight/spectral norm, swa_utils
    /** The nn5 modules against PyTorch: lazy modules (draws, reprs, state dicts, errors). */
    @Nested
    class Nn5 extends Nn5Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // autograd2: torch.autograd.functional, gradgradcheck, per-worker generators
    /** torch.autograd.functional (jacobian, hessian, vjp, jvp, vhp, hvp) against PyTorch. */
    @Nested
    class AutogradFunctional extends AutogradFunctionalConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // dist: torch.distributions
    /** org.grad4j.distributions against PyTorch 1.13: methods, gradients, errors, draws and kl_divergence. */
    @Nested
    class Distributions extends DistributionsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // softmax2: softmax over non-last dims and logsumexp in PyTorch's order
    /** softmax/log_softmax over a non-last dim, logsumexp, the softmax modules and cross_entropy over dim 1. */
    @Nested
    class Softmax2 extends Softmax2Conformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // fuzzops: differential fuzzing of the tensor ops against PyTorch
    /** Seeded random cases of the tensor ops (promotion, broadcasting, views, errors) against PyTorch 1.13. */
    @Nested
    class FuzzOps extends FuzzOpsConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }

    // fuzznn: differential fuzzing of nn.functional, modules, losses and optimizers against PyTorch
    /** Seeded random calls of nn.functional, a few modules and the optimizers against PyTorch 1.13. */
    @Nested
    class FuzzNn extends FuzzNnConformance {
        @Override
        protected Device device() {
            return BackendConformanceSuite.this.device();
        }
    }
}
