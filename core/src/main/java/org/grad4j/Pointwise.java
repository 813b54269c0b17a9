package org.grad4j;

import java.util.Arrays;

import org.grad4j.autograd.GradMode;
import org.grad4j.spi.BinaryOp;
import org.grad4j.spi.UnaryOp;

/** Elementwise operations: broadcasting, dtype promotion, in-place variants and their gradients. */
final class Pointwise {
    private Pointwise() {
    }

    static void checkSameDevice(String op, Tensor a, Tensor b) {
        if (b == null) {
            throw new IllegalArgumentException(op + ": expected a tensor, got null");
        }
        if (a.storage.backend != b.storage.backend) {
            throw new IllegalArgumentException(op + ": expected all tensors to be on the same device, but found "
                    + a.device() + " (shape " + Shapes.str(a.shape) + ") and " + b.device() + " (shape "
                    + Shapes.str(b.shape) + "); move one with to(Device)");
        }
    }

    static DType promote(DType a, DType b) {
        return a == DType.FLOAT64 || b == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
    }

    private static boolean isComparison(BinaryOp op) {
        return op == BinaryOp.EQ || op == BinaryOp.GT || op == BinaryOp.LT;
    }

    static Tensor binary(BinaryOp op, String name, Tensor a, Tensor b) {
        checkSameDevice(name, a, b);
        DType dt = promote(a.dtype, b.dtype);
        Tensor x = a.to(dt);
        Tensor y = b.to(dt);
        int[] shape = Shapes.broadcast(name, x.shape, y.shape);
        Tensor out = Tensor.empty(shape, dt, x.storage.backend);
        x.storage.backend.binary(op, shape, x.stridedAs(shape), y.stridedAs(shape), out.strided());
        if (!isComparison(op) && Tensor.needsGrad(x, y)) {
            Tensor.record(out, new BinaryNode(op, x, y, out));
        }
        return out;
    }

    static Tensor scalar(BinaryOp op, String name, Tensor a, double s, boolean scalarFirst) {
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.binaryScalar(op, a.shape, a.strided(), s, scalarFirst, out.strided());
        if (!isComparison(op) && Tensor.needsGrad(a)) {
            Tensor.record(out, new ScalarNode(op, a, s, scalarFirst, out));
        }
        return out;
    }

    static Tensor unary(UnaryOp op, Tensor a) {
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.unary(op, a.shape, a.strided(), out.strided());
        if (Tensor.needsGrad(a)) {
            Tensor.record(out, new UnaryNode(op, a, out));
        }
        return out;
    }

    /** Refuses an in-place change of a leaf that requires grad while grad mode is on, as PyTorch does. */
    static void checkInPlace(String op, Tensor self) {
        if (self.requiresGrad() && self.isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad (shape " + Shapes.str(self.shape)
                    + ") is being used in an in-place operation; wrap it in GradMode.noGrad() or use detach()");
        }
    }

    private static void checkInPlaceShape(String op, Tensor self, Tensor other) {
        int[] shape = Shapes.broadcast(op, self.shape, other.shape);
        if (!Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(self.shape)
                    + " doesn't match the broadcast shape " + Shapes.str(shape) + " (other has shape "
                    + Shapes.str(other.shape) + ")");
        }
    }

    /** Records an in-place change as a new history for {@code self}: computes {@code result} out of place, then copies. */
    private static Tensor rebaseInPlace(String op, Tensor self, Tensor result) {
        if (self.isView()) {
            throw new UnsupportedOperationException(op + ": in-place operations on a view that takes part in autograd "
                    + "are not supported; clone() the view first (shape " + Shapes.str(self.shape) + ")");
        }
        self.storage.backend.unary(UnaryOp.COPY, self.shape, result.stridedAs(self.shape), self.strided());
        self.rebase(result);
        return self.bumpVersion();
    }

    static Tensor inPlace(String op, Tensor self, Tensor other, BinaryOp kind) {
        checkInPlace(op, self);
        checkSameDevice(op, self, other);
        checkInPlaceShape(op, self, other);
        if (Tensor.needsGrad(self, other)) {
            // The backward of mul/div/pow/maximum/minimum needs self's value from before the op, which the
            // copy into self overwrites: save a copy instead, as PyTorch saves original_self.
            Tensor before = kind == BinaryOp.ADD || kind == BinaryOp.SUB ? self : self.clone();
            return rebaseInPlace(op, self, binary(kind, op, before, other));
        }
        if (other.dtype != self.dtype) {
            // PyTorch computes in the promoted dtype and rounds into self.
            Tensor r = binary(kind, op, self, other);
            self.storage.backend.unary(UnaryOp.COPY, self.shape, r.strided(), self.strided());
            return self.bumpVersion();
        }
        self.storage.backend.binary(kind, self.shape, self.strided(), other.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    static Tensor inPlaceScalar(String op, Tensor self, double s, BinaryOp kind) {
        checkInPlace(op, self);
        if (Tensor.needsGrad(self)) {
            Tensor before = kind == BinaryOp.POW ? self.clone() : self;   // pow's backward needs the old self
            return rebaseInPlace(op, self, scalar(kind, op, before, s, false));
        }
        self.storage.backend.binaryScalar(kind, self.shape, self.strided(), s, false, self.strided());
        return self.bumpVersion();
    }

    static Tensor axpy(String op, Tensor self, Tensor other, double alpha) {
        checkInPlace(op, self);
        checkSameDevice(op, self, other);
        checkInPlaceShape(op, self, other);
        if (Tensor.needsGrad(self, other)) {
            return rebaseInPlace(op, self, binary(BinaryOp.ADD, op, self, other.mul(alpha)));
        }
        Tensor x = other.to(self.dtype);
        self.storage.backend.axpy(self.shape, alpha, x.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    static Tensor copyInto(String op, Tensor self, Tensor src) {
        checkInPlace(op, self);
        checkInPlaceShape(op, self, src);
        Tensor s = src.device().equals(self.device()) ? src : src.to(self.device());
        if (Tensor.needsGrad(s)) {
            Tensor converted = s.to(self.dtype).expand(self.shape);
            return rebaseInPlace(op, self, converted);
        }
        self.storage.backend.unary(UnaryOp.COPY, self.shape, s.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    /** Gradient of a broadcasting binary op. */
    static final class BinaryNode extends Node {
        private final BinaryOp op;
        private final int[] aShape;
        private final int[] bShape;

        BinaryNode(BinaryOp op, Tensor a, Tensor b, Tensor out) {
            super(a, b);
            this.op = op;
            this.aShape = a.shape;
            this.bShape = b.shape;
            switch (op) {
                case MUL, DIV, MAXIMUM, MINIMUM -> save(a, b);
                case POW -> save(a, b, out.detach());
                default -> { }
            }
        }

        @Override
        public String name() {
            return switch (op) {
                case ADD -> "AddBackward0";
                case SUB -> "SubBackward0";
                case MUL -> "MulBackward0";
                case DIV -> "DivBackward0";
                case POW -> "PowBackward1";
                case MAXIMUM -> "MaximumBackward0";
                case MINIMUM -> "MinimumBackward0";
                default -> op + "Backward";
            };
        }

        @Override
        Tensor[] backward(Tensor g) {
            boolean wantA = next[0] != null;
            boolean wantB = next[1] != null;
            Tensor ga = null;
            Tensor gb = null;
            switch (op) {
                case ADD -> {
                    ga = g;
                    gb = g;
                }
                case SUB -> {
                    ga = g;
                    gb = wantB ? g.neg() : null;
                }
                case MUL -> {
                    ga = wantA ? g.mul(saved(1)) : null;
                    gb = wantB ? g.mul(saved(0)) : null;
                }
                case DIV -> {
                    Tensor b = saved(1);
                    ga = wantA ? g.div(b) : null;
                    gb = wantB ? g.neg().mul(saved(0).div(b).div(b)) : null;
                }
                case POW -> {
                    Tensor a = saved(0);
                    Tensor b = saved(1);
                    ga = wantA ? g.mul(b.mul(a.pow(b.sub(1.0)))) : null;
                    gb = wantB ? g.mul(saved(2).mul(a.log())) : null;
                }
                case MAXIMUM, MINIMUM -> {
                    Tensor a = saved(0);
                    Tensor b = saved(1);
                    Tensor aWins = op == BinaryOp.MAXIMUM ? a.gt(b) : a.lt(b);
                    Tensor half = a.eq(b).mul(0.5);
                    ga = wantA ? g.mul(aWins.add(half)) : null;
                    gb = wantB ? g.mul(aWins.rsub(1.0).sub(half)) : null;
                }
                default -> { }
            }
            return new Tensor[] {
                wantA ? Reductions.sumTo(ga, aShape) : null,
                wantB ? Reductions.sumTo(gb, bShape) : null
            };
        }
    }

    /** Gradient of an op between a tensor and a Python-style number. */
    static final class ScalarNode extends Node {
        private final BinaryOp op;
        private final double s;
        private final boolean scalarFirst;

        ScalarNode(BinaryOp op, Tensor a, double s, boolean scalarFirst, Tensor out) {
            super(a);
            this.op = op;
            this.s = s;
            this.scalarFirst = scalarFirst;
            if (op == BinaryOp.DIV && scalarFirst) {
                save(a);
            } else if (op == BinaryOp.POW) {
                save(scalarFirst ? out.detach() : a);
            }
        }

        @Override
        public String name() {
            return switch (op) {
                case ADD -> "AddBackward0";   // PyTorch wraps a Python number as a tensor: the .Tensor overloads
                case SUB -> scalarFirst ? "RsubBackward1" : "SubBackward0";
                case MUL -> "MulBackward0";
                case DIV -> "DivBackward0";
                case POW -> scalarFirst ? "PowBackward2" : "PowBackward0";
                default -> op + "Backward";
            };
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor ga = switch (op) {
                case ADD -> g;
                case SUB -> scalarFirst ? g.neg() : g;
                case MUL -> g.mul(s);
                case DIV -> scalarFirst ? g.neg().mul(s).div(saved(0).mul(saved(0))) : g.div(s);
                case POW -> scalarFirst ? g.mul(saved(0).mul(Math.log(s)))
                        : s == 0.0 ? g.mul(0.0) : g.mul(saved(0).pow(s - 1.0).mul(s));
                default -> null;
            };
            return new Tensor[] {ga};
        }
    }

    /** Gradient of a unary map. */
    static final class UnaryNode extends Node {
        private final UnaryOp op;

        UnaryNode(UnaryOp op, Tensor a, Tensor out) {
            super(a);
            this.op = op;
            switch (op) {
                case LOG, ABS -> save(a);
                case EXP, SQRT, RELU, TANH, SIGMOID -> save(out.detach());
                default -> { }
            }
        }

        @Override
        public String name() {
            return switch (op) {
                case NEG -> "NegBackward0";
                case EXP -> "ExpBackward0";
                case LOG -> "LogBackward0";
                case SQRT -> "SqrtBackward0";
                case ABS -> "AbsBackward0";
                case RELU -> "ReluBackward0";
                case TANH -> "TanhBackward0";
                case SIGMOID -> "SigmoidBackward0";
                case SIGN -> "SignBackward0";
                case COPY -> "CloneBackward0";
            };
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor ga = switch (op) {
                case NEG -> g.neg();
                case EXP -> g.mul(saved(0));
                case LOG -> g.div(saved(0));
                case SQRT -> g.div(saved(0).mul(2.0));
                case ABS -> g.mul(saved(0).sign());
                case RELU -> g.mul(saved(0).gt(0.0));
                case TANH -> g.mul(saved(0).mul(saved(0)).rsub(1.0));
                case SIGMOID -> g.mul(saved(0).rsub(1.0)).mul(saved(0));
                case SIGN -> g.mul(0.0);
                case COPY -> g;
            };
            return new Tensor[] {ga};
        }
    }
}
