package org.grad4j.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.grad4j.DType;
import org.grad4j.MemoryScope;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;

/**
 * L-BFGS, PyTorch's {@code torch.optim.LBFGS}: a quasi-Newton method over all parameters flattened into one vector,
 * with an optional strong-Wolfe line search. Each {@link #step(Supplier)} re-evaluates the model through the closure
 * (up to {@code max_eval} times) and runs up to {@code max_iter} iterations; it is PyTorch 1.13's {@code step}
 * and {@code _strong_wolfe} operation for operation, so trajectories match PyTorch's bit for bit in float64 and
 * float32: PyTorch's scalars are 0-d tensors of the parameters' dtype ({@code t}, {@code ys}, {@code H_diag},
 * {@code ro}, {@code gtd}, ...) or Python floats (the losses), and grad4j rounds each one where PyTorch's does
 * (see {@code Num}).
 *
 * <pre>{@code
 * LBFGS opt = LBFGS.builder(model.parameters()).lr(1).lineSearchFn("strong_wolfe").build();
 * opt.step(() -> { opt.zeroGrad(); Tensor loss = lossFn.apply(model.forward(x), y); loss.backward(); return loss; });
 * }</pre>
 *
 * Options: {@code lr} (default 1), {@code max_iter} (20), {@code max_eval} (max_iter * 5 / 4), {@code tolerance_grad}
 * (1e-7), {@code tolerance_change} (1e-9), {@code history_size} (100), {@code line_search_fn} (null, PyTorch's None,
 * or {@code "strong_wolfe"}). One parameter group only, as in PyTorch. The state dict holds, as the first parameter's
 * state, PyTorch's counters {@code func_evals} and {@code n_iter} (0-d float32) and the history under PyTorch's keys
 * (lists stacked into tensors, see {@code beforeStateDict}), so {@link #loadStateDict} resumes exactly.
 */
public final class LBFGS extends Optimizer {
    private static final String STRONG_WOLFE = "strong_wolfe";

    /** PyTorch's {@code state[params[0]]} besides the counters: the search direction and the curvature pairs. */
    private Tensor d;
    private Num t;
    private final List<Tensor> oldDirs = new ArrayList<>();
    private final List<Tensor> oldStps = new ArrayList<>();
    private final List<Num> ro = new ArrayList<>();
    private Num hDiag;
    private Tensor prevFlatGrad;
    private double prevLoss;

    /**
     * L-BFGS with PyTorch's defaults, like {@code torch.optim.LBFGS(params)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad, of one dtype and device
     */
    public LBFGS(List<Tensor> params) {
        this(builder(params));
    }

    /**
     * L-BFGS with learning rate {@code lr}, like {@code torch.optim.LBFGS(params, lr=lr)}.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad, of one dtype and device
     * @param lr the learning rate
     */
    public LBFGS(List<Tensor> params, double lr) {
        this(builder(params).lr(lr));
    }

    private LBFGS(Builder b) {
        super("LBFGS", b.params, b.resolved(), Set.of("d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad",
                "prev_loss"));
        Tensor first = b.params.get(0);
        for (Tensor p : b.params) {
            if (p.dtype() != first.dtype() || !p.device().equals(first.device())
                    || !(p.dtype() == DType.FLOAT32 || p.dtype() == DType.FLOAT64)) {
                throw new IllegalArgumentException("LBFGS: all parameters must be float32 or float64 tensors of one dtype "
                        + "on one device (they are flattened into one vector); got " + first.dtype() + " on "
                        + first.device() + " and " + p.dtype() + " on " + p.device());
            }
        }
    }

    /**
     * A builder for every option.
     *
     * @param params the parameters to update: non-empty, distinct leaves that require grad, of one dtype and device
     * @return a new builder with PyTorch's defaults
     */
    public static Builder builder(List<Tensor> params) {
        return new Builder(params);
    }

    @Override
    void validate(Map<String, Object> o) {
        Object ls = o.get("line_search_fn");
        // PyTorch accepts any value here and fails in step(); grad4j refuses it at once, with step()'s message.
        Optimizers.check(ls == null || STRONG_WOLFE.equals(ls), "LBFGS: only 'strong_wolfe' is supported (got line_search_fn="
                + ls + ")");
        for (String k : new String[] {"max_iter", "max_eval", "history_size"}) {
            double v = (Double) o.get(k);
            Optimizers.check(v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE, "LBFGS: " + k
                    + " must be a non-negative whole number, got " + Optimizers.py(v));
        }
    }

    @Override
    boolean singleGroup() {
        return true;
    }

    @Override
    boolean stateFollowsParams() {
        return false;
    }

    /**
     * The history as state of the first parameter, PyTorch's keys: {@code d}, {@code prev_flat_grad} (flat
     * vectors), {@code old_dirs} and {@code old_stps} (PyTorch's lists of vectors, stacked: one row per pair),
     * {@code ro} (its list of numbers, as a vector), {@code t}, {@code H_diag} (0-d, the parameters' dtype),
     * {@code prev_loss} (0-d float64); PyTorch's scratch list {@code al} is not kept.
     */
    @Override
    void beforeStateDict() {
        if (d == null) {
            return;
        }
        Tensor p0 = parameters().get(0);
        Map<String, Tensor> m = state(p0).tensors;
        int n = (int) d.numel();
        m.clear();
        m.put("d", d);
        m.put("t", keep(number(t.v, p0.dtype(), p0)));
        m.put("old_dirs", keep(rows(oldDirs, n, p0)));
        m.put("old_stps", keep(rows(oldStps, n, p0)));
        double[] r = new double[ro.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = ro.get(i).v;
        }
        m.put("ro", keep(Tensor.of(r, p0.dtype(), p0.device(), r.length)));
        m.put("H_diag", keep(number(hDiag.v, p0.dtype(), p0)));
        m.put("prev_flat_grad", prevFlatGrad);
        m.put("prev_loss", keep(number(prevLoss, DType.FLOAT64, p0)));
    }

    private static Tensor number(double v, DType dtype, Tensor like) {
        return Tensor.of(new double[] {v}, dtype, like.device(), new int[0]);
    }

    private static Tensor rows(List<Tensor> vectors, int n, Tensor like) {
        return vectors.isEmpty() ? Tensor.full(new int[] {0, n}, 0.0, like.dtype(), like.device()) : Tensor.stack(vectors, 0);
    }

    /** Takes the history back from a loaded state dict; an incomplete or mis-shaped one restarts it from the gradient. */
    @Override
    void afterLoadStateDict() {
        Tensor p0 = parameters().get(0);
        ParamState st = existingState(p0);
        Map<String, Tensor> m = st == null ? Map.of() : st.tensors;
        clearHistory();
        int n = 0;
        for (Tensor p : parameters()) {
            n += p.numel();
        }
        Tensor dir = m.get("d");
        Tensor prev = m.get("prev_flat_grad");
        Tensor dirs = m.get("old_dirs");
        Tensor stps = m.get("old_stps");
        Tensor r = m.get("ro");
        boolean complete = dir != null && prev != null && dirs != null && stps != null && r != null && m.get("t") != null
                && m.get("H_diag") != null && vector(dir, n) && vector(prev, n) && dirs.dim() == 2 && stps.dim() == 2
                && dirs.shape()[1] == n && java.util.Arrays.equals(dirs.shape(), stps.shape()) && r.dim() == 1
                && r.shape()[0] == dirs.shape()[0];
        if (complete) {
            d = dir;
            prevFlatGrad = prev;
            t = Num.tensor(m.get("t").item());
            hDiag = Num.tensor(m.get("H_diag").item());
            prevLoss = m.containsKey("prev_loss") ? m.get("prev_loss").item() : 0;
            double[] rv = r.toDoubleArray();
            for (int i = 0; i < rv.length; i++) {
                oldDirs.add(keep(dirs.narrow(0, i, 1).reshape(n).clone()));
                oldStps.add(keep(stps.narrow(0, i, 1).reshape(n).clone()));
                ro.add(Num.tensor(rv[i]));
            }
        }
        if (st != null) {
            st.tensors.clear();
        }
    }

    private static boolean vector(Tensor v, int n) {
        return v.dim() == 1 && v.shape()[0] == n;
    }

    private void clearHistory() {
        d = null;
        t = null;
        prevFlatGrad = null;
        hDiag = null;
        oldDirs.clear();
        oldStps.clear();
        ro.clear();
    }

    @Override
    Set<String> scalarStateKeys() {
        return Set.of("func_evals", "n_iter");
    }

    @Override
    Set<String> floatOptions() {
        return Set.of("tolerance_grad", "tolerance_change");
    }

    /**
     * PyTorch's LBFGS needs a closure; use {@link #step(Supplier)}.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS.step: L-BFGS re-evaluates the model several times per step; call "
                + "step(closure) with a closure that clears the gradients, computes the loss, calls backward() and "
                + "returns the loss (PyTorch: step() missing 1 required positional argument: 'closure')");
    }

    /**
     * One optimization step, PyTorch's {@code optimizer.step(closure)}.
     *
     * @param closure clears the gradients, re-evaluates the model, calls {@code backward()} and returns the loss (a
     *        one-element tensor); called with grad mode on
     * @return the loss of the first evaluation
     * @throws IllegalArgumentException if the closure is null, returns null or a loss of more than one element, or a
     *         gradient does not match its parameter
     */
    @Override
    public Tensor step(Supplier<Tensor> closure) {
        if (closure == null) {
            throw new IllegalArgumentException("LBFGS.step: expected a closure that returns the loss, got null");
        }
        ParamGroup group = paramGroups().get(0);
        double lr = group.getDouble("lr");
        int maxIter = (int) group.getDouble("max_iter");
        int maxEval = (int) group.getDouble("max_eval");
        double toleranceGrad = group.getDouble("tolerance_grad");
        double toleranceChange = group.getDouble("tolerance_change");
        int historySize = (int) group.getDouble("history_size");
        Object lineSearch = group.get("line_search_fn");
        if (lineSearch != null && !STRONG_WOLFE.equals(lineSearch)) {
            throw new IllegalStateException("LBFGS.step: only 'strong_wolfe' is supported (line_search_fn=" + lineSearch
                    + ")");
        }
        List<Tensor> params = group.params();
        boolean f32 = params.get(0).dtype() == DType.FLOAT32;
        Tensor origLoss = evaluate(closure);   // first: a refused loss leaves the state as it was
        double loss = origLoss.item();
        ParamState state = state(params.get(0));
        state.tensors.clear();   // the history lives in the fields; stateDict() writes it here
        Map<String, Double> counters = state.scalars;
        counters.putIfAbsent("func_evals", 0.0);
        counters.putIfAbsent("n_iter", 0.0);

        int currentEvals = 1;
        counters.merge("func_evals", 1.0, Double::sum);
        Tensor flatGrad = gatherFlatGrad(params);
        boolean optCond = Num.le(Num.tensor(flatGrad.abs().max().item()), Num.of(toleranceGrad), f32);
        if (optCond) {
            return origLoss;
        }
        int nIter = 0;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            while (nIter < maxIter) {
                nIter++;
                counters.merge("n_iter", 1.0, Double::sum);
                if (counters.get("n_iter") == 1 || prevFlatGrad == null) {
                    replaceD(flatGrad.neg());
                    oldDirs.clear();
                    oldStps.clear();
                    ro.clear();
                    hDiag = Num.of(1);
                } else {
                    Tensor y = flatGrad.sub(prevFlatGrad);
                    Tensor s = d.mul(t.v);
                    Num ys = Num.tensor(y.dot(s).item());
                    if (Num.gt(ys, Num.of(1e-10), f32)) {
                        if (oldDirs.size() == historySize && historySize > 0) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        if (historySize > 0) {
                            oldDirs.add(keep(y));
                            oldStps.add(keep(s));
                            ro.add(Num.div(Num.of(1.), ys, f32));
                        }
                        hDiag = Num.div(ys, Num.tensor(y.dot(y).item()), f32);
                    }
                    int numOld = oldDirs.size();
                    Num[] al = new Num[numOld];
                    Tensor q = flatGrad.neg();
                    for (int i = numOld - 1; i >= 0; i--) {
                        al[i] = Num.mul(Num.tensor(oldStps.get(i).dot(q).item()), ro.get(i), f32);
                        q.add_(oldDirs.get(i), -al[i].v);
                    }
                    Tensor r = q.mul(hDiag.v);
                    for (int i = 0; i < numOld; i++) {
                        Num be = Num.mul(Num.tensor(oldDirs.get(i).dot(r).item()), ro.get(i), f32);
                        r.add_(oldStps.get(i), Num.sub(al[i], be, f32).v);
                    }
                    replaceD(r);
                }
                if (prevFlatGrad == null) {
                    prevFlatGrad = keep(flatGrad.clone());
                } else {
                    prevFlatGrad.copy_(flatGrad);
                }
                prevLoss = loss;
                if (counters.get("n_iter") == 1) {
                    Num inv = Num.div(Num.of(1.), Num.tensor(flatGrad.abs().sum().item()), f32);
                    t = Num.mul(Num.min(Num.of(1.), inv, f32), Num.of(lr), f32);
                } else {
                    t = Num.of(lr);
                }
                Num gtd = Num.tensor(flatGrad.dot(d).item());
                if (Num.gt(gtd, Num.of(-toleranceChange), f32)) {
                    break;
                }
                int lsFuncEvals = 0;
                if (lineSearch != null) {
                    List<Tensor> xInit = new ArrayList<>();
                    for (Tensor p : params) {
                        xInit.add(p.clone());
                    }
                    Search found = strongWolfe(closure, params, xInit, t, d, loss, flatGrad, gtd, toleranceChange, f32);
                    loss = found.f;
                    flatGrad = found.g;
                    t = found.t;
                    lsFuncEvals = found.evals;
                    addGrad(params, t.v, d);
                    optCond = Num.le(Num.tensor(flatGrad.abs().max().item()), Num.of(toleranceGrad), f32);
                } else {
                    addGrad(params, t.v, d);
                    if (nIter != maxIter) {
                        loss = evaluate(closure).item();
                        flatGrad = gatherFlatGrad(params);
                        optCond = Num.le(Num.tensor(flatGrad.abs().max().item()), Num.of(toleranceGrad), f32);
                        lsFuncEvals = 1;
                    }
                }
                currentEvals += lsFuncEvals;
                counters.merge("func_evals", (double) lsFuncEvals, Double::sum);
                if (nIter == maxIter || currentEvals >= maxEval || optCond) {
                    break;
                }
                if (Num.le(Num.tensor(d.mul(t.v).abs().max().item()), Num.of(toleranceChange), f32)) {
                    break;
                }
                if (Math.abs(loss - prevLoss) < toleranceChange) {
                    break;
                }
            }
        }
        return origLoss;
    }

    private void replaceD(Tensor next) {
        d = keep(next);
    }

    private static Tensor keep(Tensor t) {
        return MemoryScope.keep(t);
    }

    /** The closure with grad mode on (PyTorch's {@code torch.enable_grad()(closure)}); its loss must be one number. */
    private Tensor evaluate(Supplier<Tensor> closure) {
        Tensor loss;
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            loss = closure.get();
        }
        if (loss == null || loss.numel() != 1) {
            throw new IllegalArgumentException("LBFGS.step: the closure must return the loss, a one-element tensor; got "
                    + (loss == null ? "null" : "a tensor of shape " + java.util.Arrays.toString(loss.shape())));
        }
        checkGrads();
        return loss;
    }

    /** PyTorch's {@code _gather_flat_grad}: every gradient flattened and concatenated, zeros for a missing one. */
    private static Tensor gatherFlatGrad(List<Tensor> params) {
        List<Tensor> views = new ArrayList<>();
        for (Tensor p : params) {
            Tensor g = p.grad();
            views.add(g == null ? Tensor.full(new int[] {p.numel()}, 0.0, p.dtype(), p.device()) : g.reshape(-1));
        }
        return Tensor.cat(views, 0);
    }

    /** PyTorch's {@code _add_grad}: {@code p += stepSize * update[slice]} for each parameter, one rounding each. */
    private static void addGrad(List<Tensor> params, double stepSize, Tensor update) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            int offset = 0;
            for (Tensor p : params) {
                int n = p.numel();
                p.add_(update.narrow(0, offset, n).reshape(p.shape()), stepSize);
                offset += n;
            }
        }
    }

    private static void setParams(List<Tensor> params, List<Tensor> values) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                params.get(i).copy_(values.get(i));
            }
        }
    }

    /** A line-search result: loss, flat gradient, step and the number of closure evaluations. */
    private record Search(double f, Tensor g, Num t, int evals) {
    }

    /** One evaluation along {@code d}: PyTorch's {@code _directional_evaluate}. */
    private Search directional(Supplier<Tensor> closure, List<Tensor> params, List<Tensor> x, Num step, Tensor dir) {
        addGrad(params, step.v, dir);
        double loss;
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            loss = evaluate(closure).item();
        }
        Tensor flat = gatherFlatGrad(params);
        setParams(params, x);
        return new Search(loss, flat, step, 1);
    }

    /** PyTorch 1.13's {@code _strong_wolfe} (c1 = 1e-4, c2 = 0.9, max_ls = 25). */
    private Search strongWolfe(Supplier<Tensor> closure, List<Tensor> params, List<Tensor> x, Num t, Tensor dir,
            double f, Tensor g, Num gtd, double toleranceChange, boolean f32) {
        double c1 = 1e-4;
        double c2 = 0.9;
        int maxLs = 25;
        Num dNorm = Num.tensor(dir.abs().max().item());
        g = g.clone();
        Search first = directional(closure, params, x, t, dir);
        double fNew = first.f;
        Tensor gNew = first.g;
        int evals = 1;
        Num gtdNew = Num.tensor(gNew.dot(dir).item());
        Num tPrev = Num.of(0);
        double fPrev = f;
        Tensor gPrev = g;
        Num gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        Num[] bracket = null;
        double[] bracketF = null;
        Tensor[] bracketG = null;
        Num[] bracketGtd = null;
        while (lsIter < maxLs) {
            Num armijo = Num.add(Num.of(f), Num.mul(Num.mul(Num.of(c1), t, f32), gtd, f32), f32);
            if (Num.gt(Num.of(fNew), armijo, f32) || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new Num[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new Num[] {gtdPrev, gtdNew};
                break;
            }
            if (Num.le(Num.abs(gtdNew, f32), Num.mul(Num.of(-c2), gtd, f32), f32)) {
                bracket = new Num[] {t};
                bracketF = new double[] {fNew};
                bracketG = new Tensor[] {gNew};
                done = true;
                break;
            }
            if (Num.ge(gtdNew, Num.of(0), f32)) {
                bracket = new Num[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new Tensor[] {gPrev, gNew.clone()};
                bracketGtd = new Num[] {gtdPrev, gtdNew};
                break;
            }
            Num minStep = Num.add(t, Num.mul(Num.of(0.01), Num.sub(t, tPrev, f32), f32), f32);
            Num maxStep = Num.mul(t, Num.of(10), f32);
            Num tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep, f32);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.clone();
            gtdPrev = gtdNew;
            Search next = directional(closure, params, x, t, dir);
            fNew = next.f;
            gNew = next.g;
            evals++;
            gtdNew = Num.tensor(gNew.dot(dir).item());
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new Num[] {Num.of(0), t};
            bracketF = new double[] {f, fNew};
            bracketG = new Tensor[] {g, gNew};
        }
        boolean insufProgress = false;
        int lowPos = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
        int highPos = 1 - lowPos;
        while (!done && lsIter < maxLs) {
            if (Num.lt(Num.mul(Num.abs(Num.sub(bracket[1], bracket[0], f32), f32), dNorm, f32), Num.of(toleranceChange),
                    f32)) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1], null,
                    null, f32);
            Num hi = Num.max(bracket[0], bracket[1], f32);
            Num lo = Num.min(bracket[0], bracket[1], f32);
            Num eps = Num.mul(Num.of(0.1), Num.sub(hi, lo, f32), f32);
            if (Num.lt(Num.min(Num.sub(hi, t, f32), Num.sub(t, lo, f32), f32), eps, f32)) {
                if (insufProgress || Num.ge(t, hi, f32) || Num.le(t, lo, f32)) {
                    if (Num.lt(Num.abs(Num.sub(t, hi, f32), f32), Num.abs(Num.sub(t, lo, f32), f32), f32)) {
                        t = Num.sub(hi, eps, f32);
                    } else {
                        t = Num.add(lo, eps, f32);
                    }
                    insufProgress = false;
                } else {
                    insufProgress = true;
                }
            } else {
                insufProgress = false;
            }
            Search next = directional(closure, params, x, t, dir);
            fNew = next.f;
            gNew = next.g;
            evals++;
            gtdNew = Num.tensor(gNew.dot(dir).item());
            lsIter++;
            Num armijo = Num.add(Num.of(f), Num.mul(Num.mul(Num.of(c1), t, f32), gtd, f32), f32);
            if (Num.gt(Num.of(fNew), armijo, f32) || fNew >= bracketF[lowPos]) {
                bracket[highPos] = t;
                bracketF[highPos] = fNew;
                bracketG[highPos] = gNew.clone();
                bracketGtd[highPos] = gtdNew;
                lowPos = bracketF[0] <= bracketF[1] ? 0 : 1;
                highPos = 1 - lowPos;
            } else {
                if (Num.le(Num.abs(gtdNew, f32), Num.mul(Num.of(-c2), gtd, f32), f32)) {
                    done = true;
                } else if (Num.ge(Num.mul(gtdNew, Num.sub(bracket[highPos], bracket[lowPos], f32), f32), Num.of(0), f32)) {
                    bracket[highPos] = bracket[lowPos];
                    bracketF[highPos] = bracketF[lowPos];
                    bracketG[highPos] = bracketG[lowPos];
                    bracketGtd[highPos] = bracketGtd[lowPos];
                }
                bracket[lowPos] = t;
                bracketF[lowPos] = fNew;
                bracketG[lowPos] = gNew.clone();
                bracketGtd[lowPos] = gtdNew;
            }
        }
        return new Search(bracketF[lowPos], bracketG[lowPos], bracket[lowPos], evals);
    }

    /**
     * PyTorch 1.13's {@code _cubic_interpolate}: the minimizer of the cubic through two points with their slopes,
     * clamped to the bounds (those of the two points when {@code minBound} is null).
     */
    private static Num cubicInterpolate(Num x1, double f1, Num g1, Num x2, double f2, Num g2, Num minBound, Num maxBound,
            boolean f32) {
        Num lo = minBound;
        Num hi = maxBound;
        if (lo == null) {
            boolean ordered = Num.le(x1, x2, f32);
            lo = ordered ? x1 : x2;
            hi = ordered ? x2 : x1;
        }
        Num d1 = Num.sub(Num.add(g1, g2, f32), Num.div(Num.mul(Num.of(3), Num.of(f1 - f2), f32), Num.sub(x1, x2, f32),
                f32), f32);
        Num d2Square = Num.sub(Num.mul(d1, d1, f32), Num.mul(g1, g2, f32), f32);
        if (Num.ge(d2Square, Num.of(0), f32)) {
            Num d2 = Num.sqrt(d2Square, f32);
            Num minPos;
            if (Num.le(x1, x2, f32)) {
                minPos = Num.sub(x2, Num.mul(Num.sub(x2, x1, f32), Num.div(Num.sub(Num.add(g2, d2, f32), d1, f32),
                        Num.add(Num.sub(g2, g1, f32), Num.mul(Num.of(2), d2, f32), f32), f32), f32), f32);
            } else {
                minPos = Num.sub(x1, Num.mul(Num.sub(x1, x2, f32), Num.div(Num.sub(Num.add(g1, d2, f32), d1, f32),
                        Num.add(Num.sub(g1, g2, f32), Num.mul(Num.of(2), d2, f32), f32), f32), f32), f32);
            }
            return Num.min(Num.max(minPos, lo, f32), hi, f32);
        }
        return Num.div(Num.add(lo, hi, f32), Num.of(2.), f32);
    }

    /**
     * A scalar of PyTorch's L-BFGS code: a Python float ({@code tensor == false}, double arithmetic) or a 0-d tensor
     * of the parameters' dtype. An operation with a tensor operand gives a tensor, computed in that dtype (a Python
     * operand first rounded to it; float32 results rounded once, exact as float32 arithmetic for + - * / sqrt);
     * {@code float / tensor} is Python's {@code tensor.reciprocal() * float}; comparisons with a tensor compare in
     * its dtype; {@code min}/{@code max} are Python's (the first argument unless the second is strictly better).
     */
    record Num(double v, boolean tensor) {
        static Num of(double v) {
            return new Num(v, false);
        }

        static Num tensor(double v) {
            return new Num(v, true);
        }

        private static double round(double x, boolean f32) {
            return f32 ? (double) (float) x : x;
        }

        /** The operand as the tensor operation sees it. */
        private static double in(Num a, boolean both, boolean f32) {
            return both && !a.tensor ? round(a.v, f32) : a.v;
        }

        private static Num result(double x, boolean anyTensor, boolean f32) {
            return anyTensor ? tensor(round(x, f32)) : of(x);
        }

        static Num add(Num a, Num b, boolean f32) {
            boolean t = a.tensor || b.tensor;
            return result(in(a, t, f32) + in(b, t, f32), t, f32);
        }

        static Num sub(Num a, Num b, boolean f32) {
            boolean t = a.tensor || b.tensor;
            return result(in(a, t, f32) - in(b, t, f32), t, f32);
        }

        static Num mul(Num a, Num b, boolean f32) {
            boolean t = a.tensor || b.tensor;
            return result(in(a, t, f32) * in(b, t, f32), t, f32);
        }

        static Num div(Num a, Num b, boolean f32) {
            if (!a.tensor && b.tensor) {   // Python's float / tensor: tensor.reciprocal() * float
                return tensor(round(round(1 / b.v, f32) * round(a.v, f32), f32));
            }
            boolean t = a.tensor || b.tensor;
            return result(in(a, t, f32) / in(b, t, f32), t, f32);
        }

        static Num abs(Num a, boolean f32) {
            return new Num(Math.abs(a.v), a.tensor);
        }

        static Num sqrt(Num a, boolean f32) {
            return result(Math.sqrt(a.v), a.tensor, f32);
        }

        static boolean lt(Num a, Num b, boolean f32) {
            boolean t = a.tensor || b.tensor;
            return in(a, t, f32) < in(b, t, f32);
        }

        static boolean le(Num a, Num b, boolean f32) {
            boolean t = a.tensor || b.tensor;
            return in(a, t, f32) <= in(b, t, f32);
        }

        static boolean gt(Num a, Num b, boolean f32) {
            return lt(b, a, f32);
        }

        static boolean ge(Num a, Num b, boolean f32) {
            return le(b, a, f32);
        }

        /** Python's {@code min(a, b)}: b if b &lt; a, else a. */
        static Num min(Num a, Num b, boolean f32) {
            return lt(b, a, f32) ? b : a;
        }

        /** Python's {@code max(a, b)}: b if b &gt; a, else a. */
        static Num max(Num a, Num b, boolean f32) {
            return gt(b, a, f32) ? b : a;
        }
    }

    /** Builds an {@link LBFGS}; every option defaults to PyTorch's default. */
    public static final class Builder extends OptionsBuilder<Builder, LBFGS> {
        private Builder(List<Tensor> params) {
            super(params, LBFGS::new, "lr", 1.0, "max_iter", 20.0, "max_eval", null, "tolerance_grad", 1e-7,
                    "tolerance_change", 1e-9, "history_size", 100.0, "line_search_fn", null);
        }

        /** The options with PyTorch's {@code max_eval} default, {@code max_iter * 5 // 4}, filled in. */
        Map<String, Object> resolved() {
            Map<String, Object> o = options();
            if (o.get("max_eval") == null && o.get("max_iter") instanceof Number n) {
                o.put("max_eval", Math.floor(n.doubleValue() * 5 / 4));
            }
            return o;
        }

        /**
         * Learning rate (default 1).
         *
         * @param value the learning rate
         * @return this builder
         */
        public Builder lr(double value) {
            return set("lr", value);
        }

        /**
         * Maximal number of iterations per step (default 20).
         *
         * @param value the iterations
         * @return this builder
         */
        public Builder maxIter(int value) {
            return set("max_iter", (double) value);
        }

        /**
         * Maximal number of function evaluations per step (default {@code max_iter * 5 / 4}, rounded down).
         *
         * @param value the evaluations
         * @return this builder
         */
        public Builder maxEval(int value) {
            return set("max_eval", (double) value);
        }

        /**
         * Termination tolerance on first-order optimality, the largest gradient element (default 1e-7).
         *
         * @param value the tolerance
         * @return this builder
         */
        public Builder toleranceGrad(double value) {
            return set("tolerance_grad", value);
        }

        /**
         * Termination tolerance on changes of the loss or the parameters (default 1e-9).
         *
         * @param value the tolerance
         * @return this builder
         */
        public Builder toleranceChange(double value) {
            return set("tolerance_change", value);
        }

        /**
         * Number of curvature pairs kept (default 100).
         *
         * @param value the history size
         * @return this builder
         */
        public Builder historySize(int value) {
            return set("history_size", (double) value);
        }

        /**
         * The line search: null (PyTorch's None, a fixed step {@code lr}) or {@code "strong_wolfe"} (default null).
         *
         * @param value null or "strong_wolfe"
         * @return this builder
         */
        public Builder lineSearchFn(String value) {
            return set("line_search_fn", value);
        }
    }

    @Override
    List<String> torchGroupKeys() {
        return List.of("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size",
                "line_search_fn");
    }
}
