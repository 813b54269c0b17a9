package org.grad4j;

import java.util.ArrayList;
import java.util.List;

/**
 * PyTorch's {@code einsum}: repeated subscripts in an operand (its diagonal), an ellipsis, implicit output (the
 * ellipsis dims, then the subscripts seen once, alphabetically, upper case first), and sums over the others. Built
 * of views (diagonal, permute, reshape), sums and one {@code bmm} per pair of operands, left to right as PyTorch
 * contracts them, so it runs on every backend and has gradients.
 */
final class Einsum {
    private Einsum() {
    }

    private static final int LETTERS = 52;

    private static int label(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        return -1;
    }

    /** One term's labels in order; {@code LETTERS + j} stands for ellipsis dim j, -1 marks where the ellipsis is. */
    private static List<Integer> parse(String equation, String term) {
        List<Integer> l = new ArrayList<>();
        boolean ellipsis = false;
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c == '.') {
                if (ellipsis || !term.startsWith("...", i)) {
                    throw new IllegalArgumentException("einsum(): found '.' for operand that is not part of any ellipsis"
                            + " (or more than one ellipsis) in \"" + equation + "\"");
                }
                ellipsis = true;
                l.add(-1);
                i += 2;
            } else if (label(c) < 0) {
                throw new IllegalArgumentException("einsum(): invalid subscript given at index " + i + " of term \"" + term
                        + "\" in the equation string \"" + equation + "\", subscripts must be in [a-zA-Z]");
            } else {
                l.add(label(c));
            }
        }
        return l;
    }

    static Tensor einsum(String equation, Tensor... operands) {
        if (equation == null || operands == null || operands.length == 0) {
            throw new IllegalArgumentException("einsum(): must provide an equation and at least one operand");
        }
        for (Tensor t : operands) {
            if (t == null) {
                throw new IllegalArgumentException("einsum(): an operand is null");
            }
            Pointwise.checkSameDevice("einsum", operands[0], t);
        }
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String lhs = arrow < 0 ? eq : eq.substring(0, arrow);
        String[] terms = lhs.split(",", -1);
        if (terms.length != operands.length) {
            throw new IllegalArgumentException("einsum(): " + (terms.length < operands.length ? "more" : "fewer")
                    + " operands were provided than specified in the equation \"" + equation + "\" (" + operands.length
                    + " operands, " + terms.length + " terms)");
        }
        int ellDims = 0;
        List<List<Integer>> labels = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            List<Integer> l = parse(equation, terms[i]);
            int letters = (int) l.stream().filter(x -> x >= 0).count();
            boolean hasEll = l.contains(-1);
            int rank = operands[i].dim();
            if (hasEll ? letters > rank : letters != rank) {
                throw new IllegalArgumentException("einsum(): the number of subscripts in the equation (" + letters
                        + ") " + (hasEll ? "is more than" : "does not match") + " the number of dimensions (" + rank
                        + ") for operand " + i + (hasEll ? "" : " and no ellipsis was given"));
            }
            List<Integer> full = new ArrayList<>();
            int e = rank - letters;
            for (int x : l) {
                if (x == -1) {
                    for (int j = 0; j < e; j++) {
                        full.add(LETTERS + j);   // aligned right later: dim j of e
                    }
                } else {
                    full.add(x);
                }
            }
            ellDims = Math.max(ellDims, e);
            labels.add(full);
        }
        // ellipsis dims aligned to the right: operand with e dims uses the last e of ellDims
        for (int i = 0; i < labels.size(); i++) {
            int e = operands[i].dim() - (int) labels.get(i).stream().filter(x -> x < LETTERS).count();
            List<Integer> l = labels.get(i);
            for (int k = 0; k < l.size(); k++) {
                if (l.get(k) >= LETTERS) {
                    l.set(k, l.get(k) + ellDims - e);
                }
            }
        }
        int[] count = new int[LETTERS + ellDims];
        for (List<Integer> l : labels) {
            for (int x : new java.util.HashSet<>(l)) {
                count[x]++;
            }
        }
        List<Integer> out = new ArrayList<>();
        if (arrow >= 0) {
            List<Integer> o = parse(equation, eq.substring(arrow + 2));
            for (int x : o) {
                if (x == -1) {
                    for (int j = 0; j < ellDims; j++) {
                        out.add(LETTERS + j);
                    }
                } else {
                    if (out.contains(x)) {
                        throw new IllegalArgumentException("einsum(): output subscript " + name(x)
                                + " appears more than once in the output of \"" + equation + "\"");
                    }
                    if (count[x] == 0) {
                        throw new IllegalArgumentException("einsum(): output subscript " + name(x)
                                + " does not appear in the equation for any input operand (\"" + equation + "\")");
                    }
                    out.add(x);
                }
            }
        } else {
            for (int j = 0; j < ellDims; j++) {
                out.add(LETTERS + j);
            }
            for (int x = 0; x < LETTERS; x++) {
                if (count[x] == 1 && countAll(labels, x) == 1) {
                    out.add(x);
                }
            }
        }
        // each operand: its repeated subscripts as diagonals, then its own labels summed when no one else needs them
        Tensor acc = null;
        List<Integer> accLabels = null;
        for (int i = 0; i < operands.length; i++) {
            Tensor t = operands[i];
            List<Integer> l = new ArrayList<>(labels.get(i));
            for (int p = 0; p < l.size(); p++) {
                for (int q = p + 1; q < l.size(); q++) {
                    if (l.get(p).equals(l.get(q))) {
                        if (t.shape[p] != t.shape[q]) {
                            throw new IllegalArgumentException("einsum(): subscript " + name(l.get(p)) + " is repeated for "
                                    + "operand " + i + " but the sizes don't match, " + t.shape[p] + " != " + t.shape[q]);
                        }
                        int lab = l.get(p);
                        t = t.diagonal(0, p, q);
                        l.remove(q);
                        l.remove(p);
                        l.add(lab);
                        p = -1;
                        break;
                    }
                }
            }
            if (acc == null) {
                acc = t;
                accLabels = l;
            } else {
                List<Integer> needed = new ArrayList<>(out);
                for (int j = i + 1; j < operands.length; j++) {
                    needed.addAll(labels.get(j));
                }
                Object[] r = contract(acc, accLabels, t, l, needed);
                acc = (Tensor) r[0];
                @SuppressWarnings("unchecked")
                List<Integer> rl = (List<Integer>) r[1];
                accLabels = rl;
            }
        }
        if (operands.length == 1) {   // PyTorch: permuted to the output's order, the summed labels last, then summed
            int[] order = new int[accLabels.size()];
            int o = 0;
            for (int x : out) {
                order[o++] = accLabels.indexOf(x);
            }
            for (int k = 0; k < accLabels.size(); k++) {
                if (!out.contains(accLabels.get(k))) {
                    order[o++] = k;
                }
            }
            Tensor p = acc.permute(order);
            int extra = order.length - out.size();
            if (extra == 0) {
                return p;
            }
            int[] dims = new int[extra];
            for (int k = 0; k < extra; k++) {
                dims[k] = out.size() + k;
            }
            return p.sum(dims, false);
        }
        // sum what the output does not keep, then order as the output
        List<Integer> sumDims = new ArrayList<>();
        for (int k = 0; k < accLabels.size(); k++) {
            if (!out.contains(accLabels.get(k))) {
                sumDims.add(k);
            }
        }
        if (!sumDims.isEmpty()) {
            acc = acc.sum(sumDims.stream().mapToInt(Integer::intValue).toArray(), false);
            List<Integer> kept = new ArrayList<>();
            for (int k = 0; k < accLabels.size(); k++) {
                if (!sumDims.contains(k)) {
                    kept.add(accLabels.get(k));
                }
            }
            accLabels = kept;
        }
        int[] perm = new int[out.size()];
        List<int[]> missing = new ArrayList<>();
        for (int k = 0; k < out.size(); k++) {
            perm[k] = accLabels.indexOf(out.get(k));
            if (perm[k] < 0) {
                missing.add(new int[] {k});
            }
        }
        if (!missing.isEmpty()) {   // an ellipsis dim that no operand had: size 1
            for (int[] m : missing) {
                acc = acc.unsqueeze(acc.dim());
                accLabels.add(out.get(m[0]));
                perm[m[0]] = accLabels.size() - 1;
            }
        }
        boolean identity = true;
        for (int k = 0; k < perm.length; k++) {
            identity &= perm[k] == k;
        }
        // PyTorch permutes a single operand even to its own order; a product only when the order differs
        return identity && perm.length == acc.dim() && operands.length > 1 ? acc : acc.permute(perm);
    }

    private static String name(int x) {
        return x >= LETTERS ? "..." : String.valueOf((char) (x < 26 ? 'A' + x : 'a' + x - 26));
    }

    private static int countAll(List<List<Integer>> labels, int x) {
        int c = 0;
        for (List<Integer> l : labels) {
            for (int y : l) {
                c += y == x ? 1 : 0;
            }
        }
        return c;
    }

    /**
     * {@code a} (labels la) times {@code b} (labels lb), summed over the labels both have that nothing later needs, as
     * one bmm: [batch, a's own, contracted] x [batch, contracted, b's own]. Labels of one side only that nothing
     * needs are summed first; sizes of 1 broadcast.
     */
    private static Object[] contract(Tensor a, List<Integer> la, Tensor b, List<Integer> lb, List<Integer> needed) {
        Object[] sa = sumAway(a, la, lb, needed);
        Object[] sb = sumAway(b, lb, la, needed);
        a = (Tensor) sa[0];
        b = (Tensor) sb[0];
        @SuppressWarnings("unchecked")
        List<Integer> ra = (List<Integer>) sa[1];
        @SuppressWarnings("unchecked")
        List<Integer> rb = (List<Integer>) sb[1];
        List<Integer> batch = new ArrayList<>();
        List<Integer> con = new ArrayList<>();
        List<Integer> onlyA = new ArrayList<>();
        List<Integer> onlyB = new ArrayList<>();
        for (int x : ra) {
            if (rb.contains(x)) {
                (needed.contains(x) ? batch : con).add(x);
            } else {
                onlyA.add(x);
            }
        }
        for (int x : rb) {
            if (!ra.contains(x)) {
                onlyB.add(x);
            }
        }
        int max = 0;
        for (int x : ra) {
            max = Math.max(max, x);
        }
        for (int x : rb) {
            max = Math.max(max, x);
        }
        int[] sizes = new int[max + 1];
        for (int k = 0; k < ra.size(); k++) {
            sizes[ra.get(k)] = a.shape[k];
        }
        for (int k = 0; k < rb.size(); k++) {
            int x = rb.get(k);
            int s = b.shape[k];
            if (ra.contains(x) && sizes[x] != s && sizes[x] != 1 && s != 1) {
                throw new IllegalArgumentException("einsum(): operands do not broadcast: subscript has size " + s
                        + " for one operand and " + sizes[x] + " for another");
            }
            sizes[x] = ra.contains(x) ? Math.max(sizes[x], s) : s;
        }
        List<Integer> labels = new ArrayList<>(batch);
        labels.addAll(onlyA);
        labels.addAll(onlyB);
        int[] shape = new int[labels.size()];
        for (int k = 0; k < shape.length; k++) {
            shape[k] = sizes[labels.get(k)];
        }
        if (con.isEmpty()) {   // nothing to sum: PyTorch's broadcast product (MulBackward0)
            int[] shapeA = shape.clone();
            int[] shapeB = shape.clone();
            for (int k = 0; k < onlyB.size(); k++) {
                shapeA[batch.size() + onlyA.size() + k] = 1;
            }
            for (int k = 0; k < onlyA.size(); k++) {
                shapeB[batch.size() + k] = 1;
            }
            Tensor xa = arrange(a, ra, batch, onlyA, con, sizes).reshape(shapeA);
            Tensor xb = arrange(b, rb, batch, onlyB, con, sizes).reshape(shapeB);
            return new Object[] {xa.mul(xb), labels};
        }
        Tensor pa = arrange(a, ra, batch, onlyA, con, sizes);
        Tensor pb = arrange(b, rb, batch, con, onlyB, sizes);
        int nb = product(batch, sizes);
        int na = product(onlyA, sizes);
        int nc = product(con, sizes);
        int nbB = product(onlyB, sizes);
        Tensor r = pa.reshape(nb, na, nc).bmm(pb.reshape(nb, nc, nbB));
        return new Object[] {Views.reshape(r, shape, "ViewBackward0"), labels};   // PyTorch views bmm's result
    }

    private static int product(List<Integer> labels, int[] sizes) {
        int p = 1;
        for (int x : labels) {
            p *= sizes[x];
        }
        return p;
    }

    /** {@code t} permuted to the label groups in order, each dim expanded to the common size. */
    private static Tensor arrange(Tensor t, List<Integer> l, List<Integer> g1, List<Integer> g2, List<Integer> g3,
                                  int[] sizes) {
        List<Integer> order = new ArrayList<>(g1);
        order.addAll(g2);
        order.addAll(g3);
        int[] perm = new int[order.size()];
        int[] shape = new int[order.size()];
        for (int k = 0; k < perm.length; k++) {
            perm[k] = l.indexOf(order.get(k));
            shape[k] = sizes[order.get(k)];
        }
        return t.permute(perm).expand(shape);
    }

    /** {@code t}'s labels that neither the other operand nor anything later needs, summed away. */
    private static Object[] sumAway(Tensor t, List<Integer> l, List<Integer> other, List<Integer> needed) {
        List<Integer> dims = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int k = 0; k < l.size(); k++) {
            int x = l.get(k);
            if (!other.contains(x) && !needed.contains(x)) {
                dims.add(k);
            } else {
                kept.add(x);
            }
        }
        if (dims.isEmpty()) {
            return new Object[] {t, l};
        }
        return new Object[] {t.sum(dims.stream().mapToInt(Integer::intValue).toArray(), false), kept};
    }
}
