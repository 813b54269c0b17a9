package org.grad4j.spark;

import java.io.Serializable;
import java.util.Iterator;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;

/** One partition's rows as two row-major matrices, built once and cached by Spark. */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int rows;
    final int in;
    final int out;
    final double[] x;
    final double[] y;
    /** The whole partition as tensors, when each step uses every row (then the rows never change order). */
    private transient volatile Tensor[] whole;

    private Block(int partition, int rows, int in, int out, double[] x, double[] y) {
        this.partition = partition;
        this.rows = rows;
        this.in = in;
        this.out = out;
        this.x = x;
        this.y = y;
    }

    static Block of(int partition, Iterator<Sample> it) {
        java.util.List<Sample> list = new java.util.ArrayList<>();
        it.forEachRemaining(list::add);
        if (list.isEmpty()) {
            return new Block(partition, 0, 0, 0, new double[0], new double[0]);
        }
        int in = list.get(0).features().length;
        int out = list.get(0).target().length;
        double[] x = new double[list.size() * in];
        double[] y = new double[list.size() * out];
        for (int r = 0; r < list.size(); r++) {
            Sample s = list.get(r);
            if (s.features().length != in || s.target().length != out) {
                throw new IllegalArgumentException("DataParallel: partition " + partition + " row " + r + " has "
                        + s.features().length + " features and " + s.target().length + " targets; expected " + in
                        + " and " + out + " like its first row");
            }
            System.arraycopy(s.features(), 0, x, r * in, in);
            System.arraycopy(s.target(), 0, y, r * out, out);
        }
        return new Block(partition, list.size(), in, out, x, y);
    }

    /** Rows used at {@code step}: {@code (step * b + j) mod rows} for {@code j < b}, {@code b = min(batch, rows)}. */
    static int rowsPerStep(int batch, int rows) {
        return Math.min(batch, rows);
    }

    /**
     * The step's rows as {@code [b, in]} and {@code [b, out]} tensors. A step that uses the whole partition reuses
     * the tensors made at the first step (Spark keeps the deserialized block in memory between steps).
     */
    Tensor[] tensors(int step, int batch, DType dtype, Device device) {
        int b = rowsPerStep(batch, rows);
        if (b == rows) {
            Tensor[] w = whole;
            if (w == null || w[0].dtype() != dtype || !w[0].device().equals(device)) {
                w = new Tensor[] {Tensor.of(x, dtype, device, b, in), Tensor.of(y, dtype, device, b, out)};
                whole = w;
            }
            return w;
        }
        double[][] xy = slice(step, batch);
        return new Tensor[] {Tensor.of(xy[0], dtype, device, b, in), Tensor.of(xy[1], dtype, device, b, out)};
    }

    double[][] slice(int step, int batch) {
        int b = rowsPerStep(batch, rows);
        double[] xs = new double[b * in];
        double[] ys = new double[b * out];
        long start = (long) step * b;
        for (int j = 0; j < b; j++) {
            int r = (int) ((start + j) % rows);
            System.arraycopy(x, r * in, xs, j * in, in);
            System.arraycopy(y, r * out, ys, j * out, out);
        }
        return new double[][] {xs, ys};
    }
}
