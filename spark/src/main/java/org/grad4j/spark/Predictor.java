package org.grad4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.grad4j.DType;
import org.grad4j.Device;
import org.grad4j.Tensor;
import org.grad4j.autograd.GradMode;
import org.grad4j.io.Safetensors;
import org.grad4j.nn.Module;

/**
 * Batch inference of a saved model over DataFrames. The safetensors file is read once per executor JVM (and
 * cached there); each concurrently running task gets its own module built by the factory, in eval mode, with
 * those weights. The path must be readable by every executor (a shared file system, or a file shipped with
 * {@code spark-submit --files} and given by name).
 */
public final class Predictor implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Map<String, Tensor>> WEIGHTS = new ConcurrentHashMap<>();
    private static final int CHUNK = 1024;

    private final ModuleFactory model;
    private final String path;

    /**
     * A predictor.
     *
     * @param model builds the architecture
     * @param weights the safetensors file written by {@code Safetensors.save(path, module)}
     */
    public Predictor(ModuleFactory model, String weights) {
        if (model == null || weights == null) {
            throw new IllegalArgumentException("Predictor: expected a model factory and a weights path, got " + model
                    + " and " + weights);
        }
        this.model = model;
        this.path = weights;
    }

    /**
     * Appends a column {@code predictionCol} (array of doubles, the module's output row) computed with
     * {@code mapPartitions}, {@value #CHUNK} rows per forward pass.
     *
     * @param data the rows
     * @param featuresCol the features column, an array of numbers
     * @param predictionCol the name of the new column
     * @return the rows with the prediction appended
     */
    public Dataset<Row> transform(Dataset<Row> data, String featuresCol, String predictionCol) {
        if (data == null || !List.of(data.columns()).contains(featuresCol)) {
            throw new IllegalArgumentException("Predictor.transform: expected a Dataset with column '" + featuresCol
                    + "', got " + (data == null ? "null" : List.of(data.columns())));
        }
        int fi = data.schema().fieldIndex(featuresCol);
        StructType schema = data.schema()
                .add(predictionCol, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        Predictor self = this;
        MapPartitionsFunction<Row, Row> f = rows -> self.predictPartition(rows, fi, featuresCol);
        return data.mapPartitions(f, Encoders.row(schema));
    }

    /**
     * Registers a Spark SQL function {@code name(features) -> array<double>}; e.g.
     * {@code SELECT id, name(features) AS prediction FROM t}.
     *
     * @param spark the session
     * @param name the function's name
     */
    public void register(SparkSession spark, String name) {
        Predictor self = this;
        UDF1<scala.collection.Seq<Object>, double[]> f = features -> {
            double[] x = new double[features.length()];
            for (int k = 0; k < x.length; k++) {
                x[k] = ((Number) features.apply(k)).doubleValue();
            }
            return self.predict(new double[][] {x})[0];
        };
        spark.udf().register(name, f, DataTypes.createArrayType(DataTypes.DoubleType, false));
    }

    private Iterator<Row> predictPartition(Iterator<Row> rows, int fi, String col) {
        List<Row> out = new ArrayList<>();
        List<Row> chunk = new ArrayList<>(CHUNK);
        while (rows.hasNext()) {
            chunk.add(rows.next());
            if (chunk.size() == CHUNK || !rows.hasNext()) {
                double[][] x = new double[chunk.size()][];
                for (int r = 0; r < x.length; r++) {
                    x[r] = Rows.doubles(chunk.get(r), fi, col);
                }
                double[][] y = predict(x);
                for (int r = 0; r < x.length; r++) {
                    Row row = chunk.get(r);
                    Object[] cells = new Object[row.length() + 1];
                    for (int c = 0; c < row.length(); c++) {
                        cells[c] = row.get(c);
                    }
                    cells[row.length()] = y[r];
                    out.add(RowFactory.create(cells));
                }
                chunk.clear();
            }
        }
        return out.iterator();
    }

    /** Runs the model on rows of features (on this JVM, with the cached weights). */
    double[][] predict(double[][] x) {
        Module net = ModulePool.borrow("predict:" + path, this::build);
        try (GradMode.Scope s = GradMode.noGrad()) {
            List<Tensor> ps = net.parameters();
            DType dtype = ps.isEmpty() ? DType.FLOAT64 : ps.get(0).dtype();
            Device device = ps.isEmpty() ? Device.CPU : ps.get(0).device();
            int in = x.length == 0 ? 0 : x[0].length;
            double[] flat = new double[x.length * in];
            for (int r = 0; r < x.length; r++) {
                if (x[r].length != in) {
                    throw new IllegalArgumentException("Predictor: row " + r + " has " + x[r].length
                            + " features, expected " + in + " like row 0");
                }
                System.arraycopy(x[r], 0, flat, r * in, in);
            }
            double[] y = net.forward(Tensor.of(flat, dtype, device, x.length, in)).toDoubleArray();
            int out = x.length == 0 ? 0 : y.length / x.length;
            double[][] rows = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                rows[r] = java.util.Arrays.copyOfRange(y, r * out, (r + 1) * out);
            }
            return rows;
        } finally {
            ModulePool.giveBack("predict:" + path, net);
        }
    }

    private Module build() {
        Module net = model.get();
        Map<String, Tensor> weights = WEIGHTS.computeIfAbsent(path, p -> {
            try {
                return Safetensors.load(Path.of(p));
            } catch (IOException e) {
                throw new UncheckedIOException("Predictor: cannot read the weights " + p, e);
            }
        });
        net.loadStateDict(weights);
        net.eval();
        return net;
    }

    /** How many weight files this JVM has read (for tests: once per executor). */
    static int weightsLoaded() {
        return WEIGHTS.size();
    }
}
