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

    /** PyTorch's promotion between two tensors' dtypes: bool < int64 < float32 < float64. */
    static DType promote(DType a, DType b) {
        return DTypes.promote(a, b);
    }

    static Tensor binary(BinaryOp op, String name, Tensor a, Tensor b) {
        checkSameDevice(name, a, b);
        DTypes.checkBoolSub(op, name, a, b.dtype);
        DType dt = DTypes.computeType(op, name, DTypes.resultType(a, b));
        int[] shape = Shapes.broadcast(name, a.shape, b.shape);
        Tensor x = Views.promote(a, dt);
        Tensor y = Views.promote(b, dt);
        Tensor out = Tensor.empty(shape, op.isComparison() ? DType.BOOL : dt, x.storage.backend);
        x.storage.backend.binary(op, shape, x.stridedAs(shape), y.stridedAs(shape), out.strided());
        Derivatives.Binary rule = Derivatives.of(op);
        if (rule != null && Tensor.needsGrad(x, y)) {
            Tensor.record(out, new BinaryNode(rule, x, y, out));
        }
        return out;
    }

    /**
     * {@code op(a, s)} with a Python float {@code s}: an integer or bool {@code a} is computed in the
     * default dtype, comparisons too ({@code int64 16777217 == 16777216.0} holds in float32, as in PyTorch).
     */
    static Tensor scalar(BinaryOp op, String name, Tensor a, double s, boolean scalarFirst) {
        if (!a.dtype.isFloatingPoint()) {
            DTypes.checkBoolSub(op, name, a, Tensor.defaultDType());
            return scalar(op, name, a.to(Tensor.defaultDType()), s, scalarFirst);
        }
        Tensor out = Tensor.empty(a.shape, op.isComparison() ? DType.BOOL : a.dtype, a.storage.backend);
        a.storage.backend.binaryScalar(op, a.shape, a.strided(), s, scalarFirst, out.strided());
        Derivatives.Scalar rule = Derivatives.of(op, scalarFirst);
        if (rule != null && Tensor.needsGrad(a)) {
            Tensor.record(out, new ScalarNode(rule, a, s, out));
        }
        return out;
    }

    /**
     * {@code 1} where {@code op(a, b)} holds, else {@code 0}, in {@code a}'s floating dtype: the masks
     * of gradient formulas, which multiply a gradient and must keep its dtype (and work on every backend).
     */
    static Tensor mask(BinaryOp op, Tensor a, Tensor b) {
        DType dt = promote(a.dtype, b.dtype);
        Tensor x = a.to(dt);
        Tensor y = b.to(dt);
        int[] shape = Shapes.broadcast(op.name().toLowerCase(java.util.Locale.ROOT), x.shape, y.shape);
        Tensor out = Tensor.empty(shape, dt, x.storage.backend);
        x.storage.backend.binary(op, shape, x.stridedAs(shape), y.stridedAs(shape), out.strided());
        return out;
    }

    /** {@link #mask(BinaryOp, Tensor, Tensor)} against a number. */
    static Tensor mask(BinaryOp op, Tensor a, double s) {
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.binaryScalar(op, a.shape, a.strided(), s, false, out.strided());
        return out;
    }

    /**
     * {@code g * m} for a mask {@code m} of 1, 0.5 (a tie) and 0 that a gradient rule just made, with PyTorch's zero
     * where {@code m} is 0: +0.0 whatever {@code g} is there. PyTorch writes these gradients with where/masked_fill,
     * so a negative, infinite or NaN gradient that the mask stops gives +0.0, where the product alone gives -0.0
     * or NaN (a NaN that reached the parameters). The temporaries go back to the backend at once (the next step's
     * reuse them) unless the result saved them for a higher-order gradient ({@code createGraph}).
     */
    static Tensor gradThrough(Tensor g, Tensor m) {
        Tensor product = g.mul(m);
        Tensor stopped = m.eq(0.0);
        Tensor out = product.maskedFill(stopped, 0.0);
        if (out.gradFn() == null) {
            m.storage.release();
            stopped.storage.release();
            if (product.storage != out.storage && product.storage != g.storage) {
                product.storage.release();
            }
        }
        return out;
    }

    static Tensor unary(UnaryOp op, Tensor a) {
        if (!a.dtype.isFloatingPoint()) {
            return DTypes.integerUnary(op, a);
        }
        Tensor out = Tensor.empty(a.shape, a.dtype, a.storage.backend);
        a.storage.backend.unary(op, a.shape, a.strided(), out.strided());
        if (Tensor.needsGrad(a)) {
            Tensor.record(out, new UnaryNode(op, a, out));
        }
        return out;
    }

    /** Refuses an in-place change of a leaf that requires grad while grad mode is on, as PyTorch does. */
    static void checkInPlace(String op, Tensor self) {
        checkInPlaceLeaf(op, self);
        InPlace.checkWritable(op, self);
    }

    /** The leaf part of {@link #checkInPlace}, for writes of single elements (which cannot overlap). */
    static void checkInPlaceLeaf(String op, Tensor self) {
        if (self.requiresGrad() && self.isLeaf() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a leaf Variable that requires grad (shape " + Shapes.str(self.shape)
                    + ") is being used in an in-place operation; wrap it in GradMode.noGrad() or use detach()");
        }
    }

    private static void checkInPlaceShape(String op, Tensor self, Tensor other) {
        InPlace.checkNoPartialOverlap(op, self, other);
        int[] shape = Shapes.broadcast(op, self.shape, other.shape);
        if (!Arrays.equals(shape, self.shape)) {
            throw new IllegalArgumentException(op + ": output with shape " + Shapes.str(self.shape)
                    + " doesn't match the broadcast shape " + Shapes.str(shape) + " (other has shape "
                    + Shapes.str(other.shape) + ")");
        }
    }

    /** Records an in-place change as a new history for {@code self}: computes {@code result} out of place, then copies. */
    static Tensor rebaseInPlace(String op, Tensor self, Tensor result) {
        return ViewInPlace.rebase(op, self, result);
    }

    static Tensor inPlace(String op, Tensor self, Tensor other, BinaryOp kind) {
        checkInPlace(op, self);
        checkSameDevice(op, self, other);
        checkInPlaceShape(op, self, other);
        DTypes.checkCast(op, DTypes.computeType(kind, op, DTypes.resultType(self, other)), self);
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
        if (!self.dtype.isFloatingPoint()) {
            // An integral value acts as a Python int; any other makes a float result, which int64 cannot hold.
            Tensor r = s == Math.rint(s) && Math.abs(s) <= 0x1p63 ? DTypes.scalarLong(kind, op, self, (long) s, false)
                    : scalar(kind, op, self, s, false);
            DTypes.checkCast(op, r.dtype, self);
            self.storage.backend.unary(UnaryOp.COPY, self.shape, r.strided(), self.strided());
            return self.bumpVersion();
        }
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
        if (!self.dtype.isFloatingPoint() || !other.dtype.isFloatingPoint()) {
            Tensor scaled = alpha == Math.rint(alpha) ? DTypes.scalarLong(BinaryOp.MUL, op, other, (long) alpha, false)
                    : other.mul(alpha);
            return inPlace(op, self, scaled, BinaryOp.ADD);
        }
        if (Tensor.needsGrad(self, other)) {
            return rebaseInPlace(op, self, ScaledAdd.apply("add", self, other, alpha));   // one rounding, as below
        }
        if (DTypes.resultType(self, other) != self.dtype) {
            // PyTorch computes in the wider dtype (f32 self, f64 other: an f64 fma) and rounds once into self
            Tensor r = ScaledAdd.apply("add", self, other, alpha);
            self.storage.backend.unary(UnaryOp.COPY, self.shape, r.strided(), self.strided());
            return self.bumpVersion();
        }
        Tensor x = other.to(self.dtype);
        self.storage.backend.axpy(self.shape, alpha, x.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    static Tensor copyInto(String op, Tensor self, Tensor src) {
        checkInPlace(op, self);
        checkInPlaceShape(op, self, src);
        Tensor s = src.device().equals(self.device()) ? src : src.to(self.device());
        if (Tensor.needsGrad(s, self)) {
            // broadcast, then convert: src's gradient is converted back first, then summed in src's dtype (PyTorch)
            Tensor converted = s.expand(self.shape).to(self.dtype);
            if (self.dtype.isFloatingPoint()) {
                // PyTorch's CopyBackwards: the old values are overwritten (zero gradient), src's passes through. A node
                // of its own also when self has no history: self must not become an alias of a leaf src.
                Tensor copied = new Tensor(converted.storage, converted.shape, converted.strides, converted.offset,
                        converted.dtype);
                Tensor.record(copied, new Indexing.FnNode("CopyBackwards",
                        g -> new Tensor[] {Tensor.zerosLike(g), g}, self, converted));
                converted = copied;
            }
            return rebaseInPlace(op, self, converted);
        }
        self.storage.backend.unary(UnaryOp.COPY, self.shape, s.stridedAs(self.shape), self.strided());
        return self.bumpVersion();
    }

    /** Gradient of a broadcasting tensor-tensor op, by its {@link Derivatives} entry. */
    static final class BinaryNode extends NamedNode {
        private final Derivatives.Binary rule;
        private final int[] aShape;
        private final int[] bShape;

        BinaryNode(Derivatives.Binary rule, Tensor a, Tensor b, Tensor out) {
            super(rule.gradFn(), a, b);
            this.rule = rule;
            this.aShape = a.shape;
            this.bShape = b.shape;
            if (rule.savesA() || rule.savesB() || rule.savesOut()) {
                save(rule.savesA() ? a : null, rule.savesB() ? b : null, rule.savesOut() ? out.detach() : null);
            }
        }

        @Override
        Tensor[] backward(Tensor g) {
            Tensor a = rule.savesA() ? saved(0) : null;
            Tensor b = rule.savesB() ? saved(1) : null;
            Tensor out = rule.savesOut() ? savedOutput(2) : null;
            return new Tensor[] {
                next[0] != null ? PrimitiveReductions.sumTo(rule.gradA().apply(g, a, b, out), aShape) : null,
                next[1] != null ? PrimitiveReductions.sumTo(rule.gradB().apply(g, a, b, out), bShape) : null
            };
        }
    }

    /** Gradient of an op between a tensor and a Python-style number, by its {@link Derivatives} entry. */
    static final class ScalarNode extends NamedNode {
        private final Derivatives.Scalar rule;
        private final double s;

        ScalarNode(Derivatives.Scalar rule, Tensor a, double s, Tensor out) {
            super(rule.gradFn(), a);
            this.rule = rule;
            this.s = s;
            saveOne(this, rule.saved(), a, out);
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {rule.grad().apply(g, savedValue(this, rule.saved()), s)};
        }
    }

    /** Gradient of a unary map, by its {@link Derivatives} entry. */
    static final class UnaryNode extends NamedNode {
        private final Derivatives.Unary rule;

        private final UnaryOp op;

        UnaryNode(UnaryOp op, Tensor a, Tensor out) {
            super(Derivatives.of(op).gradFn(), a);
            this.op = op;
            this.rule = Derivatives.of(op);
            saveOne(this, rule.saved(), a, out);
        }

        @Override
        Tensor[] backward(Tensor g) {
            return new Tensor[] {rule.grad().apply(g, savedValue(this, rule.saved()))};
        }

        @Override
        Tensor[] backwardWithGraph(Tensor g) {
            Tensor named = DoubleBackward.ofUnary(op, g, savedValue(this, rule.saved()));
            return named != null ? new Tensor[] {named} : backward(g);
        }
    }

    /** What {@link #saveOne} saved: null, the input, or the output (with its history while a graph is recorded). */
    private static Tensor savedValue(Node node, Derivatives.Saved saved) {
        return switch (saved) {
            case NOTHING -> null;
            case INPUT -> node.saved(0);
            case OUTPUT -> node.savedOutput(0);
        };
    }

    private static void saveOne(Node node, Derivatives.Saved saved, Tensor in, Tensor out) {
        switch (saved) {
            case INPUT -> node.save(in);
            case OUTPUT -> node.save(out.detach());
            case NOTHING -> { }
        }
    }
}
