package org.grad4j.spark;

import java.util.List;
import org.apache.spark.sql.Row;

/** Reads numeric and array-of-numeric cells as double arrays. */
final class Rows {
    private Rows() {
    }

    static double[] doubles(Row row, int i, String col) {
        Object v = row.get(i);
        if (v instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (v instanceof scala.collection.Seq<?>) {
            List<Object> list = row.getList(i);
            double[] out = new double[list.size()];
            for (int k = 0; k < out.length; k++) {
                Object e = list.get(k);
                if (!(e instanceof Number n)) {
                    throw new IllegalArgumentException("column '" + col + "': expected numbers, got " + e + " at "
                            + k);
                }
                out[k] = n.doubleValue();
            }
            return out;
        }
        throw new IllegalArgumentException("column '" + col + "': expected a number or an array of numbers, got "
                + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
    }
}
