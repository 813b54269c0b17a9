package org.grad4j.spark;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.spark.Dependency;
import org.apache.spark.HashPartitioner;
import org.apache.spark.NarrowDependency;
import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;
import org.apache.spark.TaskKilledException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.grad4j.spark.DataParallel.PartGrad;
import scala.reflect.ClassTag;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * The step mechanism behind {@link DataParallel#directExchange}: one barrier job whose tasks stay connected to the
 * driver over plain TCP for all steps. Each step the driver writes the packed parameters to every task, each task
 * computes its partition's gradient exactly as {@link DataParallel.StepTask} does and writes it back; the driver
 * then sums and steps as in the one-job-per-step mechanism, so both give the same bits.
 *
 * <p>Barrier mode only provides gang scheduling here (all tasks run at once, so a task never waits for a queued
 * sibling); no {@code allGather} or {@code barrier()} is called (each costs up to a second in Spark 4.0.1).
 * A failed barrier job is not retried by Spark (a barrier result stage aborts), so this class resubmits it: the
 * driver never stepped past the failed step, the new tasks receive the same parameters and recompute the same
 * gradients. Every wait can end: the driver watches the job (a failed job closes the sockets), tasks wake every
 * second to notice being killed, and a closed socket fails the other side at once.
 */
final class DirectExchange implements AutoCloseable {
    /** Protocol: a task's hello is {token, attempt, partition}; a step is {step, length, params} (step -1: stop). */
    private static final int POLL_MS = 1000;
    private static final int CONNECT_MS = 30_000;
    private static final System.Logger LOG = System.getLogger("org.grad4j");

    private final JavaRDD<Block> blocks;
    private final int partitions;
    private final String run;
    private final ModuleFactory model;
    private final Loss loss;
    private final int batch;
    private final long globalRows;
    private final int maxAttempts;
    private final long token = new SecureRandom().nextLong();
    private final ServerSocket server;
    private final String host;
    private int attempt = -1;
    private JavaFutureAction<List<Integer>> job;
    private Conn[] conns;
    private Thread watchdog;
    private volatile boolean finishing;
    /** Barrier jobs submitted so far (a test hook: more than one means a failed job was resubmitted). */
    int jobs;

    private record Conn(Socket socket, InputStream in, DataOutputStream out) {
    }

    DirectExchange(JavaSparkContext sc, JavaRDD<Block> blocks, String run, ModuleFactory model, Loss loss, int batch,
            long globalRows) {
        this.partitions = blocks.getNumPartitions();
        this.blocks = sameWidth(blocks.rdd(), partitions) ? blocks
                // one Block per partition, keyed by its index: the shuffle moves whole blocks, rows keep their order
                : blocks.mapToPair(b -> new Tuple2<>(b.partition, b)).partitionBy(new HashPartitioner(partitions))
                        .values();
        this.run = run;
        this.model = model;
        this.loss = loss;
        this.batch = batch;
        this.globalRows = globalRows;
        SparkConf conf = sc.getConf();
        this.maxAttempts = Math.max(1, conf.getInt("spark.task.maxFailures", 4));
        this.host = conf.get("spark.driver.host", "localhost");
        String bind = conf.get("spark.driver.bindAddress", null);
        try {
            ServerSocket s = new ServerSocket();
            s.bind(bind == null ? new InetSocketAddress(0) : new InetSocketAddress(InetAddress.getByName(bind), 0));
            this.server = s;
        } catch (IOException e) {
            throw new IllegalStateException("DataParallel.directExchange: cannot open a server socket on the driver"
                    + (bind == null ? "" : " at spark.driver.bindAddress " + bind) + ": " + e, e);
        }
    }

    /**
     * Whether every RDD in {@code rdd}'s stage has {@code n} partitions: Spark refuses a barrier stage over any other
     * chain (a {@code union}, a {@code coalesce}), and then the blocks go through a shuffle first.
     */
    static boolean sameWidth(RDD<?> rdd, int n) {
        if (rdd.getNumPartitions() != n) {
            return false;
        }
        for (Dependency<?> d : scala.jdk.javaapi.CollectionConverters.asJava(rdd.dependencies())) {
            if (d instanceof NarrowDependency && !sameWidth(d.rdd(), n)) {
                return false;
            }
        }
        return true;
    }

    /** The partitions' gradients for {@code step} from {@code params}, resubmitting the job after a failure. */
    List<PartGrad> step(int step, byte[] params) {
        int failures = 0;
        while (true) {
            try {
                if (conns == null) {
                    start();
                }
                return exchange(step, params);
            } catch (IOException | RuntimeException e) {
                Throwable cause = abort(e);
                if (barrierRefused(cause)) {
                    throw new IllegalStateException("DataParallel.directExchange: Spark cannot run the " + partitions
                            + " partitions as one barrier job (it needs " + partitions + " free task slots at "
                            + "once and no dynamic allocation; or use one job per step, directExchange(false)): "
                            + cause.getMessage(), cause);
                }
                if (++failures >= maxAttempts) {
                    throw new IllegalStateException("DataParallel.directExchange: step " + step + " failed in "
                            + failures + " barrier job(s) in a row (spark.task.maxFailures = " + maxAttempts
                            + "); last failure: " + cause, cause);
                }
                // the one trace of a resubmission in the driver's log (Spark logs only the failed job)
                LOG.log(System.Logger.Level.WARNING, "grad4j: DataParallel.directExchange: barrier job failed at step "
                        + step + ", resubmitting it from that step (" + failures + " of at most " + (maxAttempts - 1)
                        + " resubmissions): " + cause);
            }
        }
    }

    /** Spark's refusals to schedule a barrier job at all (too few slots, dynamic allocation): retrying is futile. */
    private static boolean barrierRefused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("org.apache.spark.scheduler.BarrierJob")) {
                return true;
            }
        }
        return false;
    }

    private void start() throws IOException {
        attempt++;
        jobs++;
        finishing = false;
        DirectTask task = new DirectTask(host, server.getLocalPort(), token, attempt, run, model, loss, batch,
                globalRows);
        scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<Integer>> fn =
                (scala.Function1<scala.collection.Iterator<Block>, scala.collection.Iterator<Integer>> & Serializable)
                it -> scala.jdk.javaapi.CollectionConverters.asScala(
                        task.run(scala.jdk.javaapi.CollectionConverters.asJava(it)));
        ClassTag<Integer> tag = ClassTag$.MODULE$.apply(Integer.class);
        job = new JavaRDD<>(blocks.rdd().barrier().mapPartitions(fn, false, tag), tag).collectAsync();
        Conn[] c = new Conn[partitions];
        List<Conn> all = new ArrayList<>();
        try {
            int connected = 0;
            server.setSoTimeout(POLL_MS / 5);
            while (connected < partitions) {
                Socket s;
                try {
                    s = server.accept();
                } catch (SocketTimeoutException e) {
                    if (job.isDone()) {
                        throw new IllegalStateException("the barrier job ended before all " + partitions
                                + " tasks connected", jobFailure());
                    }
                    continue;
                }
                s.setTcpNoDelay(true);
                s.setSoTimeout(CONNECT_MS);
                Conn conn = new Conn(s, s.getInputStream(),
                        new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16)));
                all.add(conn);
                ByteBuffer hello;
                try {
                    hello = ByteBuffer.wrap(readFully(conn.in, 16, null));
                } catch (IOException e) {
                    s.close(); // not one of our tasks (ours send their hello at once)
                    continue;
                }
                long tok = hello.getLong();
                int att = hello.getInt();
                int part = hello.getInt();
                if (tok != token || att != attempt || part < 0 || part >= partitions || c[part] != null) {
                    s.close(); // a stale task of an earlier job, or a stranger
                    continue;
                }
                s.setSoTimeout(0); // the watchdog ends waits when the job ends
                c[part] = conn;
                connected++;
            }
        } catch (IOException | RuntimeException e) {
            for (Conn conn : all) {
                closeQuietly(conn.socket);
            }
            throw e;
        }
        conns = c;
        Conn[] watched = c;
        JavaFutureAction<List<Integer>> watchedJob = job;
        watchdog = new Thread(() -> {
            while (!watchedJob.isDone()) {
                try {
                    Thread.sleep(POLL_MS / 5);
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (!finishing) { // the job ended while the driver may be blocked on a socket: unblock it
                for (Conn conn : watched) {
                    closeQuietly(conn.socket);
                }
            }
        }, "grad4j-direct-exchange-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private List<PartGrad> exchange(int step, byte[] params) throws IOException {
        for (Conn conn : conns) {
            conn.out.writeInt(step);
            conn.out.writeInt(params.length);
            conn.out.write(params);
            conn.out.flush();
        }
        List<PartGrad> parts = new ArrayList<>(partitions);
        for (Conn conn : conns) {
            ByteBuffer head = ByteBuffer.wrap(readFully(conn.in, 24, null));
            int part = head.getInt();
            double l = head.getDouble();
            long nanos = head.getLong();
            int len = head.getInt();
            parts.add(new PartGrad(part, l, len < 0 ? null : readFully(conn.in, len, null), nanos));
        }
        return parts;
    }

    /**
     * Ends the job after the last step: tells the tasks to stop and waits for the job. Best effort: every step's
     * result is already on the driver, so a job that fails now (an executor lost after the last step) changes
     * nothing and is not an error.
     */
    void finish() {
        if (conns == null) {
            return;
        }
        finishing = true;
        try {
            for (Conn conn : conns) {
                conn.out.writeInt(-1);
                conn.out.writeInt(0);
                conn.out.flush();
            }
            job.get();
            job = null;
        } catch (IOException | ExecutionException | RuntimeException e) {
            // see above: close() cancels what is left
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeConns();
        }
    }

    /** Cancels the current job (if any) and closes its sockets; returns the job's failure, or {@code e}. */
    private Throwable abort(Throwable e) {
        finishing = true;
        closeConns();
        if (job == null) {
            return e;
        }
        Throwable cause = job.isDone() ? jobFailure() : null;
        if (!job.isDone()) {
            job.cancel(true);
        }
        try {
            job.get();
        } catch (Exception ignored) {
            // cancelled or failed: either way it is over
        }
        job = null;
        return cause != null ? cause : e;
    }

    private Throwable jobFailure() {
        try {
            job.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (Exception e) {
            return e;
        }
    }

    private void closeConns() {
        if (conns != null) {
            for (Conn conn : conns) {
                if (conn != null) {
                    closeQuietly(conn.socket);
                }
            }
            conns = null;
        }
        if (watchdog != null) {
            watchdog.interrupt();
            watchdog = null;
        }
    }

    @Override
    public void close() {
        if (conns != null || job != null) {
            abort(null);
        }
        closeQuietly(server);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing is best effort
        }
    }

    /**
     * Reads {@code n} bytes. A socket with a read timeout wakes every second: then {@code ctx} (a task's context, or
     * null on the driver) is checked for having been killed, and the read goes on.
     */
    static byte[] readFully(InputStream in, int n, TaskContext ctx) throws IOException {
        byte[] b = new byte[n];
        int off = 0;
        while (off < n) {
            int r;
            try {
                r = in.read(b, off, n - off);
            } catch (SocketTimeoutException e) {
                if (ctx == null) {
                    throw e;
                }
                if (ctx.isInterrupted()) {
                    throw new TaskKilledException("DataParallel.directExchange: task killed while waiting");
                }
                continue;
            }
            if (r < 0) {
                throw new IOException("DataParallel.directExchange: connection closed after " + off + " of " + n
                        + " bytes");
            }
            off += r;
        }
        return b;
    }

    /** The executor side: connects to the driver and computes one gradient per step until told to stop. */
    static final class DirectTask implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String host;
        private final int port;
        private final long token;
        private final int attempt;
        private final String run;
        private final ModuleFactory model;
        private final Loss loss;
        private final int batch;
        private final long globalRows;

        DirectTask(String host, int port, long token, int attempt, String run, ModuleFactory model, Loss loss,
                int batch, long globalRows) {
            this.host = host;
            this.port = port;
            this.token = token;
            this.attempt = attempt;
            this.run = run;
            this.model = model;
            this.loss = loss;
            this.batch = batch;
            this.globalRows = globalRows;
        }

        Iterator<Integer> run(Iterator<Block> it) {
            Block block = it.next();
            TaskContext ctx = TaskContext.get();
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), CONNECT_MS);
                s.setTcpNoDelay(true);
                s.setSoTimeout(POLL_MS);
                InputStream in = s.getInputStream();
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
                out.writeLong(token);
                out.writeInt(attempt);
                out.writeInt(block.partition);
                out.flush();
                while (true) {
                    ByteBuffer head = ByteBuffer.wrap(readFully(in, 8, ctx));
                    int step = head.getInt();
                    int len = head.getInt();
                    if (step < 0) {
                        break;
                    }
                    byte[] params = readFully(in, len, ctx);
                    PartGrad g = DataParallel.StepTask.compute(run, model, loss, params, step, batch, globalRows,
                            block);
                    out.writeInt(g.partition());
                    out.writeDouble(g.loss());
                    out.writeLong(g.computeNanos());
                    out.writeInt(g.grads() == null ? -1 : g.grads().length);
                    if (g.grads() != null) {
                        out.write(g.grads());
                    }
                    out.flush();
                }
            } catch (IOException e) {
                throw new IllegalStateException("DataParallel.directExchange: partition " + block.partition
                        + " could not reach, or lost, the driver at " + host + ":" + port + " (spark.driver.host; "
                        + "executors must be able to connect to the driver on any port): " + e, e);
            }
            return List.of(block.partition).iterator();
        }
    }
}
