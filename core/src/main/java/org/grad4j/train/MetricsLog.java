package org.grad4j.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of named metrics (per step or per epoch), kept in memory and written as CSV: a header line of the
 * column names, then one line per row. Integral values print without a fraction ({@code 3}), others as
 * Java's shortest round-tripping decimal ({@code 0.41234567}), NaN as {@code nan}, so the file reads back
 * exactly (with {@code pandas.read_csv} too).
 */
public final class MetricsLog {
    private final String[] columns;
    private final List<double[]> rows = new ArrayList<>();

    /**
     * A log with the given columns.
     *
     * @param columns the column names, at least one, none empty or containing a comma, quote or line break
     * @throws IllegalArgumentException if a name is missing or not CSV-safe, or names repeat
     */
    public MetricsLog(String... columns) {
        if (columns == null || columns.length == 0) {
            throw new IllegalArgumentException("MetricsLog: expected at least one column name");
        }
        for (int i = 0; i < columns.length; i++) {
            String c = columns[i];
            if (c == null || c.isEmpty() || c.matches(".*[,\"\\r\\n].*")) {
                throw new IllegalArgumentException("MetricsLog: column " + i + " is " + (c == null ? "null" : "'" + c + "'")
                        + "; expected a non-empty name without commas, quotes or line breaks");
            }
            for (int j = 0; j < i; j++) {
                if (columns[j].equals(c)) {
                    throw new IllegalArgumentException("MetricsLog: column '" + c + "' appears twice in "
                            + Arrays.toString(columns));
                }
            }
        }
        this.columns = columns.clone();
    }

    /**
     * Appends a row.
     *
     * @param values one value per column, in the columns' order
     * @throws IllegalArgumentException if the number of values differs from the number of columns
     */
    public void add(double... values) {
        if (values == null || values.length != columns.length) {
            throw new IllegalArgumentException("MetricsLog.add: got " + (values == null ? 0 : values.length)
                    + " values for the " + columns.length + " columns " + Arrays.toString(columns));
        }
        rows.add(values.clone());
    }

    /** @return the column names (a copy) */
    public String[] columns() {
        return columns.clone();
    }

    /** @return the number of rows */
    public int size() {
        return rows.size();
    }

    /**
     * The values of one column, in row order.
     *
     * @param name a column name
     * @return a new array of {@link #size()} values
     * @throws IllegalArgumentException if there is no such column
     */
    public double[] column(String name) {
        int k = Arrays.asList(columns).indexOf(name);
        if (k < 0) {
            throw new IllegalArgumentException("MetricsLog.column: no column '" + name + "'; columns are "
                    + Arrays.toString(columns));
        }
        double[] v = new double[rows.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = rows.get(i)[k];
        }
        return v;
    }

    /**
     * Writes the log as CSV, creating the parent directories; replaces an existing file.
     *
     * @param file the file to write
     * @throws IOException if writing fails
     */
    public void writeCsv(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", columns));
            w.write('\n');
            StringBuilder line = new StringBuilder();
            for (double[] row : rows) {
                line.setLength(0);
                for (int k = 0; k < row.length; k++) {
                    line.append(k > 0 ? "," : "").append(format(row[k]));
                }
                w.write(line.append('\n').toString());
            }
        }
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }
}
