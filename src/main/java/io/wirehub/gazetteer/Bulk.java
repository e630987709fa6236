package io.wirehub.gazetteer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Bulk reads and writes of primitive arrays, so that loading the gazetteer is a few large copies. */
final class Bulk {
    private Bulk() {
    }

    private static final int MAX = 200_000_000;

    static void writeInts(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(a.length * 4);
        b.asIntBuffer().put(a);
        out.write(b.array());
    }

    static int[] readInts(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX || (expected >= 0 && n != expected)) {
            throw new IOException("corrupt gazetteer file (array of " + n + ")");
        }
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        int[] a = new int[n];
        ByteBuffer.wrap(raw).asIntBuffer().get(a);
        return a;
    }

    static void writeLongs(DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(a.length * 8);
        b.asLongBuffer().put(a);
        out.write(b.array());
    }

    static long[] readLongs(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX || (expected >= 0 && n != expected)) {
            throw new IOException("corrupt gazetteer file (array of " + n + ")");
        }
        byte[] raw = new byte[n * 8];
        in.readFully(raw);
        long[] a = new long[n];
        ByteBuffer.wrap(raw).asLongBuffer().get(a);
        return a;
    }

    static void writeBytes(DataOutputStream out, byte[] a) throws IOException {
        out.writeInt(a.length);
        out.write(a);
    }

    static byte[] readBytes(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX || (expected >= 0 && n != expected)) {
            throw new IOException("corrupt gazetteer file (array of " + n + ")");
        }
        byte[] a = new byte[n];
        in.readFully(a);
        return a;
    }

    static void writeChars(DataOutputStream out, char[] a) throws IOException {
        out.writeInt(a.length);
        ByteBuffer b = ByteBuffer.allocate(a.length * 2);
        b.asCharBuffer().put(a);
        out.write(b.array());
    }

    static char[] readChars(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX) {
            throw new IOException("corrupt gazetteer file (array of " + n + ")");
        }
        byte[] raw = new byte[n * 2];
        in.readFully(raw);
        char[] a = new char[n];
        ByteBuffer.wrap(raw).asCharBuffer().get(a);
        return a;
    }

    static void writeStrings(DataOutputStream out, String[] a) throws IOException {
        out.writeInt(a.length);
        for (String s : a) {
            out.writeUTF(s);
        }
    }

    static String[] readStrings(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX) {
            throw new IOException("corrupt gazetteer file (array of " + n + ")");
        }
        String[] a = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readUTF().intern();
        }
        return a;
    }
}
