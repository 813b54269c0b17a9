package org.grad4j.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The zip container of {@code torch.save} (PyTorch's {@code PyTorchStreamWriter}, built on miniz): stored
 * (uncompressed) entries, each local header padded with an extra field {@code "FB"} of {@code 'Z'} bytes so the
 * data starts at a multiple of 64, the sizes and CRC in a data descriptor after the data, a zero date and time,
 * and a zip64 end record before the classic one. Reading accepts any zip whose entries are stored (zip64 or
 * not) and checks every offset, size and CRC.
 */
final class TorchZip {
    static final int ALIGNMENT = 64;
    private static final int LOCAL = 0x04034b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int END = 0x06054b50;
    private static final int END64 = 0x06064b50;
    private static final int LOCATOR64 = 0x07064b50;
    private static final int DESCRIPTOR = 0x08074b50;
    private static final int FLAGS = 0x0808;   // sizes in a data descriptor; UTF-8 names
    private static final int FLAGS_EMPTY = 0x0800;   // an empty record: no descriptor (its zero sizes are final)

    private TorchZip() {
    }

    // ------------------------------------------------------------------ reading

    /** Random access to the archive's bytes: a file, or a stream read into memory. */
    interface Source extends Closeable {
        long size() throws IOException;

        /** Reads exactly {@code dst.remaining()} bytes at {@code pos}, or throws. */
        void read(long pos, ByteBuffer dst) throws IOException;
    }

    static Source of(FileChannel ch) {
        return new Source() {
            @Override
            public long size() throws IOException {
                return ch.size();
            }

            @Override
            public void read(long pos, ByteBuffer dst) throws IOException {
                while (dst.hasRemaining()) {
                    int n = ch.read(dst, pos);
                    if (n < 0) {
                        throw new IOException("unexpected end of file at byte " + pos);
                    }
                    pos += n;
                }
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }

    static Source of(byte[] bytes) {
        return new Source() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public void read(long pos, ByteBuffer dst) throws IOException {
                if (pos < 0 || pos + dst.remaining() > bytes.length) {
                    throw new IOException("unexpected end of data at byte " + pos);
                }
                dst.put(bytes, (int) pos, dst.remaining());
            }

            @Override
            public void close() {
            }
        };
    }

    /** One stored entry: where its data lies and its CRC. */
    record Entry(String name, long dataStart, long size, int crc) {
    }

    /** Receives an entry's data in chunks (little-endian buffers). */
    interface Chunks {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** The entries of a zip archive, by name in central-directory order. */
    static final class Reader {
        private final Source src;
        private final String where;
        final Map<String, Entry> entries;

        Reader(Source src, String where) throws IOException {
            this.src = src;
            this.where = where;
            this.entries = readDirectory();
        }

        private IOException bad(String what) {
            return new IOException(where + ": " + what);
        }

        private ByteBuffer at(long pos, int n) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            try {
                src.read(pos, b);
            } catch (IOException e) {
                throw bad(e.getMessage() + " (truncated or corrupted)");
            }
            return b.flip();
        }

        private Map<String, Entry> readDirectory() throws IOException {
            long size = src.size();
            if (size < 22) {
                throw bad("file is " + size + " bytes, too short for a zip archive (truncated or not a torch.save file)");
            }
            int tail = (int) Math.min(size, 22 + 65535);
            ByteBuffer t = at(size - tail, tail);
            int eocd = -1;
            for (int i = tail - 22; i >= 0; i--) {
                if (t.getInt(i) == END) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw bad("no zip end-of-central-directory record (truncated, or not a torch.save zip archive)");
            }
            long count = t.getShort(eocd + 10) & 0xFFFF;
            long cdSize = t.getInt(eocd + 12) & 0xFFFFFFFFL;
            long cdOffset = t.getInt(eocd + 16) & 0xFFFFFFFFL;
            long eocdPos = size - tail + eocd;
            if (eocdPos >= 20 && at(eocdPos - 20, 4).getInt(0) == LOCATOR64) {
                long end64 = at(eocdPos - 20, 20).getLong(8);
                if (end64 < 0 || end64 > eocdPos - 20 - 56) {
                    throw bad("zip64 end record offset " + end64 + " lies outside the file (corrupted)");
                }
                ByteBuffer z = at(end64, 56);
                if (z.getInt(0) != END64) {
                    throw bad("no zip64 end record at offset " + end64 + " (corrupted)");
                }
                count = z.getLong(32);
                cdSize = z.getLong(40);
                cdOffset = z.getLong(48);
            }
            if (cdOffset < 0 || cdSize < 0 || cdOffset > eocdPos || cdSize > eocdPos - cdOffset) {
                throw bad("central directory [" + cdOffset + ", +" + cdSize + ") lies outside the file of " + size
                        + " bytes (truncated or corrupted)");
            }
            if (count < 0 || count > cdSize / 46) {
                throw bad(count + " entries cannot fit in a central directory of " + cdSize + " bytes (corrupted)");
            }
            ByteBuffer cd = at(cdOffset, (int) Math.min(cdSize, Integer.MAX_VALUE - 8));
            Map<String, Entry> out = new LinkedHashMap<>();
            int p = 0;
            for (long k = 0; k < count; k++) {
                if (p + 46 > cd.limit() || cd.getInt(p) != CENTRAL) {
                    throw bad("central directory entry " + k + " is malformed (corrupted)");
                }
                int method = cd.getShort(p + 10) & 0xFFFF;
                int crc = cd.getInt(p + 16);
                long csize = cd.getInt(p + 20) & 0xFFFFFFFFL;
                long usize = cd.getInt(p + 24) & 0xFFFFFFFFL;
                int nameLen = cd.getShort(p + 28) & 0xFFFF;
                int extraLen = cd.getShort(p + 30) & 0xFFFF;
                int commentLen = cd.getShort(p + 32) & 0xFFFF;
                long local = cd.getInt(p + 42) & 0xFFFFFFFFL;
                if (p + 46L + nameLen + extraLen + commentLen > cd.limit()) {
                    throw bad("central directory entry " + k + " runs past the directory (corrupted)");
                }
                byte[] nameBytes = new byte[nameLen];
                cd.get(p + 46, nameBytes);
                String name = new String(nameBytes, StandardCharsets.UTF_8);
                // zip64: the fields saturated at 0xFFFFFFFF are in extra field 0x0001, in this order.
                int e = p + 46 + nameLen;
                int eEnd = e + extraLen;
                while (e + 4 <= eEnd) {
                    int id = cd.getShort(e) & 0xFFFF;
                    int len = cd.getShort(e + 2) & 0xFFFF;
                    if (e + 4 + len > eEnd) {
                        break;
                    }
                    if (id == 1) {
                        int q = e + 4;
                        if (usize == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                            usize = cd.getLong(q);
                            q += 8;
                        }
                        if (csize == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                            csize = cd.getLong(q);
                            q += 8;
                        }
                        if (local == 0xFFFFFFFFL && q + 8 <= e + 4 + len) {
                            local = cd.getLong(q);
                        }
                    }
                    e += 4 + len;
                }
                p += 46 + nameLen + extraLen + commentLen;
                if (method != 0) {
                    throw bad("entry '" + name + "' is compressed (method " + method + "); torch.save writes stored entries");
                }
                if (csize != usize) {
                    throw bad("entry '" + name + "' is stored but its sizes differ (" + csize + " vs " + usize + ")");
                }
                if (local < 0 || local > cdOffset - 30) {
                    throw bad("entry '" + name + "' has its local header at " + local + ", outside the data (corrupted)");
                }
                ByteBuffer lh = at(local, 30);
                if (lh.getInt(0) != LOCAL) {
                    throw bad("entry '" + name + "' has no local header at offset " + local + " (corrupted)");
                }
                long dataStart = local + 30 + (lh.getShort(26) & 0xFFFF) + (lh.getShort(28) & 0xFFFF);
                if (usize < 0 || dataStart > cdOffset || usize > cdOffset - dataStart) {
                    throw bad("entry '" + name + "' of " + usize + " bytes at offset " + dataStart
                            + " runs past the end of the data (truncated or corrupted)");
                }
                if (out.put(name, new Entry(name, dataStart, usize, crc)) != null) {
                    throw bad("entry '" + name + "' appears twice");
                }
            }
            return out;
        }

        /** Streams an entry's data in chunks of at most {@code chunk} bytes, then checks its CRC. */
        void read(Entry e, int chunk, Chunks sink) throws IOException {
            CRC32 crc = new CRC32();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(1, Math.min(chunk, e.size))).order(ByteOrder.LITTLE_ENDIAN);
            for (long done = 0; done < e.size; ) {
                int n = (int) Math.min(buf.capacity(), e.size - done);
                buf.clear().limit(n);
                try {
                    src.read(e.dataStart + done, buf);
                } catch (IOException x) {
                    throw bad("entry '" + e.name + "': " + x.getMessage() + " (truncated or corrupted)");
                }
                buf.flip();
                crc.update(buf.duplicate());
                sink.accept(buf);
                done += n;
            }
            if ((int) crc.getValue() != e.crc) {
                throw bad("entry '" + e.name + "' fails its CRC check (corrupted)");
            }
        }

        /** An entry's whole data, for the small records (data.pkl, version, byteorder). */
        byte[] readAll(Entry e) throws IOException {
            if (e.size > Integer.MAX_VALUE - 8) {
                throw bad("entry '" + e.name + "' has " + e.size + " bytes, too large to read");
            }
            byte[] out = new byte[(int) e.size];
            int[] at = {0};
            read(e, 1 << 20, b -> {
                int n = b.remaining();
                b.get(out, at[0], n);
                at[0] += n;
            });
            return out;
        }
    }

    // ------------------------------------------------------------------ writing

    /** Writes an entry's data to the stream it is given. */
    interface Data {
        void write(OutputStream out) throws IOException;
    }

    /** Writes entries as PyTorch's stream writer does; {@link #finish} writes the directory. */
    static final class Writer {
        private final OutputStream out;
        private long pos;
        private final List<long[]> central = new ArrayList<>();   // {offset, crc, size}
        private final List<byte[]> names = new ArrayList<>();

        Writer(OutputStream out) {
            this.out = out;
        }

        private final ByteBuffer scratch = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);

        private void raw(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            pos += len;
        }

        private void flushScratch() throws IOException {
            raw(scratch.array(), 0, scratch.position());
            scratch.clear();
        }

        /** The padding after a local header so the data starts at a multiple of 64 (the "FB" field's length). */
        static int padding(long offset, int nameLength) {
            long start = offset + 30 + nameLength + 4;
            long mod = start % ALIGNMENT;
            return mod == 0 ? 0 : (int) (ALIGNMENT - mod);
        }

        void entry(String name, long size, Data data) throws IOException {
            byte[] n = name.getBytes(StandardCharsets.UTF_8);
            long offset = pos;
            int pad = padding(offset, n.length);
            int flags = size == 0 ? FLAGS_EMPTY : FLAGS;
            scratch.putInt(LOCAL).putShort((short) 0).putShort((short) flags).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(0).putInt(0)
                    .putShort((short) n.length).putShort((short) (4 + pad));
            flushScratch();
            raw(n, 0, n.length);
            byte[] extra = new byte[4 + pad];
            extra[0] = 'F';
            extra[1] = 'B';
            extra[2] = (byte) pad;
            extra[3] = (byte) (pad >>> 8);
            java.util.Arrays.fill(extra, 4, extra.length, (byte) 'Z');
            raw(extra, 0, extra.length);
            CRC32 crc = new CRC32();
            long[] count = {0};
            data.write(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    crc.update(b, off, len);
                    count[0] += len;
                    raw(b, off, len);
                }
            });
            if (count[0] != size) {
                throw new IllegalStateException("TorchZip: entry '" + name + "' wrote " + count[0] + " bytes, expected " + size);
            }
            if (size > 0) {
                scratch.putInt(DESCRIPTOR).putInt((int) crc.getValue()).putInt((int) size).putInt((int) size);
                flushScratch();
            }
            central.add(new long[] {offset, crc.getValue(), size});
            names.add(n);
        }

        void finish() throws IOException {
            long cdStart = pos;
            for (int i = 0; i < central.size(); i++) {
                long[] c = central.get(i);
                byte[] n = names.get(i);
                scratch.putInt(CENTRAL).putShort((short) 0).putShort((short) 0)
                        .putShort((short) (c[2] == 0 ? FLAGS_EMPTY : FLAGS))
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt((int) c[1])
                        .putInt((int) c[2]).putInt((int) c[2]).putShort((short) n.length).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) c[0]);
                flushScratch();
                raw(n, 0, n.length);
            }
            long cdSize = pos - cdStart;
            long end64 = pos;
            scratch.putInt(END64).putLong(44).putShort((short) 0x031e).putShort((short) 0x2d).putInt(0).putInt(0)
                    .putLong(central.size()).putLong(central.size()).putLong(cdSize).putLong(cdStart);
            flushScratch();
            scratch.putInt(LOCATOR64).putInt(0).putLong(end64).putInt(1);
            flushScratch();
            scratch.putInt(END).putShort((short) 0).putShort((short) 0).putShort((short) central.size())
                    .putShort((short) central.size()).putInt((int) cdSize).putInt((int) cdStart).putShort((short) 0);
            flushScratch();
            out.flush();
        }
    }
}
